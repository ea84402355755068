// CIS 4.10: secrets are not stored in Dockerfiles. A literal secret in ARG, ENV or LABEL is in
// the Dockerfile (and its repository) whatever stage holds it; in the image's stages it is
// also in the image's configuration or history. A build argument named like a secret, even
// without default, hands its --build-arg value to every later RUN of the stage, and BuildKit
// records those values in the image's history; ENV NAME=$ARG copies one into the image's
// environment. Values are never reported.
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_secret_arg_env {

namespace rules = dockerfile_rules;

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  const auto& accepted = context.config.accepted_secret_keys;
  for (const auto& subject : rules::subjects(context)) {
    const auto& in_image = rules::image_stages(subject);
    for (const auto& inst : subject.file.instructions) {
      // Only these hold assignments (the rest are most of a file).
      if (inst.keyword != rules::Keyword::kEnv && inst.keyword != rules::Keyword::kLabel &&
          inst.keyword != rules::Keyword::kArg) {
        continue;
      }
      const bool image = rules::in_image_stage(in_image, inst);
      const std::string_view where = image ? "" : " (a stage the image is not built from)";
      // A literal value: judged by name and by value wherever it is.
      auto literal = [&](const dockerfile::Word& key, const dockerfile::Word& value) {
        if (rules::references_variable(value.raw)) return false;
        const auto match = secrets::in_assignment(key.value(), value.value(), accepted);
        if (!match) return false;
        const std::string_view keyword = dockerfile::keyword_name(inst.keyword);
        audit::add_dockerfile_finding(
            findings, self.info, subject,
            rules::equals(match->rule, "secret-named-variable") ? key.pos : value.pos,
            rules::evidence_text(keyword, " ", rules::Bounded{key.value(), 80}, "=",
                                 match->redacted, " (", match->description, ")", where));
        return true;
      };
      if (inst.keyword == rules::Keyword::kEnv || inst.keyword == rules::Keyword::kLabel) {
        const auto* pairs = inst.as<std::vector<dockerfile::KeyValue>>();
        if (pairs == nullptr) continue;
        for (const auto& pair : *pairs) {
          if (literal(pair.key, pair.value)) continue;
          // ENV TOKEN=$TOKEN: the build-time value stays in the image's configuration.
          if (image && rules::references_variable(pair.value.raw) &&
              rules::secret_named(pair.key.value(), accepted)) {
            audit::add_dockerfile_finding(
                findings, self.info, subject, pair.key.pos,
                rules::evidence_text(
                    dockerfile::keyword_name(inst.keyword), " ",
                    rules::Bounded{pair.key.value(), 80},
                    " is named like a secret and takes its value from a variable, which the "
                    "image's configuration then holds: ",
                    rules::EvidenceOf{inst}));
          }
        }
      } else if (inst.keyword == rules::Keyword::kArg) {
        const auto* decls = inst.as<std::vector<dockerfile::ArgDecl>>();
        if (decls == nullptr) continue;
        for (const auto& decl : *decls) {
          if (decl.default_value && literal(decl.name, *decl.default_value)) continue;
          if (!image || !rules::secret_named(decl.name.value(), accepted)) continue;
          audit::add_dockerfile_finding(
              findings, self.info, subject, decl.name.pos,
              rules::evidence_text(
                  "ARG ", rules::Bounded{decl.name.value(), 80},
                  " is named like a secret: a value passed with --build-arg is recorded in the "
                  "image's history by every later RUN of the stage"));
        }
      }
    }
  }
}

}  // namespace dockerfile_secret_arg_env

extern const Check kDockerfileSecretArgEnv;  // listed in checks/list.h
const Check kDockerfileSecretArgEnv{
    .info =
        {
            .code = "HDK-B-010",
            .slug = "dockerfile-secret-arg-env",
            .title = "Secret in an ARG, ENV or LABEL of the Dockerfile",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "4.10",
            .cobit = "DSS05.04",
            .description =
                "Fails for an ARG default, ENV or LABEL value that is a literal secret: a "
                "variable named like one (PASSWORD, TOKEN, API_KEY ...) with a literal value, or "
                "any value the secret rules match (cloud keys, private keys, tokens, passwords "
                "in URLs); in any stage, because the Dockerfile itself holds it. In the final "
                "stage and the stages it is built FROM it also fails for an ARG named like a "
                "secret without default (its --build-arg value lands in the image's history) "
                "and for an ENV or LABEL named like one whose value is a variable. Passes for "
                "*_FILE and *_PATH names, values that are file paths, and keys listed in the "
                "configuration's accepted secret keys. Values are never shown.",
            .remediation = "Pass build-time secrets with RUN --mount=type=secret,id=... (docker "
                           "build --secret) and run-time secrets as files (Docker secrets, "
                           "/run/secrets); rotate any secret that was written in a Dockerfile.",
            .equivalents = "DL3064,DS-0031",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nENV DB_PASSWORD=hunter2\n",
    .good = "FROM debian:12\nENV DB_PASSWORD_FILE=/run/secrets/db\n",
    .run = collect<dockerfile_secret_arg_env::run>,
    .append = dockerfile_secret_arg_env::run,
};

}  // namespace hardock::audit::checks
