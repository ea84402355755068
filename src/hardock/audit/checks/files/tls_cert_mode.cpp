// CIS 3.12: The server certificate is the daemon's identity towards its clients; a writable one can
// be replaced.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace tls_cert_mode {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_mode(self, context, host::kRoleTlsCert, 0444U);
}

}  // namespace tls_cert_mode

extern const Check kTlsCertMode;  // listed in checks/list.h
const Check kTlsCertMode{
    .info =
        {
            .code = "HDK-F-012",
            .slug = "tls-cert-mode",
            .title = "The TLS server certificate has permission bits beyond 0444",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.12",
            .cobit = "DSS05.03",
            .description =
                "The server certificate is the daemon's identity towards its clients; a writable "
                "one can be replaced. CIS 3.12 allows at most the bits of 0444.",
            .remediation =
                "chmod 444 /etc/docker/cert.pem (and the file daemon.json names in tlscert)",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"tls-cert","path":"/etc/docker/cert.pem","exists":true,"is_dir":false,"mode":"0644","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"tls-cert","path":"/etc/docker/cert.pem","exists":true,"is_dir":false,"mode":"0444","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = tls_cert_mode::run,
};

}  // namespace hardock::audit::checks
