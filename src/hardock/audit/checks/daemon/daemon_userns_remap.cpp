// CIS 2.9: User namespace remapping is not enabled.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace daemon_userns_remap {

std::optional<daemon::Verdict> engine_view(const docker::EngineSnapshot& engine) {
  if (daemon::security_option(engine.info, "userns") ||
      daemon::security_option(engine.info, "rootless")) {
    return std::nullopt;
  }
  return daemon::Verdict("SecurityOptions has no name=userns (and no name=rootless)");
}

std::vector<daemon::Verdict> config_view(const host::DaemonConfig& config) {
  const auto* remap = config.last("userns-remap");
  if (remap != nullptr && !remap->values.empty() && !remap->values[0].empty()) return {};
  return {{daemon::unset(config, "userns-remap", "no remapping"), true}};
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(self, context, engine_view, config_view);
}

}  // namespace daemon_userns_remap

extern const Check kDaemonConfigNoUsernsRemap;  // listed in checks/list.h
const Check kDaemonConfigNoUsernsRemap{
    .info =
        {
            .code = "HDK-H-009",
            .slug = "daemon-config-no-userns-remap",
            .title = "User namespace remapping is not enabled",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.9",
            .cobit = "DSS05.03",
            .description =
                "Without userns-remap, root in a container is root on the host once it escapes. "
                "A rootless daemon counts as remapped. Judged from the running engine "
                "(SecurityOptions name=userns or name=rootless) when it was read, and from the "
                "daemon configuration files and dockerd's command line (daemon.json, systemd "
                "unit, /etc/default/docker, /proc cmdline) (\"userns-remap\") when the host was "
                "read; one finding carries the evidence of both.",
            .remediation =
                "Set \"userns-remap\": \"default\" (with /etc/subuid and /etc/subgid entries for "
                "dockremap) where the workloads allow it.",
            .aliases = "HDK-D-005,userns-remap-disabled",
        },
    .needs = Input::kEngineOrHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"icc","values":["false"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"info":{"SecurityOptions":["name=userns"]},"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"userns-remap","values":["default"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = daemon_userns_remap::run,
};

}  // namespace hardock::audit::checks
