// CIS 3.14: Whoever can read the server key can impersonate the daemon.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace tls_key_mode {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_mode(self, context, host::kRoleTlsKey, 0400U);
}

}  // namespace tls_key_mode

extern const Check kTlsKeyMode;  // listed in checks/list.h
const Check kTlsKeyMode{
    .info =
        {
            .code = "HDK-F-014",
            .slug = "tls-key-mode",
            .title = "The TLS server key has permission bits beyond 0400",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.14",
            .cobit = "DSS05.03",
            .description = "Whoever can read the server key can impersonate the daemon. CIS 3.14 "
                           "allows at most the bits of 0400.",
            .remediation =
                "chmod 400 /etc/docker/key.pem (and the file daemon.json names in tlskey)",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"tls-key","path":"/etc/docker/key.pem","exists":true,"is_dir":false,"mode":"0440","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"tls-key","path":"/etc/docker/key.pem","exists":true,"is_dir":false,"mode":"0400","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = tls_key_mode::run,
};

}  // namespace hardock::audit::checks
