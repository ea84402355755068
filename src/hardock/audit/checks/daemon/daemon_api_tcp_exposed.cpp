// The Docker API listens on TCP without TLS client verification, judged from the effective daemon
// configuration (host::DaemonConfig).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace daemon_api_tcp_exposed {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(
      self, context, nullptr, [](const host::DaemonConfig& config) -> std::vector<daemon::Verdict> {
        if (config.boolean("tlsverify") == true) return {};
        const bool tls = config.boolean("tls") == true;
        std::vector<daemon::Verdict> out;
        for (const auto& endpoint : daemon::tcp_endpoints(config)) {
          std::string scope =
              daemon::every_interface(endpoint.host)
                  ? "listens on every interface (" +
                        (endpoint.host.empty() ? std::string("0.0.0.0") : endpoint.host) + ")"
                  : "listens on " + endpoint.host;
          daemon::Verdict verdict{
              endpoint.where + " " + scope +
              (tls ? " with --tls but without --tlsverify: any client is accepted"
                   : " without TLS: no client authentication")};
          if (daemon::loopback(endpoint.host)) verdict.severity = core::Severity::kHigh;
          out.push_back(std::move(verdict));
        }
        return out;
      });
}

}  // namespace daemon_api_tcp_exposed

extern const Check kDaemonApiTcpWithoutTls;  // listed in checks/list.h
const Check kDaemonApiTcpWithoutTls{
    .info =
        {
            .code = "HDK-H-020",
            .slug = "daemon-api-tcp-without-tls",
            .title = "The Docker API listens on TCP without TLS client verification",
            .severity = core::Severity::kCritical,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "",
            .cobit = "DSS05.02",
            .description = "Whoever reaches an unauthenticated TCP API controls the daemon: starts "
                           "privileged containers, mounts the host root (the \"ghost container\" "
                           "attack). Judged from -H flags, daemon.json \"hosts\" and docker.socket "
                           "ListenStream; loopback-only endpoints are high, others critical.",
            .remediation =
                "Remove the TCP host, or set \"tlsverify\": true with tlscacert, tlscert and "
                "tlskey; use port 2376 for TLS. Prefer ssh:// contexts over TCP.",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"hosts","values":["tcp://0.0.0.0:2375"],"origin":"flag","source":"/lib/systemd/system/docker.service:ExecStart","flag":"-H"}]}}})",
    .good =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"hosts","values":["tcp://0.0.0.0:2376"],"origin":"file","source":"/etc/docker/daemon.json:2"},{"key":"tlsverify","values":["true"],"origin":"file","source":"/etc/docker/daemon.json:3"}]}}})",
    .run = daemon_api_tcp_exposed::run,
};

}  // namespace hardock::audit::checks
