// CIS 3.16: docker.sock is root on the host for whoever can write to it.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/exposure/util.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  if (context.host == nullptr) return {};
  std::vector<std::string> evidence;
  for (const auto& socket : context.host->exposure.sockets) {
    if (socket.kind != "docker" || !socket.present) continue;
    // Any bit for "other" fails CIS's 660; a write bit is what lets others connect.
    if ((socket.mode & 0007u) != 0) {
      evidence.push_back(socket.path + " mode " + exposure_util::octal_mode(socket.mode) +
                         " owner " + socket.owner);
    }
  }
  return exposure_util::host_findings(self, context, evidence);
}

}  // namespace

extern const Check kDockerSocketWorldAccessible;  // listed in checks/list.h
const Check kDockerSocketWorldAccessible{
    .info =
        {
            .code = "HDK-X-002",
            .slug = "docker-socket-world-accessible",
            .title = "docker.sock is accessible to every local user",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.16",
            .cobit = "DSS05.04",
            .description = "Any local user or process that can connect to the Docker socket can "
                           "run a privileged container and so becomes root on the host.",
            .remediation = "chmod 660 /run/docker.sock (owner root:docker) and remove whatever "
                           "widened it (a chmod in a unit, SocketMode= in docker.socket).",
        },
    .needs = Input::kHost,
    .bad = R"({"host":{"exposure":{"sockets":[{"path":"/run/docker.sock","kind":"docker",
      "present":true,"mode":438,"owner":"0:998"}]}}})",
    .good = R"({"host":{"exposure":{"sockets":[{"path":"/run/docker.sock","kind":"docker",
      "present":true,"mode":432,"owner":"0:998"}]}}})",
    .run = run,
};

}  // namespace hardock::audit::checks
