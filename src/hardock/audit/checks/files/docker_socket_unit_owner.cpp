// CIS 3.3: docker.socket decides where and with which owner the API socket is created.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace docker_socket_unit_owner {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_owner(self, context, host::kRoleDockerSocketUnit, "root");
}

}  // namespace docker_socket_unit_owner

extern const Check kDockerSocketUnitOwner;  // listed in checks/list.h
const Check kDockerSocketUnitOwner{
    .info =
        {
            .code = "HDK-F-003",
            .slug = "docker-socket-unit-owner",
            .title = "docker.socket is not owned by root:root",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.3",
            .cobit = "DSS05.03",
            .description = "docker.socket decides where and with which owner the API socket is "
                           "created. CIS 3.3 wants it owned by root:root.",
            .remediation = "chown root:root /lib/systemd/system/docker.socket",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"docker.socket","path":"/lib/systemd/system/docker.socket","exists":true,"is_dir":false,"mode":"0644","uid":1000,"gid":1000,"owner":"alice","group":"alice"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"docker.socket","path":"/lib/systemd/system/docker.socket","exists":true,"is_dir":false,"mode":"0644","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = docker_socket_unit_owner::run,
};

}  // namespace hardock::audit::checks
