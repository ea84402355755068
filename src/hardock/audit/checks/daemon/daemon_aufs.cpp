// CIS 2.6: Daemon uses the aufs or another deprecated storage driver.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace daemon_aufs {

std::optional<daemon::Verdict> engine_view(const docker::EngineSnapshot& engine) {
  const std::string& driver = engine.info.storage_driver;
  if (driver == "aufs") return daemon::Verdict("Driver=aufs");
  if (driver == "devicemapper" || driver == "overlay") {
    return daemon::Verdict("Driver=" + driver + " (deprecated)", false, core::Severity::kInfo);
  }
  return std::nullopt;
}

std::vector<daemon::Verdict> config_view(const host::DaemonConfig& config) {
  const auto* driver = config.last("storage-driver");
  if (driver == nullptr || driver->values.size() != 1 || driver->values[0] != "aufs") return {};
  return {{describe(*driver)}};
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(self, context, engine_view, config_view);
}

}  // namespace daemon_aufs

extern const Check kDaemonConfigAufs;  // listed in checks/list.h
const Check kDaemonConfigAufs{
    .info =
        {
            .code = "HDK-H-006",
            .slug = "daemon-config-aufs",
            .title = "Daemon uses the aufs or another deprecated storage driver",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.6",
            .cobit = "BAI10.02",
            .description =
                "aufs is deprecated and removed from current Docker releases; its kernel "
                "patches are unmaintained and known to crash hosts. devicemapper and overlay "
                "(v1) are deprecated too (info). Judged from the running engine (Driver) when "
                "it was read, and from the daemon configuration files and dockerd's command "
                "line (daemon.json, systemd unit, /etc/default/docker, /proc cmdline) "
                "(\"storage-driver\") when the host was read; one finding carries the evidence of "
                "both.",
            .remediation =
                "Switch \"storage-driver\" to overlay2 (migrate images first: they are not "
                "carried over).",
            .aliases = "HDK-D-004,deprecated-storage-driver",
        },
    .needs = Input::kEngineOrHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"storage-driver","values":["aufs"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"info":{"Driver":"overlay2"},"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"storage-driver","values":["overlay2"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = daemon_aufs::run,
};

}  // namespace hardock::audit::checks
