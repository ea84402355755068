// CIS 2.7: A TCP API endpoint lacks complete TLS client authentication, judged from the effective
// daemon configuration (host::DaemonConfig).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace daemon_tls_incomplete {

// The paper's ghost-container attack: an engine API that answers without a client certificate
// lets anyone who reaches the port start a privileged container on the host.
std::optional<std::vector<daemon::Verdict>> probe_view(const host::Exposure& exposure) {
  if (!exposure.probed) return std::nullopt;
  std::vector<daemon::Verdict> out;
  for (const auto& probe : exposure.api) {
    if (!probe.answered) continue;
    out.emplace_back(probe.scheme + "://" + probe.address + " (" + probe.source +
                         ") answered GET /_ping without a client certificate; engine version " +
                         (probe.version.empty() ? "not revealed" : probe.version),
                     false, core::Severity::kCritical);
  }
  return out;
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(
      self, context, nullptr,
      [](const host::DaemonConfig& config) -> std::vector<daemon::Verdict> {
        const auto endpoints = daemon::tcp_endpoints(config);
        if (endpoints.empty()) return {};
        std::string missing;
        if (config.boolean("tlsverify") != true) missing += "tlsverify";
        for (const char* key : {"tlscacert", "tlscert", "tlskey"}) {
          if (config.last(key) == nullptr)
            missing += (missing.empty() ? "" : ", ") + std::string(key);
        }
        if (missing.empty()) return {};
        std::string listed;
        for (const auto& endpoint : endpoints)
          listed += (listed.empty() ? "" : "; ") + endpoint.where;
        daemon::Verdict verdict{"TCP endpoint " + listed + " but not set: " + missing};
        verdict.from_default = true;
        return {verdict};
      },
      probe_view);
}

}  // namespace daemon_tls_incomplete

extern const Check kDaemonConfigTlsIncomplete;  // listed in checks/list.h
const Check kDaemonConfigTlsIncomplete{
    .info =
        {
            .code = "HDK-H-007",
            .slug = "daemon-config-tls-incomplete",
            .title = "The Docker API is reachable over TCP without TLS client authentication",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.7",
            .cobit = "DSS05.02",
            .description =
                "Every TCP endpoint of the API needs --tlsverify with tlscacert, tlscert and "
                "tlskey: --tls alone encrypts but accepts any client, and an endpoint that "
                "answers without a client certificate hands the host to whoever reaches it "
                "(critical). Judged from the daemon configuration files and dockerd's command "
                "line (daemon.json, systemd unit, /etc/default/docker, /proc cmdline) and, on the "
                "live host, from probes of the API addresses (GET /_ping without a client "
                "certificate); one finding carries both.",
            .remediation =
                "Set \"tlsverify\": true, \"tlscacert\", \"tlscert\" and \"tlskey\" in daemon.json "
                "(or the matching flags) whenever \"hosts\" or docker.socket has a TCP address; "
                "better, remove tcp:// and use SSH (DOCKER_HOST=ssh://).",
            .aliases = "HDK-X-001,api-without-client-cert",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"hosts","values":["tcp://10.0.0.5:2376"],"origin":"file","source":"/etc/docker/daemon.json:2"},{"key":"tls","values":["true"],"origin":"file","source":"/etc/docker/daemon.json:3"}]}}})",
    .good =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"hosts","values":["tcp://10.0.0.5:2376"],"origin":"file","source":"/etc/docker/daemon.json:2"},{"key":"tlsverify","values":["true"],"origin":"file","source":"/etc/docker/daemon.json:3"},{"key":"tlscacert","values":["/etc/docker/ca.pem"],"origin":"file","source":"/etc/docker/daemon.json:4"},{"key":"tlscert","values":["/etc/docker/cert.pem"],"origin":"file","source":"/etc/docker/daemon.json:5"},{"key":"tlskey","values":["/etc/docker/key.pem"],"origin":"file","source":"/etc/docker/daemon.json:6"}]}}})",
    .run = daemon_tls_incomplete::run,
};

}  // namespace hardock::audit::checks
