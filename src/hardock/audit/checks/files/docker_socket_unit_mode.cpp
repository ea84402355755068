// CIS 3.4: docker.socket decides where and with which owner the API socket is created; a writable
// unit can expose the API.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace docker_socket_unit_mode {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_mode(self, context, host::kRoleDockerSocketUnit, 0644U);
}

}  // namespace docker_socket_unit_mode

extern const Check kDockerSocketUnitMode;  // listed in checks/list.h
const Check kDockerSocketUnitMode{
    .info =
        {
            .code = "HDK-F-004",
            .slug = "docker-socket-unit-mode",
            .title = "docker.socket has permission bits beyond 0644",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.4",
            .cobit = "DSS05.03",
            .description =
                "docker.socket decides where and with which owner the API socket is created; a "
                "writable unit can expose the API. CIS 3.4 allows at most the bits of 0644.",
            .remediation = "chmod 644 /lib/systemd/system/docker.socket",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"docker.socket","path":"/lib/systemd/system/docker.socket","exists":true,"is_dir":false,"mode":"0466","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"docker.socket","path":"/lib/systemd/system/docker.socket","exists":true,"is_dir":false,"mode":"0644","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = docker_socket_unit_mode::run,
};

}  // namespace hardock::audit::checks
