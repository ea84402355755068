// CIS 2.1: a daemon running as root makes every engine escape a host root
// compromise; rootless mode runs dockerd and its containers as a normal user.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/daemon_info.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_info(self, context,
                            [](const docker::EngineInfo& info) -> std::optional<daemon::Verdict> {
                              if (daemon::security_option(info, "rootless")) return std::nullopt;
                              return "SecurityOptions has no name=rootless (dockerd runs as root)";
                            });
}

}  // namespace

extern const Check kDaemonNotRootless;  // listed in checks/list.h
const Check kDaemonNotRootless{
    .info =
        {
            .code = "HDK-D-001",
            .slug = "daemon-not-rootless",
            .title = "Docker daemon does not run rootless",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.1",
            .cobit = "DSS05.03",
            .description = "A root daemon turns any container or API escape into root on the "
                           "host; rootless mode confines the whole engine to an unprivileged user.",
            .remediation = "Install rootless mode (dockerd-rootless-setuptool.sh install) for the "
                           "service account; where that is not possible, enable \"userns-remap\" "
                           "in daemon.json.",
        },
    .needs = Input::kEngine,
    .bad = R"({"info":{"SecurityOptions":["name=seccomp,profile=builtin"]}})",
    .good = R"({"info":{"SecurityOptions":["name=seccomp,profile=builtin","name=rootless"]}})",
    .run = run,
};

}  // namespace hardock::audit::checks
