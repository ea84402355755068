// CIS 3.5: /etc/docker holds daemon.json, TLS keys and registry certificates.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace etc_docker_owner {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_owner(self, context, host::kRoleEtcDocker, "root");
}

}  // namespace etc_docker_owner

extern const Check kEtcDockerOwner;  // listed in checks/list.h
const Check kEtcDockerOwner{
    .info =
        {
            .code = "HDK-F-005",
            .slug = "etc-docker-owner",
            .title = "/etc/docker is not owned by root:root",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.5",
            .cobit = "DSS05.03",
            .description = "/etc/docker holds daemon.json, TLS keys and registry certificates. CIS "
                           "3.5 wants it owned by root:root.",
            .remediation = "chown root:root /etc/docker",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"etc-docker","path":"/etc/docker","exists":true,"is_dir":true,"mode":"0755","uid":1000,"gid":1000,"owner":"alice","group":"alice"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"etc-docker","path":"/etc/docker","exists":true,"is_dir":true,"mode":"0755","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = etc_docker_owner::run,
};

}  // namespace hardock::audit::checks
