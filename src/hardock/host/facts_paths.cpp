#include "hardock/host/facts_paths.h"

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <sstream>
#include <vector>

namespace hardock::host::facts {
namespace {

// Linux's own limit on symlinks followed in one lookup.
constexpr int kMaxLinks = 40;

std::deque<std::string> split_components(const std::string& path) {
  std::deque<std::string> parts;
  std::string part;
  std::istringstream in(path);
  while (std::getline(in, part, '/')) {
    if (!part.empty() && part != ".") parts.push_back(part);
  }
  return parts;
}

std::string join_root(const std::string& root, const std::string& path) {
  if (root.empty() || root == "/") return path.empty() ? "/" : path;
  std::string base = root;
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  return base + path;
}

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ':')) fields.push_back(field);
  if (!line.empty() && line.back() == ':') fields.emplace_back();
  return fields;
}

}  // namespace

core::Result<std::string> resolve_in_root(const std::string& root, const std::string& path) {
  std::deque<std::string> pending = split_components(path);
  std::vector<std::string> done;
  int links = 0;
  while (!pending.empty()) {
    std::string part = std::move(pending.front());
    pending.pop_front();
    if (part == "..") {
      if (!done.empty()) done.pop_back();  // ".." at the root stays at the root
      continue;
    }
    std::string host_path;
    for (const auto& component : done) host_path += "/" + component;
    host_path += "/" + part;
    const std::string full = join_root(root, host_path);
    struct stat info {};
    if (::lstat(full.c_str(), &info) != 0) {
      const int err = errno;
      if (err == ENOENT) return core::fail(core::ErrorCode::kNotFound, host_path + ": absent");
      if (err == EACCES) {
        return core::fail(core::ErrorCode::kPermissionDenied,
                          host_path + ": " + std::strerror(err));
      }
      return core::fail(core::ErrorCode::kIo, host_path + ": " + std::strerror(err));
    }
    if (!S_ISLNK(info.st_mode)) {
      done.push_back(std::move(part));
      continue;
    }
    if (++links > kMaxLinks) {
      return core::fail(core::ErrorCode::kIo, host_path + ": too many levels of symbolic links");
    }
    std::array<char, 4096> buffer{};
    const ssize_t length = ::readlink(full.c_str(), buffer.data(), buffer.size() - 1);
    if (length < 0) {
      return core::fail(core::ErrorCode::kIo, host_path + ": readlink: " + std::strerror(errno));
    }
    const std::string target(buffer.data(), static_cast<size_t>(length));
    if (!target.empty() && target.front() == '/') done.clear();
    auto target_parts = split_components(target);
    pending.insert(pending.begin(), target_parts.begin(), target_parts.end());
  }
  std::string host_path;
  for (const auto& component : done) host_path += "/" + component;
  return join_root(root, host_path.empty() ? "/" : host_path);
}

core::Result<std::string> read_text(const std::string& root, const std::string& path) {
  auto resolved = resolve_in_root(root, path);
  if (!resolved) return core::fail(resolved.error());
  std::ifstream in(*resolved, std::ios::binary);
  if (!in) {
    const int err = errno;
    return core::fail(err == EACCES ? core::ErrorCode::kPermissionDenied : core::ErrorCode::kIo,
                      path + ": " + std::strerror(err));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return core::fail(core::ErrorCode::kIo, path + ": read failed");
  return text.str();
}

Accounts read_accounts(const std::string& root) {
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

FileFact stat_file(const std::string& root, const std::string& path, const std::string& role,
                   const Accounts& accounts) {
  FileFact fact;
  fact.role = role;
  fact.path = path;
  auto resolved = resolve_in_root(root, path);
  if (!resolved) {
    if (resolved.error().code != core::ErrorCode::kNotFound) fact.error = resolved.error().message;
    return fact;
  }
  struct stat info {};
  if (::lstat(resolved->c_str(), &info) != 0) {
    if (errno != ENOENT) fact.error = path + ": " + std::strerror(errno);
    return fact;
  }
  fact.exists = true;
  fact.is_dir = S_ISDIR(info.st_mode);
  fact.mode = info.st_mode & 07777U;
  fact.uid = static_cast<long>(info.st_uid);
  fact.gid = static_cast<long>(info.st_gid);
  if (auto user = accounts.users.find(fact.uid); user != accounts.users.end()) {
    fact.owner = user->second;
  }
  if (auto group = accounts.groups.find(fact.gid); group != accounts.groups.end()) {
    fact.group = group->second;
  }
  return fact;
}

bool exists_in_root(const std::string& root, const std::string& path) {
  return resolve_in_root(root, path).has_value();
}

}  // namespace hardock::host::facts
