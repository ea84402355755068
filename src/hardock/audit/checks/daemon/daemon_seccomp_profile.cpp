// CIS 2.17: Seccomp is not in force daemon-wide.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace daemon_seccomp_profile {

std::optional<daemon::Verdict> engine_view(const docker::EngineSnapshot& engine) {
  const docker::SecurityOption* seccomp = daemon::security_option(engine.info, "seccomp");
  if (seccomp == nullptr) {
    return daemon::Verdict(
        "SecurityOptions has no name=seccomp (kernel or engine without seccomp)");
  }
  auto profile = seccomp->params.find("profile");
  if (profile != seccomp->params.end() && profile->second == "unconfined") {
    return daemon::Verdict("SecurityOptions: name=seccomp,profile=unconfined");
  }
  return std::nullopt;
}

std::vector<daemon::Verdict> config_view(const host::DaemonConfig& config) {
  // Unset: Docker's default profile is in force, which 2.17 accepts.
  const auto* profile = config.last("seccomp-profile");
  if (profile == nullptr) return {};
  if (profile->values.size() == 1 && profile->values[0] == "unconfined") {
    return {{describe(*profile) + ": seccomp is off for every container", false,
             core::Severity::kHigh}};
  }
  return {};
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(self, context, engine_view, config_view);
}

}  // namespace daemon_seccomp_profile

extern const Check kDaemonConfigSeccompProfile;  // listed in checks/list.h
const Check kDaemonConfigSeccompProfile{
    .info =
        {
            .code = "HDK-H-017",
            .slug = "daemon-config-seccomp-profile",
            .title = "Seccomp is not in force daemon-wide",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.17",
            .cobit = "DSS05.03",
            .description =
                "The daemon-wide seccomp profile filters the system calls of every container "
                "that does not bring its own. Docker's default profile passes, as the benchmark "
                "reads 2.17 (SecurityOptions name=seccomp,profile=default, shown as "
                "profile=builtin by newer engines), and so does a custom profile; no seccomp at "
                "all, or \"unconfined\", fails. Judged from the running engine (SecurityOptions "
                "name=seccomp and its profile) when it was read, and from the daemon "
                "configuration files and dockerd's command line (daemon.json, systemd unit, "
                "/etc/default/docker, /proc cmdline) (\"seccomp-profile\") when the host was "
                "read; one finding carries the evidence of both.",
            .remediation = "Keep Docker's default seccomp profile (remove \"seccomp-profile\": "
                           "\"unconfined\") "
                           "or set a reviewed custom profile; run on a kernel with seccomp.",
            .aliases = "HDK-D-009,daemon-seccomp-disabled",
        },
    .needs = Input::kEngineOrHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"seccomp-profile","values":["unconfined"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"info":{"SecurityOptions":["name=seccomp,profile=default"]},"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"seccomp-profile","values":["/etc/docker/seccomp.json"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = daemon_seccomp_profile::run,
};

}  // namespace hardock::audit::checks
