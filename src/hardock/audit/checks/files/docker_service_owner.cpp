// CIS 3.1: docker.service sets dockerd's command line and environment; whoever can change it runs
// code as root at the next daemon start.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace docker_service_owner {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_owner(self, context, host::kRoleDockerService, "root");
}

}  // namespace docker_service_owner

extern const Check kDockerServiceOwner;  // listed in checks/list.h
const Check kDockerServiceOwner{
    .info =
        {
            .code = "HDK-F-001",
            .slug = "docker-service-owner",
            .title = "docker.service is not owned by root:root",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.1",
            .cobit = "DSS05.03",
            .description =
                "docker.service sets dockerd's command line and environment; whoever can change it "
                "runs code as root at the next daemon start. CIS 3.1 wants it owned by root:root.",
            .remediation = "chown root:root /lib/systemd/system/docker.service",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"docker.service","path":"/lib/systemd/system/docker.service","exists":true,"is_dir":false,"mode":"0644","uid":1000,"gid":1000,"owner":"alice","group":"alice"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"docker.service","path":"/lib/systemd/system/docker.service","exists":true,"is_dir":false,"mode":"0644","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = docker_service_owner::run,
};

}  // namespace hardock::audit::checks
