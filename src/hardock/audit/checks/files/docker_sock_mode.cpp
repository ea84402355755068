// CIS 3.16: Access to docker.sock is root on the host; any bit for others hands it to every local
// user.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace docker_sock_mode {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_mode(
      self, context, host::kRoleDockerSock, 0660U,
      files::other_socket_modes(context, "docker", host::kRoleDockerSock, 0660U));
}

}  // namespace docker_sock_mode

extern const Check kDockerSockMode;  // listed in checks/list.h
const Check kDockerSockMode{
    .info =
        {
            .code = "HDK-F-016",
            .slug = "docker-sock-mode",
            .title = "docker.sock has permission bits beyond 0660",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.16",
            .cobit = "DSS05.03",
            .description = "Access to docker.sock is root on the host; any bit for others hands it "
                           "to every local user. CIS 3.16 allows at most the bits of 0660.",
            .remediation = "chmod 660 /var/run/docker.sock (owner root:docker) and remove "
                           "whatever widened it (a chmod in a unit, SocketMode= in docker.socket).",
            .aliases = "HDK-X-002,docker-socket-world-accessible",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"docker.sock","path":"/var/run/docker.sock","exists":true,"is_dir":false,"mode":"0666","uid":0,"gid":999,"owner":"root","group":"docker"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"docker.sock","path":"/var/run/docker.sock","exists":true,"is_dir":false,"mode":"0660","uid":0,"gid":999,"owner":"root","group":"docker"}]}}})",
    .run = docker_sock_mode::run,
};

}  // namespace hardock::audit::checks
