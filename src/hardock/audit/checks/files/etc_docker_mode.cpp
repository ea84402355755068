// CIS 3.6: /etc/docker holds daemon.json, TLS keys and registry certificates; a writable directory
// lets files in it be replaced.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace etc_docker_mode {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_mode(self, context, host::kRoleEtcDocker, 0755U);
}

}  // namespace etc_docker_mode

extern const Check kEtcDockerMode;  // listed in checks/list.h
const Check kEtcDockerMode{
    .info =
        {
            .code = "HDK-F-006",
            .slug = "etc-docker-mode",
            .title = "/etc/docker has permission bits beyond 0755",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.6",
            .cobit = "DSS05.03",
            .description =
                "/etc/docker holds daemon.json, TLS keys and registry certificates; a writable "
                "directory lets files in it be replaced. CIS 3.6 allows at most the bits of 0755.",
            .remediation = "chmod 755 /etc/docker",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"etc-docker","path":"/etc/docker","exists":true,"is_dir":true,"mode":"0775","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"etc-docker","path":"/etc/docker","exists":true,"is_dir":true,"mode":"0755","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = etc_docker_mode::run,
};

}  // namespace hardock::audit::checks
