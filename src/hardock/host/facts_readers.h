// The section readers behind read_host_facts, one concern each.
#pragma once

#include <string>
#include <vector>

#include "hardock/host/facts_paths.h"
#include "hardock/host/host_facts.h"

namespace hardock::host::facts {

// What daemon.json says about files hardock must look at (read cheaply here;
// the full effective configuration is daemon_config's job).
struct DaemonFiles {
  std::string data_root = "/var/lib/docker";
  std::vector<std::string> tls_ca, tls_cert, tls_key;
};
DaemonFiles read_daemon_files(const ReadContext& context);

// CIS 3.x files, absent ones included (exists=false).
std::vector<FileFact> read_file_facts(const ReadContext& context, const DaemonFiles& daemon,
                                      const Accounts& accounts);

Mounts read_mounts(const ReadContext& context);
AuditRules read_audit_rules(const ReadContext& context, const std::vector<FileFact>& files);
DockerGroup read_docker_group(const ReadContext& context);
Kernel read_kernel(const ReadContext& context);

AppArmorState read_apparmor(const ReadContext& context);
SelinuxState read_selinux(const ReadContext& context);
SeccompState read_seccomp(const ReadContext& context, const Kernel& kernel);

}  // namespace hardock::host::facts
