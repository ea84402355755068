// CIS 3.13: Whoever holds the server key can impersonate the daemon.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace tls_key_owner {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_owner(self, context, host::kRoleTlsKey, "root");
}

}  // namespace tls_key_owner

extern const Check kTlsKeyOwner;  // listed in checks/list.h
const Check kTlsKeyOwner{
    .info =
        {
            .code = "HDK-F-013",
            .slug = "tls-key-owner",
            .title = "The TLS server key is not owned by root:root",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.13",
            .cobit = "DSS05.03",
            .description = "Whoever holds the server key can impersonate the daemon. CIS 3.13 "
                           "wants it owned by root:root.",
            .remediation =
                "chown root:root /etc/docker/key.pem (and the file daemon.json names in tlskey)",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"tls-key","path":"/etc/docker/key.pem","exists":true,"is_dir":false,"mode":"0400","uid":1000,"gid":1000,"owner":"alice","group":"alice"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"tls-key","path":"/etc/docker/key.pem","exists":true,"is_dir":false,"mode":"0400","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = tls_key_owner::run,
};

}  // namespace hardock::audit::checks
