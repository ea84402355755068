// CIS 2.6: The aufs storage driver is configured, judged from the effective daemon configuration
// (host::DaemonConfig).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/host/daemon_judge.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return host_daemon::judge_config(
      self, context, [](const host::DaemonConfig& config) -> std::vector<host_daemon::Verdict> {
        const auto* driver = config.last("storage-driver");
        if (driver == nullptr || driver->values.size() != 1 || driver->values[0] != "aufs")
          return {};
        return {{describe(*driver)}};
      });
}

}  // namespace

extern const Check kDaemonConfigAufs;  // listed in checks/list.h
const Check kDaemonConfigAufs{
    .info =
        {
            .code = "HDK-H-006",
            .slug = "daemon-config-aufs",
            .title = "The aufs storage driver is configured",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.6",
            .cobit = "BAI10.02",
            .description =
                "aufs is deprecated and removed from current Docker releases; its kernel patches "
                "are unmaintained and known to crash hosts. Judged from the daemon configuration "
                "files and dockerd's command line (daemon.json, systemd unit, /etc/default/docker, "
                "/proc cmdline), not from the engine.",
            .remediation = "Switch \"storage-driver\" to overlay2 (migrate images first: they are "
                           "not carried over).",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"storage-driver","values":["aufs"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"storage-driver","values":["overlay2"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = run,
};

}  // namespace hardock::audit::checks
