// CIS 2.5: Insecure registries are configured, judged from the effective daemon configuration
// (host::DaemonConfig).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/host/daemon_judge.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return host_daemon::judge_config(
      self, context, [](const host::DaemonConfig& config) -> std::vector<host_daemon::Verdict> {
        std::vector<host_daemon::Verdict> out;
        for (const auto* setting : config.effective("insecure-registries")) {
          for (const auto& value : setting->values) {
            // dockerd itself treats loopback as insecure; listing it changes nothing.
            if (host_daemon::loopback(value) || value.starts_with("localhost:")) continue;
            out.push_back(
                {"insecure registry " + value + " (" + host_daemon::where(*setting) + ")"});
          }
        }
        return out;
      });
}

}  // namespace

extern const Check kDaemonConfigInsecureRegistry;  // listed in checks/list.h
const Check kDaemonConfigInsecureRegistry{
    .info =
        {
            .code = "HDK-H-005",
            .slug = "daemon-config-insecure-registry",
            .title = "Insecure registries are configured",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.5",
            .cobit = "DSS05.02",
            .description = "Images pulled from an insecure registry travel without verified TLS: "
                           "anyone on the path can swap them. Judged from the daemon configuration "
                           "files and dockerd's command line (daemon.json, systemd unit, "
                           "/etc/default/docker, /proc cmdline), not from the engine.",
            .remediation = "Remove the entries from \"insecure-registries\" (and "
                           "--insecure-registry flags); give the registry a certificate the host "
                           "trusts (/etc/docker/certs.d/<registry>/ca.crt).",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"insecure-registries","values":["registry.local:5000"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"insecure-registries","values":["127.0.0.0/8"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = run,
};

}  // namespace hardock::audit::checks
