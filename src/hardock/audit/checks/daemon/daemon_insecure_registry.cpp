// CIS 2.5: Daemon trusts insecure registries.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"
#include "hardock/audit/checks/network/ports.h"

namespace hardock::audit::checks {
namespace daemon_insecure_registry {

bool is_loopback_cidr(const std::string& cidr) {
  return cidr == "127.0.0.0/8" || cidr == "::1/128";
}

std::optional<daemon::Verdict> engine_view(const docker::EngineSnapshot& engine) {
  std::vector<std::string> cidrs;
  for (const auto& cidr : engine.info.insecure_registry_cidrs) {
    if (!is_loopback_cidr(cidr)) cidrs.push_back(cidr);
  }
  std::vector<std::string> parts;
  if (!cidrs.empty()) {
    parts.push_back("RegistryConfig.InsecureRegistryCIDRs: " + network::join(cidrs));
  }
  if (!engine.info.insecure_registries.empty()) {
    parts.push_back("RegistryConfig.IndexConfigs with Secure=false: " +
                    network::join(engine.info.insecure_registries));
  }
  if (parts.empty()) return std::nullopt;
  return daemon::Verdict(network::join(parts));
}

std::vector<daemon::Verdict> config_view(const host::DaemonConfig& config) {
  std::vector<daemon::Verdict> out;
  for (const auto* setting : config.effective("insecure-registries")) {
    for (const auto& value : setting->values) {
      // dockerd itself treats loopback as insecure; listing it changes nothing.
      if (daemon::loopback(value) || value.starts_with("localhost:")) continue;
      out.push_back({"insecure registry " + value + " (" + daemon::where(*setting) + ")"});
    }
  }
  return out;
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(self, context, engine_view, config_view);
}

}  // namespace daemon_insecure_registry

extern const Check kDaemonConfigInsecureRegistry;  // listed in checks/list.h
const Check kDaemonConfigInsecureRegistry{
    .info =
        {
            .code = "HDK-H-005",
            .slug = "daemon-config-insecure-registry",
            .title = "Daemon trusts insecure registries",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.5",
            .cobit = "DSS05.02",
            .description =
                "Images pulled from an insecure registry travel without verified TLS: anyone on "
                "the path can swap them. Loopback, which dockerd itself treats as insecure, is "
                "not counted. Judged from the running engine "
                "(RegistryConfig.InsecureRegistryCIDRs and IndexConfigs with Secure=false) when "
                "it was read, and from the daemon configuration files and dockerd's command "
                "line (daemon.json, systemd unit, /etc/default/docker, /proc cmdline) "
                "(\"insecure-registries\" and --insecure-registry) when the host was read; one "
                "finding carries the evidence of both.",
            .remediation =
                "Remove the entries from \"insecure-registries\" (and --insecure-registry flags); "
                "give the registry a certificate the host trusts "
                "(/etc/docker/certs.d/<registry>/ca.crt).",
            .aliases = "HDK-D-003,insecure-registry",
        },
    .needs = Input::kEngineOrHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"insecure-registries","values":["registry.local:5000"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"info":{"RegistryConfig":{"InsecureRegistryCIDRs":["127.0.0.0/8"]}},"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"insecure-registries","values":["127.0.0.0/8"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = daemon_insecure_registry::run,
};

}  // namespace hardock::audit::checks
