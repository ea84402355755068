// `docker login` without a credential store writes user:password base64-encoded
// (not encrypted) into config.json; anyone who reads the file has the login.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/exposure/util.h"

namespace hardock::audit::checks {
namespace plaintext_registry_credentials {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<std::string> evidence;
  std::vector<std::string> unchecked;
  for (const auto& config : context.host->exposure.client_configs) {
    if (!config.error.empty())
      unchecked.push_back("could not read " + config.path + ": " + config.error);
    for (const auto& credential : config.credentials) {
      if (!credential.plaintext) continue;
      // Only the redacted form exists in the snapshot; the secret never reaches here.
      evidence.push_back(config.path + ": auths[\"" + credential.registry +
                         "\"] holds a plaintext credential " + credential.redacted);
    }
  }
  return exposure_util::host_findings(self, context, std::move(evidence), unchecked);
}

}  // namespace plaintext_registry_credentials

extern const Check kPlaintextRegistryCredentials;  // listed in checks/list.h
const Check kPlaintextRegistryCredentials{
    .info =
        {
            .code = "HDK-X-008",
            .slug = "plaintext-registry-credentials",
            .title = "Registry password stored in plain base64",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kHost,
            .cis = "",
            .cobit = "DSS05.04",
            .description = "The \"auth\" field is only base64: a backup, a leaked home directory "
                           "or a container mounting it gives away push rights to the registry.",
            .remediation = "Configure a credential store (\"credsStore\": \"pass\" or "
                           "\"secretservice\", or credHelpers), run docker logout and login "
                           "again, and rotate the exposed password.",
        },
    .needs = Input::kHost,
    .bad = R"({"host":{"exposure":{"client_configs":[{"path":"/root/.docker/config.json",
      "registries":["reg.local:5000"],"credentials":[{"registry":"reg.local:5000",
      "user":"ci","redacted":"ci:s3****","plaintext":true}]}]}}})",
    .good = R"({"host":{"exposure":{"client_configs":[{"path":"/root/.docker/config.json",
      "creds_store":"pass","registries":["reg.local:5000"],"credentials":[]}]}}})",
    .run = plaintext_registry_credentials::run,
};

}  // namespace hardock::audit::checks
