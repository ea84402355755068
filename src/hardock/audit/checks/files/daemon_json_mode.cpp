// CIS 3.18: daemon.json configures the daemon; a writable file lets a non-root user turn
// protections off.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace daemon_json_mode {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_mode(self, context, host::kRoleDaemonJson, 0644U);
}

}  // namespace daemon_json_mode

extern const Check kDaemonJsonMode;  // listed in checks/list.h
const Check kDaemonJsonMode{
    .info =
        {
            .code = "HDK-F-018",
            .slug = "daemon-json-mode",
            .title = "daemon.json has permission bits beyond 0644",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.18",
            .cobit = "DSS05.03",
            .description = "daemon.json configures the daemon; a writable file lets a non-root "
                           "user turn protections off. CIS 3.18 allows at most the bits of 0644.",
            .remediation = "chmod 644 /etc/docker/daemon.json",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"daemon.json","path":"/etc/docker/daemon.json","exists":true,"is_dir":false,"mode":"0466","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"daemon.json","path":"/etc/docker/daemon.json","exists":true,"is_dir":false,"mode":"0644","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = daemon_json_mode::run,
};

}  // namespace hardock::audit::checks
