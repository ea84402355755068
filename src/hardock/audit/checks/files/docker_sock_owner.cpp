// CIS 3.15: Access to docker.sock is root on the host; only root and the docker group may have it.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace docker_sock_owner {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_owner(self, context, host::kRoleDockerSock, "docker");
}

}  // namespace docker_sock_owner

extern const Check kDockerSockOwner;  // listed in checks/list.h
const Check kDockerSockOwner{
    .info =
        {
            .code = "HDK-F-015",
            .slug = "docker-sock-owner",
            .title = "docker.sock is not owned by root:docker",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.15",
            .cobit = "DSS05.03",
            .description = "Access to docker.sock is root on the host; only root and the docker "
                           "group may have it. CIS 3.15 wants it owned by root:docker.",
            .remediation = "chown root:docker /var/run/docker.sock",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"docker.sock","path":"/var/run/docker.sock","exists":true,"is_dir":false,"mode":"0660","uid":1000,"gid":1000,"owner":"alice","group":"alice"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"docker.sock","path":"/var/run/docker.sock","exists":true,"is_dir":false,"mode":"0660","uid":0,"gid":999,"owner":"root","group":"docker"}]}}})",
    .run = docker_sock_owner::run,
};

}  // namespace hardock::audit::checks
