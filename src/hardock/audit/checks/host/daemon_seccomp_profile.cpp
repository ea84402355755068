// CIS 2.17: No daemon-wide custom seccomp profile (or seccomp disabled), judged from the effective
// daemon configuration (host::DaemonConfig).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/host/daemon_judge.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return host_daemon::judge_config(
      self, context, [](const host::DaemonConfig& config) -> std::vector<host_daemon::Verdict> {
        const auto* profile = config.last("seccomp-profile");
        if (profile == nullptr) {
          return {
              {host_daemon::unset(config, "seccomp-profile", "Docker's built-in profile"), true}};
        }
        if (profile->values.size() == 1 && profile->values[0] == "unconfined") {
          return {{describe(*profile) + ": seccomp is off for every container", false,
                   core::Severity::kHigh}};
        }
        return {};
      });
}

}  // namespace

extern const Check kDaemonConfigSeccompProfile;  // listed in checks/list.h
const Check kDaemonConfigSeccompProfile{
    .info =
        {
            .code = "HDK-H-017",
            .slug = "daemon-config-seccomp-profile",
            .title = "No daemon-wide custom seccomp profile (or seccomp disabled)",
            .severity = core::Severity::kInfo,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.17",
            .cobit = "DSS05.03",
            .description =
                "A daemon-wide seccomp profile narrows the syscalls of every container; "
                "\"unconfined\" removes the filter from all of them (high). Judged from the daemon "
                "configuration files and dockerd's command line (daemon.json, systemd unit, "
                "/etc/default/docker, /proc cmdline), not from the engine.",
            .remediation = "Set \"seccomp-profile\" to a reviewed profile file where appropriate; "
                           "never to \"unconfined\".",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"seccomp-profile","values":["unconfined"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"seccomp-profile","values":["/etc/docker/seccomp.json"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = run,
};

}  // namespace hardock::audit::checks
