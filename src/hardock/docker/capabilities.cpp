#include "hardock/docker/capabilities.h"

#include <algorithm>
#include <cctype>

namespace hardock::docker {

std::string normalize_capability(std::string_view name) {
  while (!name.empty() && std::isspace(static_cast<unsigned char>(name.front()))) {
    name.remove_prefix(1);
  }
  while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) {
    name.remove_suffix(1);
  }
  std::string upper;
  upper.reserve(name.size());
  for (char ch : name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (upper.starts_with("CAP_")) upper.erase(0, 4);
  return upper;
}

bool is_default_capability(std::string_view name) {
  return std::find(kDefaultCapabilities.begin(), kDefaultCapabilities.end(), name) !=
         kDefaultCapabilities.end();
}

bool is_known_capability(std::string_view name) {
  return std::find(kAllCapabilities.begin(), kAllCapabilities.end(), name) !=
         kAllCapabilities.end();
}

std::set<std::string> effective_capabilities(const std::vector<std::string>& cap_add,
                                             const std::vector<std::string>& cap_drop,
                                             bool privileged) {
  std::set<std::string> add;
  std::set<std::string> drop;
  for (const auto& name : cap_add) add.insert(normalize_capability(name));
  for (const auto& name : cap_drop) drop.insert(normalize_capability(name));
  add.erase("");
  drop.erase("");
  std::set<std::string> effective;
  if (privileged) {
    effective.insert(kAllCapabilities.begin(), kAllCapabilities.end());
    for (const auto& name : add) {
      if (name != "ALL") effective.insert(name);
    }
    return effective;
  }
  if (add.contains("ALL")) {
    for (auto name : kAllCapabilities) {
      if (!drop.contains(std::string(name))) effective.emplace(name);
    }
    for (const auto& name : add) {
      if (name != "ALL" && !drop.contains(name)) effective.insert(name);
    }
    return effective;
  }
  if (!drop.contains("ALL")) {
    for (auto name : kDefaultCapabilities) {
      if (!drop.contains(std::string(name))) effective.emplace(name);
    }
  }
  effective.insert(add.begin(), add.end());
  return effective;
}

std::vector<std::string> capabilities_beyond_default(const std::set<std::string>& effective) {
  std::vector<std::string> extra;
  for (const auto& name : effective) {
    if (!is_default_capability(name)) extra.push_back(name);
  }
  return extra;
}

bool keeps_all_default_capabilities(const std::set<std::string>& effective) {
  return std::all_of(kDefaultCapabilities.begin(), kDefaultCapabilities.end(),
                     [&](std::string_view name) { return effective.contains(std::string(name)); });
}

}  // namespace hardock::docker
