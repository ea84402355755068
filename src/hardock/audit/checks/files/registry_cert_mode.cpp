// CIS 3.8: Certificates under /etc/docker/certs.d decide which registries the engine trusts; a
// writable one can be swapped for an attacker's CA.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace registry_cert_mode {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_mode(self, context, host::kRoleRegistryCert, 0444U);
}

}  // namespace registry_cert_mode

extern const Check kRegistryCertMode;  // listed in checks/list.h
const Check kRegistryCertMode{
    .info =
        {
            .code = "HDK-F-008",
            .slug = "registry-cert-mode",
            .title = "Registry certificates has permission bits beyond 0444",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.8",
            .cobit = "DSS05.03",
            .description = "Certificates under /etc/docker/certs.d decide which registries the "
                           "engine trusts; a writable one can be swapped for an attacker's CA. CIS "
                           "3.8 allows at most the bits of 0444.",
            .remediation = "chmod 444 /etc/docker/certs.d/registry.example:5000/ca.crt (every file "
                           "under /etc/docker/certs.d)",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"registry-cert","path":"/etc/docker/certs.d/registry.example:5000/ca.crt","exists":true,"is_dir":false,"mode":"0644","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"registry-cert","path":"/etc/docker/certs.d/registry.example:5000/ca.crt","exists":true,"is_dir":false,"mode":"0444","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = registry_cert_mode::run,
};

}  // namespace hardock::audit::checks
