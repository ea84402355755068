// A daemon configuration source could not be read, judged from the effective daemon configuration
// (host::DaemonConfig).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace daemon_config_unreadable {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  const core::Target target = daemon::daemon_target(context);
  for (const auto& error : context.host->daemon.errors) {
    findings.push_back(
        core::make_unchecked(self.info, target, core::FindingStatus::kError,
                             "could not read " + error.source + ": " + error.message));
  }
  return findings;
}

}  // namespace daemon_config_unreadable

extern const Check kDaemonConfigUnreadable;  // listed in checks/list.h
const Check kDaemonConfigUnreadable{
    .info =
        {
            .code = "HDK-H-021",
            .slug = "daemon-config-unreadable",
            .title = "A daemon configuration source could not be read",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "",
            .cobit = "BAI10.02",
            .description = "A malformed or unreadable daemon.json, unit or env file means the "
                           "effective configuration is unknown (and a malformed daemon.json stops "
                           "dockerd from starting). Reported as could-not-look, never as a pass.",
            .remediation = "Fix the file at the position given (daemon.json allows no comments or "
                           "trailing text) or its permissions.",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"daemon":{"sources":[],"settings":[],"errors":[{"source":"/etc/docker/daemon.json","message":"/etc/docker/daemon.json: line 3, column 3: syntax error"}]}}})",
    .good =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"icc","values":["false"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = daemon_config_unreadable::run,
};

}  // namespace hardock::audit::checks
