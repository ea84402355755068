// CIS 3.2: docker.service sets dockerd's command line and environment; a writable unit lets a
// non-root user change how the daemon runs.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace docker_service_mode {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_mode(self, context, host::kRoleDockerService, 0644U);
}

}  // namespace docker_service_mode

extern const Check kDockerServiceMode;  // listed in checks/list.h
const Check kDockerServiceMode{
    .info =
        {
            .code = "HDK-F-002",
            .slug = "docker-service-mode",
            .title = "docker.service has permission bits beyond 0644",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.2",
            .cobit = "DSS05.03",
            .description = "docker.service sets dockerd's command line and environment; a writable "
                           "unit lets a non-root user change how the daemon runs. CIS 3.2 allows "
                           "at most the bits of 0644.",
            .remediation = "chmod 644 /lib/systemd/system/docker.service",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"docker.service","path":"/lib/systemd/system/docker.service","exists":true,"is_dir":false,"mode":"0466","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"docker.service","path":"/lib/systemd/system/docker.service","exists":true,"is_dir":false,"mode":"0644","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = docker_service_mode::run,
};

}  // namespace hardock::audit::checks
