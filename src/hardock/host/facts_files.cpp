// CIS 3.x: the files and sockets whose owner and mode the benchmark fixes.
#include <algorithm>

#include "hardock/host/facts_readers.h"

namespace hardock::host::facts {
namespace {

// systemd's unit search path, admin overrides first.
constexpr const char* kUnitDirs[] = {"/etc/systemd/system", "/lib/systemd/system",
                                     "/usr/lib/systemd/system"};

// "--data-root in /lib/systemd/system/docker.service:ExecStart" or "/etc/docker/daemon.json:4".
std::string where_from(const DaemonSetting& setting) {
  return setting.flag.empty() ? setting.source : setting.flag + " in " + setting.source;
}

}  // namespace

DaemonFiles daemon_files(const DaemonConfig& config) {
  DaemonFiles files;
  // "graph" is the pre-17.05 name of data-root; dockerd refuses both at once.
  for (const char* key : {"graph", "data-root"}) {
    if (const DaemonSetting* setting = config.last(key);
        setting != nullptr && !setting->values.empty() && !setting->values.back().empty()) {
      files.data_root = setting->values.back();
      files.data_root_source = where_from(*setting);
    }
  }
  files.tls_ca = config.values("tlscacert");
  files.tls_cert = config.values("tlscert");
  files.tls_key = config.values("tlskey");
  return files;
}

std::vector<FileFact> read_file_facts(const ReadContext& context, const io::RootDir& root,
                                      const DaemonFiles& daemon, const Accounts& accounts) {
  std::vector<FileFact> out;
  auto add = [&](const std::string& path, const char* role) {
    bool seen = std::any_of(out.begin(), out.end(), [&](const FileFact& fact) {
      return fact.role == role && fact.path == path;
    });
    if (!seen) out.push_back(stat_file(root, path, role, accounts));
  };
  for (const char* dir : kUnitDirs) {
    for (const auto& [name, role] : {std::pair{"/docker.service", kRoleDockerService},
                                     std::pair{"/docker.socket", kRoleDockerSocketUnit}}) {
      const std::string path = std::string(dir) + name;
      // A link to /dev/null masks the unit (systemctl mask): it is no unit file, and /dev/null's
      // own mode is not the unit's.
      if (auto target = root.link_target(path); target && *target == "/dev/null") continue;
      add(path, role);
    }
  }
  add("/etc/docker", kRoleEtcDocker);
  // A certs.d that cannot be listed is recorded as an error fact of its role: the
  // certificates in it could not be looked at.
  auto listed = [&](const std::string& dir) {
    auto names = root.list(dir);
    if (names) return std::move(*names);
    if (!names.error().absent()) {
      FileFact fact;
      fact.role = kRoleRegistryCert;
      fact.path = dir;
      fact.error = names.error().reason;
      out.push_back(std::move(fact));
    }
    return std::vector<std::string>{};
  };
  for (const auto& registry : listed("/etc/docker/certs.d")) {
    const std::string dir = "/etc/docker/certs.d/" + registry;
    FileFact dir_fact = stat_file(root, dir, kRoleRegistryCert, accounts);
    if (!dir_fact.is_dir && dir_fact.error.empty()) continue;  // a stray file: not a registry
    for (const auto& name : listed(dir)) add(dir + "/" + name, kRoleRegistryCert);
  }
  add("/etc/docker/ca.pem", kRoleTlsCa);
  add("/etc/docker/cert.pem", kRoleTlsCert);
  add("/etc/docker/key.pem", kRoleTlsKey);
  for (const auto& path : daemon.tls_ca) add(path, kRoleTlsCa);
  for (const auto& path : daemon.tls_cert) add(path, kRoleTlsCert);
  for (const auto& path : daemon.tls_key) add(path, kRoleTlsKey);
  // /var/run is a symlink to /run on current distributions; resolve_in_root
  // follows it inside the root, so one path covers both.
  add("/var/run/docker.sock", kRoleDockerSock);
  add("/etc/docker/daemon.json", kRoleDaemonJson);
  if (!context.daemon_config_file.empty() && root.path() == "/") {
    add(context.daemon_config_file, kRoleDaemonJson);
  }
  add("/etc/default/docker", kRoleDefaultDocker);
  add("/etc/sysconfig/docker", kRoleSysconfigDocker);
  add("/run/containerd/containerd.sock", kRoleContainerdSock);
  return out;
}

}  // namespace hardock::host::facts
