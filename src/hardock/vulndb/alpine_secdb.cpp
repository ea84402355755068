#include "hardock/vulndb/alpine_secdb.h"

#include <map>
#include <nlohmann/json.hpp>
#include <vector>

#include "hardock/io/bounded_read.h"
#include "hardock/io/json_guard.h"
#include "hardock/vulndb/feed_text.h"

namespace hardock::vulndb {
namespace alpine_secdb_detail {

using nlohmann::json;

constexpr std::size_t kMaxDepth = 16;

struct IdEntry {
  std::vector<std::string> aliases;
  std::vector<std::string> fixed_versions;
};

}  // namespace alpine_secdb_detail

core::Result<std::size_t> decode_alpine_secdb(std::string_view text, std::string_view name,
                                              ImportSink& sink) {
  using alpine_secdb_detail::json;
  const auto fail = [&](const std::string& problem) {
    return core::fail(core::ErrorCode::kMalformedInput, shown_path(name) + ": " + problem);
  };
  if (text.size() > kMaxSecdbFileBytes) return fail("larger than 64 MiB");
  if (auto nesting = io::json_nesting_error(text, alpine_secdb_detail::kMaxDepth);
      !nesting.empty()) {
    return fail(nesting);
  }
  const json root = json::parse(text, nullptr, false);
  if (root.is_discarded()) return fail("not valid JSON");
  if (!root.is_object()) return fail("not a JSON object (an Alpine secdb document)");
  auto distroversion = root.find("distroversion");
  if (distroversion == root.end() || !distroversion->is_string()) {
    return fail("distroversion is missing or not a string");
  }
  const std::string release = distroversion->get<std::string>();
  if (auto problem = name_problem(release); !problem.empty()) {
    return fail("distroversion " + problem);
  }
  const std::string ecosystem = "Alpine:" + release;
  auto packages = root.find("packages");
  if (packages == root.end() || packages->is_null()) return std::size_t{0};
  if (!packages->is_array()) return fail("packages is not an array");
  std::size_t advisories = 0;
  for (std::size_t index = 0; index < packages->size(); ++index) {
    const json& entry = (*packages)[index];
    const std::string at = "packages[" + std::to_string(index) + "]";
    if (!entry.is_object()) return fail(at + " is not an object");
    auto pkg = entry.find("pkg");
    if (pkg == entry.end() || !pkg->is_object()) return fail(at + ".pkg is not an object");
    auto package_name = pkg->find("name");
    if (package_name == pkg->end() || !package_name->is_string()) {
      return fail(at + ".pkg.name is missing or not a string");
    }
    const std::string package = package_name->get<std::string>();
    if (auto problem = name_problem(package); !problem.empty()) {
      return fail(at + ".pkg.name " + problem);
    }
    auto secfixes = pkg->find("secfixes");
    if (secfixes == pkg->end() || secfixes->is_null()) continue;
    if (!secfixes->is_object())
      return fail("package " + shown(package) + ": secfixes is not an object");
    // By id, in the order first seen: one advisory per id and package.
    std::map<std::string, alpine_secdb_detail::IdEntry> ids;
    std::vector<std::string> order;
    for (const auto& [version, list] : secfixes->items()) {
      const std::string where = "package " + shown(package) + ", version " + shown(version);
      if (auto problem = name_problem(version); !problem.empty())
        return fail(where + ": " + problem);
      if (!list.is_array() && !list.is_null()) return fail(where + ": not an array of ids");
      if (version == "0") continue;  // never affected
      for (const json& value : list.is_null() ? json::array() : list) {
        if (!value.is_string()) return fail(where + ": an id is not a string");
        const std::string& line = value.get_ref<const std::string&>();
        std::vector<std::string> tokens;
        std::size_t start = 0;
        while (start < line.size()) {
          const std::size_t space = line.find_first_of(" \t", start);
          const std::size_t stop = space == std::string::npos ? line.size() : space;
          if (stop > start) tokens.push_back(line.substr(start, stop - start));
          start = stop + 1;
        }
        if (tokens.empty()) return fail(where + ": an empty id");
        for (const std::string& token : tokens) {
          if (auto problem = name_problem(token); !problem.empty()) {
            return fail(where + ": id " + shown(token) + " " + problem);
          }
        }
        auto [found, added] = ids.try_emplace(tokens.front());
        if (added) order.push_back(tokens.front());
        for (std::size_t token = 1; token < tokens.size(); ++token) {
          bool known = false;
          for (const auto& alias : found->second.aliases) known = known || alias == tokens[token];
          if (!known) found->second.aliases.push_back(tokens[token]);
        }
        found->second.fixed_versions.push_back(version);
      }
    }
    for (const std::string& id : order) {
      const alpine_secdb_detail::IdEntry& entry_of = ids.at(id);
      vuln::Advisory advisory;
      advisory.id = id;
      advisory.aliases = entry_of.aliases;
      advisory.source = "alpine-secdb";
      vuln::Affected affected;
      affected.ecosystem = ecosystem;
      affected.package = package;
      for (const std::string& fixed : entry_of.fixed_versions) {
        vuln::AffectedRange range;
        range.events.push_back({vuln::RangeEvent::Kind::kIntroduced, "0"});
        range.events.push_back({vuln::RangeEvent::Kind::kFixed, fixed});
        affected.ranges.push_back(std::move(range));
      }
      if (auto stored = sink.advisory(advisory, {affected}); !stored) {
        return core::fail(stored.error());
      }
      ++advisories;
    }
  }
  return advisories;
}

core::Result<std::size_t> read_alpine_secdb(const std::string& path, ImportSink& sink) {
  auto text = io::read_regular_file(path, kMaxSecdbFileBytes);
  if (!text) return core::fail(text.error().to_error());
  return decode_alpine_secdb(*text, path, sink);
}

}  // namespace hardock::vulndb
