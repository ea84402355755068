// CIS 1.x host facts: the data-root mount, audit rules, the docker group, the kernel.
#include <sys/utsname.h>

#include <algorithm>
#include <sstream>

#include "hardock/host/facts_readers.h"
#include "hardock/host/text_parsers.h"

namespace hardock::host::facts {
namespace {

// The first of `candidates` present under the root, else the first one; a candidate that
// could not be looked at ends the search with its error (it may be the one present).
AuditTarget first_present(const io::RootDir& root, const std::vector<std::string>& candidates) {
  for (const auto& path : candidates) {
    auto found = root.exists(path);
    if (!found) return {"", path, false, found.error().reason};
    if (*found) return {"", path, true, ""};
  }
  return {"", candidates.front(), false, ""};
}

}  // namespace

Mounts read_mounts(const io::RootDir& root) {
  Mounts mounts;
  mounts.source = "/proc/self/mountinfo";
  auto text = root.read(mounts.source, io::kMaxKernelFileBytes);
  if (!text) {
    mounts.error = text.error().reason;  // mounts.source names the file
    return mounts;
  }
  mounts.entries = parse_mountinfo(*text);
  return mounts;
}

AuditRules read_audit_rules(const io::RootDir& root, const std::vector<FileFact>& files,
                            const std::string& data_root) {
  AuditRules audit;
  Listing listing = list_dir(root, "/etc/audit/rules.d");
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
    auto rules = parse_audit_rules(*text, source);
    audit.rules.insert(audit.rules.end(), std::make_move_iterator(rules.begin()),
                       std::make_move_iterator(rules.end()));
  }

  // CIS v1.6.0 1.1.3-1.1.18. Distributions put the binaries in different places.
  auto binary = [&](const std::string& name) {
    return first_present(root, {"/usr/bin/" + name, "/usr/sbin/" + name, "/usr/local/bin/" + name});
  };
  auto plain = [&](const std::string& path) { return first_present(root, {path}); };
  auto add = [&](const char* cis, AuditTarget target) {
    target.cis = cis;
    target.path = normalise_audit_path(target.path);
    audit.targets.push_back(std::move(target));
  };
  add("1.1.3", binary("dockerd"));
  add("1.1.4", plain("/run/containerd"));
  add("1.1.5", plain(data_root));
  add("1.1.6", plain("/etc/docker"));
  AuditTarget unit{"", "/lib/systemd/system/docker.service", false, ""};
  for (const auto& fact : files) {
    if (fact.role != kRoleDockerService) continue;
    if (fact.exists) unit = {"", fact.path, true, ""};
    if (!fact.error.empty() && !unit.exists && unit.error.empty()) unit.error = fact.error;
  }
  add("1.1.7", unit);
  add("1.1.8", plain("/run/containerd/containerd.sock"));
  AuditTarget socket_unit{"", "/lib/systemd/system/docker.socket", false, ""};
  for (const auto& fact : files) {
    if (fact.role != kRoleDockerSocketUnit) continue;
    if (fact.exists) socket_unit = {"", fact.path, true, ""};
    if (!fact.error.empty() && !socket_unit.exists && socket_unit.error.empty())
      socket_unit.error = fact.error;
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

DockerGroup read_docker_group(const ReadContext& context, const io::RootDir& root) {
  DockerGroup group;
  group.trusted = context.trusted_docker_users;
  auto text = read_text(root, "/etc/group");
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
  auto passwd = read_text(root, "/etc/passwd");
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

Kernel read_kernel(const ReadContext& context, const io::RootDir& root) {
  Kernel kernel;
  if (context.live && root.path() == "/") {
    struct utsname name {};
    if (::uname(&name) == 0) {
      kernel.release = name.release;
      kernel.source = "uname";
      return kernel;
    }
  }
  kernel.source = "/proc/version";
  auto text = read_text(root, kernel.source, io::kMaxKernelFileBytes);
  if (!text) {
    kernel.error = text.error().message;
    return kernel;
  }
  // "Linux version 5.10.0-21-amd64 (...)"
  std::istringstream in(*text);
  std::vector<std::string> words;
  for (std::string word; words.size() < 3 && in >> word;) words.push_back(word);
  if (words.size() < 3 || words[1] != "version") {
    kernel.error = "/proc/version: unexpected format";
    return kernel;
  }
  kernel.release = words[2];
  return kernel;
}

}  // namespace hardock::host::facts
