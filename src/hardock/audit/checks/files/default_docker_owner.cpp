// CIS 3.19: /etc/default/docker passes options to dockerd on Debian-style hosts.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace default_docker_owner {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_owner(self, context, host::kRoleDefaultDocker, "root");
}

}  // namespace default_docker_owner

extern const Check kDefaultDockerOwner;  // listed in checks/list.h
const Check kDefaultDockerOwner{
    .info =
        {
            .code = "HDK-F-019",
            .slug = "etc-default-docker-owner",
            .title = "/etc/default/docker is not owned by root:root",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.19",
            .cobit = "DSS05.03",
            .description = "/etc/default/docker passes options to dockerd on Debian-style hosts. "
                           "CIS 3.19 wants it owned by root:root.",
            .remediation = "chown root:root /etc/default/docker",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"default-docker","path":"/etc/default/docker","exists":true,"is_dir":false,"mode":"0644","uid":1000,"gid":1000,"owner":"alice","group":"alice"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"default-docker","path":"/etc/default/docker","exists":true,"is_dir":false,"mode":"0644","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = default_docker_owner::run,
};

}  // namespace hardock::audit::checks
