// CIS 3.21: /etc/sysconfig/docker passes options to dockerd on Red Hat-style hosts; a writable file
// lets a non-root user change them.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace sysconfig_docker_mode {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_mode(self, context, host::kRoleSysconfigDocker, 0644U);
}

}  // namespace sysconfig_docker_mode

extern const Check kSysconfigDockerMode;  // listed in checks/list.h
const Check kSysconfigDockerMode{
    .info =
        {
            .code = "HDK-F-021",
            .slug = "sysconfig-docker-mode",
            .title = "/etc/sysconfig/docker has permission bits beyond 0644",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.21",
            .cobit = "DSS05.03",
            .description = "/etc/sysconfig/docker passes options to dockerd on Red Hat-style "
                           "hosts; a writable file lets a non-root user change them. CIS 3.21 "
                           "allows at most the bits of 0644.",
            .remediation = "chmod 644 /etc/sysconfig/docker",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"sysconfig-docker","path":"/etc/sysconfig/docker","exists":true,"is_dir":false,"mode":"0466","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"sysconfig-docker","path":"/etc/sysconfig/docker","exists":true,"is_dir":false,"mode":"0644","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = sysconfig_docker_mode::run,
};

}  // namespace hardock::audit::checks
