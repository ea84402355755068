// CIS 3.x: the files and sockets whose owner and mode the benchmark fixes.
#include <dirent.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "hardock/host/facts_readers.h"

namespace hardock::host::facts {
namespace {

// systemd's unit search path, admin overrides first.
constexpr const char* kUnitDirs[] = {"/etc/systemd/system", "/lib/systemd/system",
                                     "/usr/lib/systemd/system"};

void append_strings(const nlohmann::json& document, const char* key,
                    std::vector<std::string>& into) {
  auto it = document.find(key);
  if (it != document.end() && it->is_string() && !it->get<std::string>().empty()) {
    into.push_back(it->get<std::string>());
  }
}

// Entries of a directory under the root, sorted; empty when it cannot be listed.
std::vector<std::string> list_dir(const std::string& root, const std::string& path) {
  std::vector<std::string> names;
  auto resolved = resolve_in_root(root, path);
  if (!resolved) return names;
  DIR* dir = ::opendir(resolved->c_str());
  if (dir == nullptr) return names;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

DaemonFiles read_daemon_files(const ReadContext& context) {
  DaemonFiles files;
  // --config-file names a real path; the default one lives under the root.
  core::Result<std::string> text = context.daemon_config_file.empty()
                                       ? read_text(context.root, "/etc/docker/daemon.json")
                                       : read_text("/", context.daemon_config_file);
  if (!text) return files;
  auto document = nlohmann::json::parse(*text, nullptr, false);
  if (!document.is_object()) return files;  // daemon_config reports a malformed file
  if (auto it = document.find("data-root"); it != document.end() && it->is_string()) {
    files.data_root = it->get<std::string>();
  } else if (auto graph = document.find("graph"); graph != document.end() && graph->is_string()) {
    files.data_root = graph->get<std::string>();  // the pre-17.05 name of data-root
  }
  append_strings(document, "tlscacert", files.tls_ca);
  append_strings(document, "tlscert", files.tls_cert);
  append_strings(document, "tlskey", files.tls_key);
  return files;
}

std::vector<FileFact> read_file_facts(const ReadContext& context, const DaemonFiles& daemon,
                                      const Accounts& accounts) {
  const std::string& root = context.root;
  std::vector<FileFact> out;
  auto add = [&](const std::string& path, const char* role) {
    bool seen = std::any_of(out.begin(), out.end(), [&](const FileFact& fact) {
      return fact.role == role && fact.path == path;
    });
    if (!seen) out.push_back(stat_file(root, path, role, accounts));
  };
  for (const char* dir : kUnitDirs) {
    add(std::string(dir) + "/docker.service", kRoleDockerService);
    add(std::string(dir) + "/docker.socket", kRoleDockerSocketUnit);
  }
  add("/etc/docker", kRoleEtcDocker);
  for (const auto& registry : list_dir(root, "/etc/docker/certs.d")) {
    const std::string dir = "/etc/docker/certs.d/" + registry;
    for (const auto& name : list_dir(root, dir)) add(dir + "/" + name, kRoleRegistryCert);
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
  if (!context.daemon_config_file.empty() && context.root == "/") {
    add(context.daemon_config_file, kRoleDaemonJson);
  }
  add("/etc/default/docker", kRoleDefaultDocker);
  add("/etc/sysconfig/docker", kRoleSysconfigDocker);
  add("/run/containerd/containerd.sock", kRoleContainerdSock);
  return out;
}

}  // namespace hardock::host::facts
