// CIS 3.9: The CA certificate decides which clients may use the daemon's TCP API.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace tls_ca_owner {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_owner(self, context, host::kRoleTlsCa, "root");
}

}  // namespace tls_ca_owner

extern const Check kTlsCaOwner;  // listed in checks/list.h
const Check kTlsCaOwner{
    .info =
        {
            .code = "HDK-F-009",
            .slug = "tls-ca-owner",
            .title = "The TLS CA certificate is not owned by root:root",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.9",
            .cobit = "DSS05.03",
            .description = "The CA certificate decides which clients may use the daemon's TCP API. "
                           "CIS 3.9 wants it owned by root:root.",
            .remediation =
                "chown root:root /etc/docker/ca.pem (and the file daemon.json names in tlscacert)",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"tls-ca","path":"/etc/docker/ca.pem","exists":true,"is_dir":false,"mode":"0444","uid":1000,"gid":1000,"owner":"alice","group":"alice"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"tls-ca","path":"/etc/docker/ca.pem","exists":true,"is_dir":false,"mode":"0444","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = tls_ca_owner::run,
};

}  // namespace hardock::audit::checks
