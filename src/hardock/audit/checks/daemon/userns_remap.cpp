// CIS 2.9: without user namespace remapping, root in a container is root
// (uid 0) on the host once it escapes. A rootless daemon already runs in a
// user namespace, so it does not need (and cannot use) userns-remap.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/daemon_info.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_info(
      self, context, [](const docker::EngineInfo& info) -> std::optional<daemon::Verdict> {
        if (daemon::security_option(info, "userns") || daemon::security_option(info, "rootless")) {
          return std::nullopt;
        }
        return "SecurityOptions has no name=userns (and no name=rootless)";
      });
}

}  // namespace

extern const Check kUsernsRemapDisabled;  // listed in checks/list.h
const Check kUsernsRemapDisabled{
    .info =
        {
            .code = "HDK-D-005",
            .slug = "userns-remap-disabled",
            .title = "User namespace remapping is not enabled",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.9",
            .cobit = "DSS05.03",
            .description = "Container uid 0 maps to host uid 0; a process that escapes its "
                           "container is root on the host.",
            .remediation = "Set \"userns-remap\": \"default\" in /etc/docker/daemon.json (creates "
                           "the dockremap user and subordinate ids) and restart the daemon.",
        },
    .needs = Input::kEngine,
    .bad = R"({"info":{"SecurityOptions":["name=seccomp,profile=builtin"]}})",
    .good = R"({"info":{"SecurityOptions":["name=seccomp,profile=builtin","name=userns"]}})",
    .run = run,
};

}  // namespace hardock::audit::checks
