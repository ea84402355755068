// CIS 5.6: sensitive host directories (/, /boot, /dev, /etc, /lib, /proc,
// /sys, /usr) must not be bind-mounted into containers.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/container/util.h"

namespace hardock::audit::checks {
namespace sensitive_host_mount {

namespace rules = container_rules;

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    std::string evidence;
    for (size_t mount_idx = 0; mount_idx < container.mounts.size(); ++mount_idx) {
      const auto& mount = container.mounts[mount_idx];
      if (mount.type != "bind" && !mount.type.empty())
        continue;  // volumes live under Docker's root
      const auto source = rules::normalize_host_path(mount.source);
      if (!source) continue;
      const auto match = rules::classify_sensitive_mount(*source, mount.rw);
      if (match.kind == rules::SensitiveMount::kNone) continue;
      if (!evidence.empty()) evidence += "; ";
      evidence += "Mounts[" + std::to_string(mount_idx) + "].Source=" + mount.source + " (" +
                  (mount.type.empty() ? std::string("bind") : mount.type) + ", " +
                  (mount.rw ? "rw" : "ro") + ") at " + mount.destination;
      if (match.kind == rules::SensitiveMount::kWritableSubdir) {
        evidence += " [writable inside " + std::string(match.dir) + "]";
      }
    }
    if (!evidence.empty()) {
      findings.push_back(core::make_finding(self.info, container_target(container), evidence));
    }
  }
  return findings;
}

}  // namespace sensitive_host_mount

extern const Check kSensitiveHostMount;  // listed in checks/list.h
const Check kSensitiveHostMount{
    .info =
        {
            .code = "HDK-C-005",
            .slug = "sensitive-host-mount",
            .title = "Sensitive host directory mounted into container",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.6",
            .cobit = "DSS05.03",
            .description =
                "A container that sees /etc, /boot, /usr, /proc, /sys, /dev or / of the host can "
                "read secrets or change the host. Bind mount sources are compared as paths "
                "(lexically normalised: //, ., .. and trailing slashes; /etcetera is not /etc). "
                "Rule: a source equal to or a parent of /, /boot, /dev, /etc, /lib, /proc, /sys or "
                "/usr fails in any mode; a subdirectory of one of them other than / (e.g. "
                "/etc/nginx) fails only when mounted read-write; read-only subdirectories such as "
                "/etc/ssl:ro pass. The Docker socket is HDK-C-023's. Checked for all containers, "
                "stopped ones included.",
            .remediation = "Remove the -v/--mount of the host directory; mount only the specific "
                           "files needed, read-only (-v /etc/ssl/certs:/etc/ssl/certs:ro), or "
                           "use a named volume.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/m","Mounts":[
              {"Type":"bind","Source":"/etc/","Destination":"/host/etc","RW":false}]}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/m","Mounts":[
               {"Type":"bind","Source":"/etcetera","Destination":"/data","RW":true},
               {"Type":"bind","Source":"/etc/ssl/certs","Destination":"/certs","RW":false},
               {"Type":"volume","Name":"v","Source":"/var/lib/docker/volumes/v/_data",
                "Destination":"/v","RW":true}]}}]})",
    .run = sensitive_host_mount::run,
};

}  // namespace hardock::audit::checks
