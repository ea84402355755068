// CIS 3.17: daemon.json configures the daemon (TLS, authorization plugins, registries).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace daemon_json_owner {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_owner(self, context, host::kRoleDaemonJson, "root");
}

}  // namespace daemon_json_owner

extern const Check kDaemonJsonOwner;  // listed in checks/list.h
const Check kDaemonJsonOwner{
    .info =
        {
            .code = "HDK-F-017",
            .slug = "daemon-json-owner",
            .title = "daemon.json is not owned by root:root",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.17",
            .cobit = "DSS05.03",
            .description = "daemon.json configures the daemon (TLS, authorization plugins, "
                           "registries). CIS 3.17 wants it owned by root:root.",
            .remediation = "chown root:root /etc/docker/daemon.json",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"daemon.json","path":"/etc/docker/daemon.json","exists":true,"is_dir":false,"mode":"0644","uid":1000,"gid":1000,"owner":"alice","group":"alice"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"daemon.json","path":"/etc/docker/daemon.json","exists":true,"is_dir":false,"mode":"0644","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = daemon_json_owner::run,
};

}  // namespace hardock::audit::checks
