// Informational: the engine reports which Linux security module it can confine
// containers with. With neither AppArmor nor SELinux, the CIS 5.2/5.3
// container profiles cannot apply at all, whatever the containers ask for.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace no_lsm {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(
      self, context,
      [](const docker::EngineSnapshot& engine) -> std::optional<daemon::Verdict> {
        if (daemon::security_option(engine.info, "apparmor") ||
            daemon::security_option(engine.info, "selinux")) {
          return std::nullopt;
        }
        return daemon::Verdict("SecurityOptions has neither name=apparmor nor name=selinux");
      },
      nullptr);
}

}  // namespace no_lsm

extern const Check kNoLsmConfinement;  // listed in checks/list.h
const Check kNoLsmConfinement{
    .info =
        {
            .code = "HDK-D-011",
            .slug = "no-lsm-confinement",
            .title = "Engine confines containers with neither AppArmor nor SELinux",
            .severity = core::Severity::kInfo,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "",
            .cobit = "DSS05.03",
            .description = "Mandatory access control is a second wall behind namespaces; without "
                           "an LSM a container escape meets no further policy.",
            .remediation = "Enable AppArmor on the host (Docker loads docker-default itself) or, "
                           "on SELinux hosts, set \"selinux-enabled\": true in daemon.json.",
        },
    .needs = Input::kEngine,
    .bad = R"({"info":{"SecurityOptions":["name=seccomp,profile=builtin"]}})",
    .good = R"({"info":{"SecurityOptions":["name=selinux","name=seccomp,profile=builtin"]}})",
    .run = no_lsm::run,
};

}  // namespace hardock::audit::checks
