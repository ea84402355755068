// The section readers behind read_host_facts, one concern each.
#pragma once

#include <string>
#include <vector>

#include "hardock/host/daemon_config.h"
#include "hardock/host/facts_paths.h"
#include "hardock/host/host_facts.h"

namespace hardock::host::facts {

// The files the effective daemon configuration points at, which CIS 1.1 and 3.x look at.
struct DaemonFiles {
  std::string data_root = "/var/lib/docker";
  std::string data_root_source = "dockerd's default";
  std::vector<std::string> tls_ca, tls_cert, tls_key;
};
DaemonFiles daemon_files(const DaemonConfig& config);

// CIS 3.x files, absent ones included (exists=false).
// Every reader reads through `root`, the RootDir of context.root.
std::vector<FileFact> read_file_facts(const ReadContext& context, const io::RootDir& root,
                                      const DaemonFiles& daemon, const Accounts& accounts);

Mounts read_mounts(const io::RootDir& root);
// CIS 1.1.3-1.1.18: the rules, and each path the benchmark wants watched (1.1.5: `data_root`).
AuditRules read_audit_rules(const io::RootDir& root, const std::vector<FileFact>& files,
                            const std::string& data_root);
DockerGroup read_docker_group(const ReadContext& context, const io::RootDir& root);
Kernel read_kernel(const ReadContext& context, const io::RootDir& root);

AppArmorState read_apparmor(const io::RootDir& root);
SelinuxState read_selinux(const io::RootDir& root);
SeccompState read_seccomp(const io::RootDir& root, const Kernel& kernel);

}  // namespace hardock::host::facts
