// CIS 4.10: secrets are not stored in Dockerfiles. What a Dockerfile put in ENV, LABEL or a
// build argument ends up in the image's configuration and history, readable by anyone who can
// pull the image, forever. Values are never reported.
#include <sstream>

#include "hardock/audit/check.h"
#include "hardock/audit/checks/image/util.h"
#include "hardock/secrets/secrets.h"

namespace hardock::audit::checks {
namespace config_secrets {

// "KEY=value" or "KEY value" words of ENV/ARG/LABEL, and the build arguments BuildKit records
// before a RUN ("|2 TOKEN=x USER=y /bin/sh -c ...").
std::vector<std::pair<std::string, std::string>> assignments(std::string_view created_by) {
  std::vector<std::pair<std::string, std::string>> out;
  auto add_words = [&out](std::string_view words) {
    std::istringstream in{std::string(words)};
    std::string word;
    while (in >> word) {
      const auto equals = word.find('=');
      if (equals == std::string::npos || equals == 0) continue;
      std::string value = word.substr(equals + 1);
      if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'')) {
        value = value.substr(1, value.size() - 2);
      }
      out.emplace_back(word.substr(0, equals), value);
    }
  };
  if (created_by.starts_with("|")) {
    const auto shell = created_by.find("/bin/sh -c ");
    add_words(created_by.substr(0, shell));
  }
  const std::string_view step = image_rules::instruction(created_by);
  for (std::string_view keyword : {"ENV ", "ARG ", "LABEL "}) {
    if (!step.starts_with(keyword)) continue;
    std::string_view rest = step.substr(keyword.size());
    if (rest.find('=') == std::string_view::npos) {  // legacy "ENV KEY value"
      const auto space = rest.find(' ');
      if (space != std::string_view::npos) {
        out.emplace_back(std::string(rest.substr(0, space)), std::string(rest.substr(space + 1)));
      }
    } else {
      add_words(rest);
    }
  }
  return out;
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  const auto& accepted = context.config.accepted_secret_keys;
  return image_rules::per_image(
      self, context,
      [&](const image::ImageSubject& image) -> std::vector<std::string> {
        std::vector<std::string> parts;
        for (const auto& variable : image.config.env) {
          const auto equals = variable.find('=');
          if (equals == std::string::npos) continue;
          if (auto match = secrets::in_assignment(variable.substr(0, equals),
                                                  variable.substr(equals + 1), accepted)) {
            parts.push_back("ENV " + variable.substr(0, equals) + "=" + match->redacted + " (" +
                            match->description + ")");
          }
        }
        for (const auto& [key, value] : image.config.labels) {
          if (auto match = secrets::in_assignment(key, value, accepted)) {
            parts.push_back("LABEL " + key + "=" + match->redacted + " (" + match->description +
                            ")");
          }
        }
        for (std::size_t index = 0; index < image.config.history.size(); ++index) {
          const std::string& created_by = image.config.history[index].created_by;
          bool named = false;
          for (const auto& [key, value] : assignments(created_by)) {
            if (auto match = secrets::in_assignment(key, value, accepted)) {
              parts.push_back("history[" + std::to_string(index) + "] " + key + "=" +
                              match->redacted + " (" + match->description + ")");
              named = true;
            }
          }
          if (named) continue;  // the same value would match again as text
          for (const auto& match : secrets::in_text(created_by)) {
            parts.push_back("history[" + std::to_string(index) + "] " + match.description + " " +
                            match.redacted);
          }
        }
        return parts;
      },
      image_rules::Reads::kHistory);
}

}  // namespace config_secrets

extern const Check kImageConfigSecrets;  // listed in checks/list.h
const Check kImageConfigSecrets{
    .info =
        {
            .code = "HDK-I-004",
            .slug = "image-config-secrets",
            .title = "Image configuration or history holds a secret",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kImage,
            .cis = "4.10",
            .cobit = "DSS05.04",
            .description =
                "ENV, LABEL and build arguments are stored in the image's configuration and "
                "history, which anyone who can pull the image reads with `docker history "
                "--no-trunc`; deleting the variable in a later step changes nothing. Matched "
                "by name (PASSWORD, TOKEN, API_KEY ... with a literal value) and by value "
                "(cloud keys, private keys, tokens, passwords in URLs). Values are never "
                "shown; keys in the audit config's secrets.accept are left alone.",
            .remediation = "Rebuild without the secret: use BuildKit secret mounts (RUN "
                           "--mount=type=secret,id=...) at build time and Docker secrets or "
                           "mounted files at run time; rotate the exposed secret.",
        },
    .needs = Input::kImage,
    .bad = R"({"image_subjects":[{"id":"sha256:1","config":{"config":{
              "Env":["PATH=/bin","API_TOKEN=0123456789"]},
              "history":[{"created_by":"|1 NPM_TOKEN=npm_0123456789abcdefghijABCDEFGHIJ012345 /bin/sh -c npm ci"}]}}]})",
    .good = R"({"image_subjects":[{"id":"sha256:1","config":{"config":{
               "Env":["PATH=/bin","API_TOKEN_FILE=/run/secrets/token"]},
               "history":[{"created_by":"/bin/sh -c npm ci"}]}}]})",
    .run = config_secrets::run,
};

}  // namespace hardock::audit::checks
