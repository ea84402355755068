// A setting is given both as a flag and in daemon.json, judged from the effective daemon
// configuration (host::DaemonConfig).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace daemon_flag_conflict {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(
      self, context, nullptr, [](const host::DaemonConfig& config) -> std::vector<daemon::Verdict> {
        std::vector<daemon::Verdict> out;
        for (const auto& conflict : config.conflicts) {
          out.push_back({conflict.key + " is set by " + conflict.flag_source + " and by " +
                         conflict.file_source + ": dockerd will not start"});
        }
        return out;
      });
}

}  // namespace daemon_flag_conflict

extern const Check kDaemonConfigFlagConflict;  // listed in checks/list.h
const Check kDaemonConfigFlagConflict{
    .info =
        {
            .code = "HDK-H-019",
            .slug = "daemon-config-flag-conflict",
            .title = "A setting is given both as a flag and in daemon.json",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "dockerd refuses to start when a setting is both a command-line flag and a "
                "daemon.json key (\"the following directives are specified both as a flag and in "
                "the configuration file\"); the classic case is -H fd:// in the systemd unit plus "
                "\"hosts\" in daemon.json. Judged from the configuration files and command line.",
            .remediation = "Keep each setting in one place: remove the flag (systemd drop-in "
                           "resetting ExecStart=) or the daemon.json key.",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"hosts","values":["tcp://0.0.0.0:2376"],"origin":"file","source":"/etc/docker/daemon.json:2"},{"key":"hosts","values":["fd://"],"origin":"flag","source":"/lib/systemd/system/docker.service:ExecStart","flag":"-H"}],"conflicts":[{"key":"hosts","flag_source":"-H in /lib/systemd/system/docker.service:ExecStart","file_source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"hosts","values":["fd://"],"origin":"flag","source":"/lib/systemd/system/docker.service:ExecStart","flag":"-H"}]}}})",
    .run = daemon_flag_conflict::run,
};

}  // namespace hardock::audit::checks
