// containerd's API is as powerful as dockerd's and has no authorization at all; it must stay off
// the network. (The socket file's mode is CIS 3.24, HDK-F-024's.)
#include "hardock/audit/check.h"
#include "hardock/audit/checks/exposure/util.h"

namespace hardock::audit::checks {
namespace containerd_socket_exposed {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  const auto& exposure = context.host->exposure;
  std::vector<std::string> evidence;
  for (const auto& address : exposure.containerd_tcp) {
    evidence.push_back("containerd listens on TCP: " + address);
  }
  std::vector<std::string> unchecked;
  for (const auto& error : exposure.containerd_errors)
    unchecked.push_back("could not read " + error);
  return exposure_util::host_findings(self, context, std::move(evidence), unchecked);
}

}  // namespace containerd_socket_exposed

extern const Check kContainerdSocketExposed;  // listed in checks/list.h
const Check kContainerdSocketExposed{
    .info =
        {
            .code = "HDK-X-003",
            .slug = "containerd-socket-exposed",
            .title = "containerd's API listens on TCP",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kHost,
            .cis = "",
            .cobit = "DSS05.04",
            .description = "containerd's API can create and exec into any container, bypassing "
                           "dockerd and its authorization plugins; reachable over the network it "
                           "is root on the host for anyone on it. The socket file's mode is "
                           "HDK-F-024's (3.24).",
            .remediation = "Remove tcp_address from the [grpc] section of "
                           "/etc/containerd/config.toml.",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"exposure":{"containerd_tcp":["/etc/containerd/config.toml: 0.0.0.0:10010"]}}})",
    .good = R"({"host":{"exposure":{"sockets":[{"path":"/run/containerd/containerd.sock",
      "kind":"containerd","present":true,"mode":432,"owner":"0:0"}]}}})",
    .run = containerd_socket_exposed::run,
};

}  // namespace hardock::audit::checks
