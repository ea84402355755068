// Secrets in a container's environment. Config.Env of a container is its image's environment
// plus what `docker run -e` added; either way every process in the container, every `docker
// inspect` and every snapshot of the engine shows it. The values are never reported, only the
// keys, the rule that matched and a redacted form.
#include "hardock/audit/check.h"
#include "hardock/secrets/secrets.h"

namespace hardock::audit::checks {
namespace env_secrets {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    std::string evidence;
    for (const auto& variable : container.env) {
      const auto equals = variable.find('=');
      if (equals == std::string::npos) continue;
      const std::string_view key = std::string_view(variable).substr(0, equals);
      const std::string_view value = std::string_view(variable).substr(equals + 1);
      auto match = secrets::in_assignment(key, value, context.config.accepted_secret_keys);
      if (!match) continue;
      evidence += (evidence.empty() ? "" : ", ") + std::string(key) + "=" + match->redacted + " (" +
                  match->description + ")";
    }
    if (!evidence.empty()) {
      findings.push_back(
          core::make_finding(self.info, container_target(container), "Config.Env: " + evidence));
    }
  }
  return findings;
}

}  // namespace env_secrets

extern const Check kEnvSecrets;  // listed in checks/list.h
const Check kEnvSecrets{
    .info =
        {
            .code = "HDK-C-026",
            .slug = "secrets-in-environment",
            .title = "Container environment holds a secret",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kContainer,
            .cis = "",
            .cobit = "DSS05.04",
            .description =
                "An environment variable is visible to every process in the container, to "
                "`docker inspect`, to anything that reads the engine's API and to every snapshot "
                "of it; a password or token there leaks with all of them. Matched by name "
                "(PASSWORD, TOKEN, API_KEY ... with a literal value) and by value (cloud keys, "
                "private keys, tokens in their documented formats). References such as "
                "DB_PASSWORD_FILE=/run/secrets/db are fine; keys listed in the audit config's "
                "secrets.accept are left alone. Values are never shown.",
            .remediation = "Pass secrets as files: Docker secrets or a read-only bind mount under "
                           "/run/secrets, with the application reading *_FILE variables; rotate "
                           "every secret that was in the environment.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/db","Config":{
              "Env":["PATH=/usr/bin","MYSQL_ROOT_PASSWORD=hunter2"]}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/db","Config":{
               "Env":["PATH=/usr/bin","MYSQL_ROOT_PASSWORD_FILE=/run/secrets/db"]}}}]})",
    .run = env_secrets::run,
};

}  // namespace hardock::audit::checks
