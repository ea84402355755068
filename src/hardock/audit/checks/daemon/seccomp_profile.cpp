// CIS 2.17: the daemon-wide seccomp profile filters the syscalls every
// container may make. No seccomp at all, or a daemon default of "unconfined",
// leaves the whole kernel interface open to every container.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/daemon_info.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_info(
      self, context, [](const docker::EngineInfo& info) -> std::optional<daemon::Verdict> {
        const docker::SecurityOption* seccomp = daemon::security_option(info, "seccomp");
        if (seccomp == nullptr) {
          return "SecurityOptions has no name=seccomp (kernel or engine without seccomp)";
        }
        auto profile = seccomp->params.find("profile");
        if (profile != seccomp->params.end() && profile->second == "unconfined") {
          return "SecurityOptions: name=seccomp,profile=unconfined";
        }
        return std::nullopt;
      });
}

}  // namespace

extern const Check kSeccompDisabled;  // listed in checks/list.h
const Check kSeccompDisabled{
    .info =
        {
            .code = "HDK-D-009",
            .slug = "daemon-seccomp-disabled",
            .title = "Daemon applies no seccomp profile by default",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.17",
            .cobit = "DSS05.03",
            .description = "Without a default seccomp profile containers may call every syscall, "
                           "including the ones most kernel exploits need (keyctl, bpf, unshare).",
            .remediation = "Remove \"seccomp-profile\": \"unconfined\" from daemon.json to get "
                           "Docker's default profile, or point it at a reviewed profile "
                           "(\"seccomp-profile\": \"/etc/docker/seccomp.json\"); the kernel needs "
                           "CONFIG_SECCOMP_FILTER.",
        },
    .needs = Input::kEngine,
    .bad = R"({"info":{"SecurityOptions":["name=apparmor","name=seccomp,profile=unconfined"]}})",
    .good = R"({"info":{"SecurityOptions":["name=apparmor","name=seccomp,profile=builtin"]}})",
    .run = run,
};

}  // namespace hardock::audit::checks
