// CIS 3.24: containerd's API is as powerful as dockerd's and has no
// authorization at all; it must stay root-only and off the network.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/exposure/util.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  if (context.host == nullptr) return {};
  const auto& exposure = context.host->exposure;
  std::vector<std::string> evidence;
  for (const auto& socket : exposure.sockets) {
    if (socket.kind != "containerd" || !socket.present) continue;
    if ((socket.mode & 0007u) != 0) {
      evidence.push_back(socket.path + " mode " + exposure_util::octal_mode(socket.mode) +
                         " owner " + socket.owner);
    }
  }
  for (const auto& address : exposure.containerd_tcp) {
    evidence.push_back("containerd listens on TCP: " + address);
  }
  return exposure_util::host_findings(self, context, evidence);
}

}  // namespace

extern const Check kContainerdSocketExposed;  // listed in checks/list.h
const Check kContainerdSocketExposed{
    .info =
        {
            .code = "HDK-X-003",
            .slug = "containerd-socket-exposed",
            .title = "containerd socket is world-accessible or on TCP",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.24",
            .cobit = "DSS05.04",
            .description = "containerd's API can create and exec into any container, bypassing "
                           "dockerd and its authorization plugins; reachable by others it is "
                           "root on the host.",
            .remediation = "chmod 660 /run/containerd/containerd.sock and remove tcp_address "
                           "from the [grpc] section of /etc/containerd/config.toml.",
        },
    .needs = Input::kHost,
    .bad = R"({"host":{"exposure":{"sockets":[{"path":"/run/containerd/containerd.sock",
      "kind":"containerd","present":true,"mode":511,"owner":"0:0"}],
      "containerd_tcp":["/etc/containerd/config.toml: 0.0.0.0:10010"]}}})",
    .good = R"({"host":{"exposure":{"sockets":[{"path":"/run/containerd/containerd.sock",
      "kind":"containerd","present":true,"mode":432,"owner":"0:0"}]}}})",
    .run = run,
};

}  // namespace hardock::audit::checks
