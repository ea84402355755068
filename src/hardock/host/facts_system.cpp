// CIS 1.x host facts: the data-root mount, audit rules, the docker group, the kernel.
#include <dirent.h>
#include <sys/utsname.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sstream>

#include "hardock/host/facts_readers.h"

namespace hardock::host::facts {
namespace {

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string unescape_octal(const std::string& text) {
  std::string out;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    if (text[pos] == '\\' && pos + 3 < text.size() &&
        std::all_of(text.begin() + static_cast<long>(pos) + 1,
                    text.begin() + static_cast<long>(pos) + 4,
                    [](char c) { return c >= '0' && c <= '7'; })) {
      out.push_back(static_cast<char>(std::stoi(text.substr(pos + 1, 3), nullptr, 8)));
      pos += 3;
    } else {
      out.push_back(text[pos]);
    }
  }
  return out;
}

std::vector<std::string> split_words(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  std::string word;
  while (in >> word) words.push_back(word);
  return words;
}

// Rules name /var/run/x or /run/x for the same object; compare without a trailing "/".
std::string normalise_path(std::string path) {
  if (path.rfind("/var/run/", 0) == 0) path.erase(0, 4);
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

struct Listing {
  std::vector<std::string> names;
  std::string error;  // empty also when the directory is absent
};

Listing list_dir_checked(const std::string& root, const std::string& path) {
  Listing listing;
  auto resolved = resolve_in_root(root, path);
  if (!resolved) {
    if (resolved.error().code != core::ErrorCode::kNotFound) {
      listing.error = resolved.error().message;
    }
    return listing;
  }
  DIR* dir = ::opendir(resolved->c_str());
  if (dir == nullptr) {
    listing.error = path + ": " + std::strerror(errno);
    return listing;
  }
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") listing.names.push_back(name);
  }
  ::closedir(dir);
  std::sort(listing.names.begin(), listing.names.end());
  return listing;
}

void parse_rules(const std::string& text, const std::string& origin, AuditRules& into) {
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    const auto words = split_words(line);
    if (words.empty() || words[0][0] == '#') continue;
    const std::string where = origin + ":" + std::to_string(number);
    for (size_t idx = 0; idx + 1 < words.size(); ++idx) {
      const std::string& value = words[idx + 1];
      if (words[idx] == "-w") {
        into.rules.push_back({normalise_path(value), "watch", where});
      } else if (words[idx] == "-F" && value.rfind("path=", 0) == 0) {
        into.rules.push_back({normalise_path(value.substr(5)), "path", where});
      } else if (words[idx] == "-F" && value.rfind("dir=", 0) == 0) {
        into.rules.push_back({normalise_path(value.substr(4)), "dir", where});
      }
    }
  }
}

// The first of `candidates` present under the root, else the first one.
std::pair<std::string, bool> first_present(const std::string& root,
                                           const std::vector<std::string>& candidates) {
  for (const auto& path : candidates) {
    if (exists_in_root(root, path)) return {path, true};
  }
  return {candidates.front(), false};
}

}  // namespace

Mounts read_mounts(const ReadContext& context) {
  Mounts mounts;
  mounts.source = "/proc/self/mountinfo";
  auto text = read_text(context.root, mounts.source);
  if (!text) {
    mounts.error = text.error().message;
    return mounts;
  }
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line)) {
    const auto words = split_words(line);
    auto dash = std::find(words.begin(), words.end(), "-");
    if (words.size() < 5 || dash == words.end() || words.end() - dash < 3) continue;
    mounts.entries.push_back({unescape_octal(words[4]), *(dash + 1), unescape_octal(*(dash + 2))});
  }
  return mounts;
}

AuditRules read_audit_rules(const ReadContext& context, const std::vector<FileFact>& files,
                            const std::string& data_root) {
  AuditRules audit;
  const std::string& root = context.root;
  Listing listing = list_dir_checked(root, "/etc/audit/rules.d");
  if (!listing.error.empty()) audit.error = listing.error;
  std::vector<std::string> sources;
  for (const auto& name : listing.names) {
    if (name.size() > 6 && name.substr(name.size() - 6) == ".rules") {
      sources.push_back("/etc/audit/rules.d/" + name);
    }
  }
  sources.emplace_back("/etc/audit/audit.rules");
  for (const auto& source : sources) {
    auto text = read_text(root, source);
    if (!text) {
      if (text.error().code != core::ErrorCode::kNotFound && audit.error.empty()) {
        audit.error = text.error().message;
      }
      continue;
    }
    audit.sources.push_back(source);
    parse_rules(*text, source, audit);
  }

  // CIS v1.6.0 1.1.3-1.1.18. Distributions put the binaries in different places.
  auto binary = [&](const std::string& name) {
    return first_present(root, {"/usr/bin/" + name, "/usr/sbin/" + name, "/usr/local/bin/" + name});
  };
  auto plain = [&](const std::string& path) {
    return std::pair<std::string, bool>{path, exists_in_root(root, path)};
  };
  auto add = [&](const char* cis, std::pair<std::string, bool> target) {
    audit.targets.push_back({cis, normalise_path(target.first), target.second});
  };
  add("1.1.3", binary("dockerd"));
  add("1.1.4", plain("/run/containerd"));
  add("1.1.5", plain(data_root));
  add("1.1.6", plain("/etc/docker"));
  std::pair<std::string, bool> unit{"/lib/systemd/system/docker.service", false};
  for (const auto& fact : files) {
    if (fact.role == kRoleDockerService && fact.exists) unit = {fact.path, true};
  }
  add("1.1.7", unit);
  add("1.1.8", plain("/run/containerd/containerd.sock"));
  std::pair<std::string, bool> socket_unit{"/lib/systemd/system/docker.socket", false};
  for (const auto& fact : files) {
    if (fact.role == kRoleDockerSocketUnit && fact.exists) socket_unit = {fact.path, true};
  }
  add("1.1.9", socket_unit);
  add("1.1.10", plain("/etc/default/docker"));
  add("1.1.11", plain("/etc/docker/daemon.json"));
  add("1.1.12", plain("/etc/containerd/config.toml"));
  add("1.1.13", plain("/etc/sysconfig/docker"));
  add("1.1.14", binary("containerd"));
  add("1.1.15", binary("containerd-shim"));
  add("1.1.16", binary("containerd-shim-runc-v1"));
  add("1.1.17", binary("containerd-shim-runc-v2"));
  add("1.1.18", binary("runc"));
  return audit;
}

DockerGroup read_docker_group(const ReadContext& context) {
  DockerGroup group;
  group.trusted = context.trusted_docker_users;
  auto text = read_text(context.root, "/etc/group");
  if (!text) {
    group.error = text.error().message;
    return group;
  }
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("docker:", 0) != 0) continue;
    std::vector<std::string> fields;
    std::istringstream parts(line);
    std::string field;
    while (std::getline(parts, field, ':')) fields.push_back(field);
    group.exists = true;
    if (fields.size() > 2) group.gid = std::strtol(fields[2].c_str(), nullptr, 10);
    if (fields.size() > 3) {
      std::istringstream names(fields[3]);
      std::string name;
      while (std::getline(names, name, ',')) {
        if (!name.empty()) group.members.push_back(name);
      }
    }
    break;
  }
  if (!group.exists) return group;
  // A user whose primary group is docker is a member without being listed.
  auto passwd = read_text(context.root, "/etc/passwd");
  if (passwd) {
    std::istringstream users(*passwd);
    while (std::getline(users, line)) {
      std::vector<std::string> fields;
      std::istringstream parts(line);
      std::string field;
      while (std::getline(parts, field, ':')) fields.push_back(field);
      if (fields.size() > 3 && !fields[3].empty() &&
          std::strtol(fields[3].c_str(), nullptr, 10) == group.gid &&
          std::find(group.members.begin(), group.members.end(), fields[0]) == group.members.end()) {
        group.members.push_back(fields[0]);
      }
    }
  }
  return group;
}

Kernel read_kernel(const ReadContext& context) {
  Kernel kernel;
  if (context.live && context.root == "/") {
    struct utsname name {};
    if (::uname(&name) == 0) {
      kernel.release = name.release;
      kernel.source = "uname";
      return kernel;
    }
  }
  kernel.source = "/proc/version";
  auto text = read_text(context.root, kernel.source);
  if (!text) {
    kernel.error = text.error().message;
    return kernel;
  }
  const auto words = split_words(*text);  // "Linux version 5.10.0-21-amd64 (...)"
  if (words.size() < 3 || words[1] != "version") {
    kernel.error = "/proc/version: unexpected format";
    return kernel;
  }
  kernel.release = words[2];
  return kernel;
}

}  // namespace hardock::host::facts
