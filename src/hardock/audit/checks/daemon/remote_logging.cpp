// CIS 2.13: container logs that stay on the host are lost with it and can be
// wiped by whoever compromises it. journald is not reported: the host journal
// is commonly forwarded by the host's own logging setup.
#include <array>

#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/daemon_info.h"

namespace hardock::audit::checks {
namespace {

constexpr std::array<std::string_view, 3> kLocalDrivers{"json-file", "local", "none"};

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_info(
      self, context, [](const docker::EngineInfo& info) -> std::optional<daemon::Verdict> {
        for (std::string_view local : kLocalDrivers) {
          if (info.logging_driver == local) {
            return "LoggingDriver=" + info.logging_driver + " (no remote log driver)";
          }
        }
        return std::nullopt;
      });
}

}  // namespace

extern const Check kNoRemoteLogging;  // listed in checks/list.h
const Check kNoRemoteLogging{
    .info =
        {
            .code = "HDK-D-007",
            .slug = "no-remote-logging",
            .title = "Container logs are not shipped to a remote collector",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.13",
            .cobit = "MEA01.03",
            .description = "With a local log driver, container logs stay on the host: no central "
                           "monitoring, and an intruder can erase the trail.",
            .remediation = "Set a remote driver in daemon.json, e.g. \"log-driver\": \"syslog\", "
                           "\"log-opts\": {\"syslog-address\": \"tcp+tls://logs.example:6514\"} "
                           "(or fluentd, gelf, splunk, awslogs).",
        },
    .needs = Input::kEngine,
    .bad = R"({"info":{"LoggingDriver":"json-file"}})",
    .good = R"({"info":{"LoggingDriver":"syslog"}})",
    .run = run,
};

}  // namespace hardock::audit::checks
