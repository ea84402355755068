// CIS 3.22: /etc/sysconfig/docker passes options to dockerd on Red Hat-style hosts.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace sysconfig_docker_owner {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_owner(self, context, host::kRoleSysconfigDocker, "root");
}

}  // namespace sysconfig_docker_owner

extern const Check kSysconfigDockerOwner;  // listed in checks/list.h
const Check kSysconfigDockerOwner{
    .info =
        {
            .code = "HDK-F-022",
            .slug = "sysconfig-docker-owner",
            .title = "/etc/sysconfig/docker is not owned by root:root",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.22",
            .cobit = "DSS05.03",
            .description = "/etc/sysconfig/docker passes options to dockerd on Red Hat-style "
                           "hosts. CIS 3.22 wants it owned by root:root.",
            .remediation = "chown root:root /etc/sysconfig/docker",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"sysconfig-docker","path":"/etc/sysconfig/docker","exists":true,"is_dir":false,"mode":"0644","uid":1000,"gid":1000,"owner":"alice","group":"alice"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"sysconfig-docker","path":"/etc/sysconfig/docker","exists":true,"is_dir":false,"mode":"0644","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = sysconfig_docker_owner::run,
};

}  // namespace hardock::audit::checks
