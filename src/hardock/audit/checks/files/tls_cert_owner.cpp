// CIS 3.11: The server certificate is the daemon's identity towards its clients.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace tls_cert_owner {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_owner(self, context, host::kRoleTlsCert, "root");
}

}  // namespace tls_cert_owner

extern const Check kTlsCertOwner;  // listed in checks/list.h
const Check kTlsCertOwner{
    .info =
        {
            .code = "HDK-F-011",
            .slug = "tls-cert-owner",
            .title = "The TLS server certificate is not owned by root:root",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.11",
            .cobit = "DSS05.03",
            .description = "The server certificate is the daemon's identity towards its clients. "
                           "CIS 3.11 wants it owned by root:root.",
            .remediation =
                "chown root:root /etc/docker/cert.pem (and the file daemon.json names in tlscert)",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"tls-cert","path":"/etc/docker/cert.pem","exists":true,"is_dir":false,"mode":"0444","uid":1000,"gid":1000,"owner":"alice","group":"alice"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"tls-cert","path":"/etc/docker/cert.pem","exists":true,"is_dir":false,"mode":"0444","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = tls_cert_owner::run,
};

}  // namespace hardock::audit::checks
