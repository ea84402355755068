// CIS 3.20: /etc/default/docker passes options to dockerd; a writable file lets a non-root user
// change them.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace default_docker_mode {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_mode(self, context, host::kRoleDefaultDocker, 0644U);
}

}  // namespace default_docker_mode

extern const Check kDefaultDockerMode;  // listed in checks/list.h
const Check kDefaultDockerMode{
    .info =
        {
            .code = "HDK-F-020",
            .slug = "etc-default-docker-mode",
            .title = "/etc/default/docker has permission bits beyond 0644",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.20",
            .cobit = "DSS05.03",
            .description = "/etc/default/docker passes options to dockerd; a writable file lets a "
                           "non-root user change them. CIS 3.20 allows at most the bits of 0644.",
            .remediation = "chmod 644 /etc/default/docker",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"default-docker","path":"/etc/default/docker","exists":true,"is_dir":false,"mode":"0466","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"default-docker","path":"/etc/default/docker","exists":true,"is_dir":false,"mode":"0644","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = default_docker_mode::run,
};

}  // namespace hardock::audit::checks
