#include "hardock/host/facts_paths.h"

#include <sstream>
#include <vector>

namespace hardock::host::facts {
namespace {

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ':')) fields.push_back(field);
  if (!line.empty() && line.back() == ':') fields.emplace_back();
  return fields;
}

}  // namespace

core::Result<std::string> read_text(const io::RootDir& root, const std::string& path,
                                    std::size_t max_bytes) {
  auto text = root.read(path, max_bytes);
  if (!text) return core::fail(text.error().to_error());
  return std::move(*text);
}

Accounts read_accounts(const io::RootDir& root) {
  Accounts accounts;
  // Unreadable account files leave names empty; checks then fall back to ids.
  auto load = [&](const char* path, std::map<long, std::string>& into) {
    auto text = read_text(root, path);
    if (!text) return;
    std::istringstream in(*text);
    std::string line;
    while (std::getline(in, line)) {
      auto fields = split_fields(line);
      if (fields.size() < 3 || fields[0].empty() || fields[0][0] == '#') continue;
      char* end = nullptr;
      const long id = std::strtol(fields[2].c_str(), &end, 10);
      if (end == fields[2].c_str() || *end != '\0') continue;
      into.emplace(id, fields[0]);  // first name wins, as getpwuid does
    }
  };
  load("/etc/passwd", accounts.users);
  load("/etc/group", accounts.groups);
  return accounts;
}

FileFact stat_file(const io::RootDir& root, const std::string& path, const std::string& role,
                   const Accounts& accounts) {
  FileFact fact;
  fact.role = role;
  fact.path = path;
  auto info = root.stat(path, true);
  if (!info) {
    if (!info.error().absent()) fact.error = info.error().reason;  // fact.path names the file
    return fact;
  }
  fact.exists = true;
  fact.is_dir = S_ISDIR(info->st_mode);
  fact.mode = info->st_mode & 07777U;
  fact.uid = static_cast<long>(info->st_uid);
  fact.gid = static_cast<long>(info->st_gid);
  if (auto user = accounts.users.find(fact.uid); user != accounts.users.end()) {
    fact.owner = user->second;
  }
  if (auto group = accounts.groups.find(fact.gid); group != accounts.groups.end()) {
    fact.group = group->second;
  }
  return fact;
}

bool exists_in_root(const io::RootDir& root, const std::string& path) {
  auto found = root.exists(path);
  return found && *found;
}

Listing list_dir(const io::RootDir& root, const std::string& path) {
  Listing listing;
  auto names = root.list(path);
  if (names) {
    listing.names = std::move(*names);
  } else if (!names.error().absent()) {
    listing.error = names.error().message();
  }
  return listing;
}

}  // namespace hardock::host::facts
