// CIS 3.7: Certificates under /etc/docker/certs.d decide which registries the engine trusts.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/files/file_rules.h"

namespace hardock::audit::checks {
namespace registry_cert_owner {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return files::judge_owner(self, context, host::kRoleRegistryCert, "root");
}

}  // namespace registry_cert_owner

extern const Check kRegistryCertOwner;  // listed in checks/list.h
const Check kRegistryCertOwner{
    .info =
        {
            .code = "HDK-F-007",
            .slug = "registry-cert-owner",
            .title = "Registry certificates is not owned by root:root",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "3.7",
            .cobit = "DSS05.03",
            .description = "Certificates under /etc/docker/certs.d decide which registries the "
                           "engine trusts. CIS 3.7 wants it owned by root:root.",
            .remediation = "chown root:root /etc/docker/certs.d/registry.example:5000/ca.crt "
                           "(every file under /etc/docker/certs.d)",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"files":[{"role":"registry-cert","path":"/etc/docker/certs.d/registry.example:5000/ca.crt","exists":true,"is_dir":false,"mode":"0444","uid":1000,"gid":1000,"owner":"alice","group":"alice"}]}}})",
    .good =
        R"({"host":{"facts":{"files":[{"role":"registry-cert","path":"/etc/docker/certs.d/registry.example:5000/ca.crt","exists":true,"is_dir":false,"mode":"0444","uid":0,"gid":0,"owner":"root","group":"root"}]}}})",
    .run = registry_cert_owner::run,
};

}  // namespace hardock::audit::checks
