// CIS 2.3: the daemon should log at "info". Debug mode (-D, "debug": true)
// sets the level to debug, which floods the log and records request details
// that do not belong in it.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/daemon_info.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_info(self, context,
                            [](const docker::EngineInfo& info) -> std::optional<daemon::Verdict> {
                              if (!info.debug) return std::nullopt;
                              return "Debug=true (log level debug)";
                            });
}

}  // namespace

extern const Check kDaemonDebugMode;  // listed in checks/list.h
const Check kDaemonDebugMode{
    .info =
        {
            .code = "HDK-D-002",
            .slug = "daemon-debug-mode",
            .title = "Docker daemon runs in debug mode",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.3",
            .cobit = "MEA01.03",
            .description = "Debug logging buries security-relevant events in noise and may record "
                           "request bodies; the benchmark expects log level info.",
            .remediation = "Set \"debug\": false and \"log-level\": \"info\" in "
                           "/etc/docker/daemon.json (drop -D from the dockerd command line) and "
                           "restart the daemon.",
        },
    .needs = Input::kEngine,
    .bad = R"({"info":{"Debug":true}})",
    .good = R"({"info":{"Debug":false}})",
    .run = run,
};

}  // namespace hardock::audit::checks
