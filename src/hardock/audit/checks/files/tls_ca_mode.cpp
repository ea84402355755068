// CIS 3.10: The CA certificate decides which clients may use the daemon's TCP API; a writable one
// lets anyone admit their own clients.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace tls_ca_mode {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_mode(self, context, host::kRoleTlsCa, 0444U);
}

}  // namespace tls_ca_mode

extern const Check kTlsCaMode;  // listed in checks/list.h
const Check kTlsCaMode{
    .info =
        {
            .code = "HDK-F-010",
            .slug = "tls-ca-mode",
            .title = "The TLS CA certificate has permission bits beyond 0444",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.10",
            .cobit = "DSS05.03",
            .description = "The CA certificate decides which clients may use the daemon's TCP API; "
                           "a writable one lets anyone admit their own clients. CIS 3.10 allows at "
                           "most the bits of 0444.",
            .remediation =
                "chmod 444 /etc/docker/ca.pem (and the file daemon.json names in tlscacert)",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"tls-ca","path":"/etc/docker/ca.pem","exists":true,"is_dir":false,"mode":"0644","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"tls-ca","path":"/etc/docker/ca.pem","exists":true,"is_dir":false,"mode":"0444","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = tls_ca_mode::run,
};

}  // namespace hardock::audit::checks
