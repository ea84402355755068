// Secret files and contents in an image: key files, credential stores and dotenv files by name,
// and secrets found in text files' bytes as the layers were walked. A file deleted in a later
// layer is still in the layer that shipped it, so it is reported too.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/image/util.h"
#include "hardock/secrets/secrets.h"

namespace hardock::audit::checks {
namespace secret_files {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings = image_rules::unwalked(self, context);
  for (const auto& image : *context.images) {
    if (image.tree == nullptr) continue;
    std::vector<std::string> named;
    for (const auto& [path, entry] : image.tree->index().entries()) {
      if (entry.type != image::EntryType::kFile) continue;
      if (auto rule = secrets::file_rule(path); rule && *rule != "key-material-file") {
        named.push_back("/" + path + " (" + *rule + ")");
      }
    }
    std::vector<std::string> contents;
    if (image.inventory != nullptr) {
      for (const auto& secret : image.inventory->secrets) {
        contents.push_back("/" + secret.path + ": " + secret.rule + " " + secret.redacted +
                           (secret.removed_later ? " (deleted later, still in layer " +
                                                       std::to_string(secret.layer) + ")"
                                                 : ""));
      }
    }
    if (named.empty() && contents.empty()) continue;
    std::string evidence;
    if (!named.empty()) evidence = "secret files: " + image_rules::listed(named);
    if (!contents.empty()) {
      evidence += (evidence.empty() ? "" : "; ") + std::string("secrets in files: ") +
                  image_rules::listed(contents);
    }
    findings.push_back(core::make_finding(self.info, image_target(image), evidence));
  }
  return findings;
}

}  // namespace secret_files

extern const Check kImageSecretFiles;  // listed in checks/list.h
const Check kImageSecretFiles{
    .info =
        {
            .code = "HDK-I-005",
            .slug = "image-secret-files",
            .title = "Image contains secret files or secrets in its files",
            .severity = core::Severity::kCritical,
            .target_kind = core::TargetKind::kImage,
            .cis = "",
            .cobit = "DSS05.04",
            .description =
                "Private keys, .git-credentials, .npmrc tokens, .env files and cloud "
                "credentials copied into an image go wherever the image goes; deleting them in a "
                "later layer leaves them in the earlier one. Files are matched by name, and the "
                "text files of every layer by content with the same rules as the environment "
                "checks. Values are never shown.",
            .remediation = "Rebuild without the files (.dockerignore them; use BuildKit secret "
                           "mounts for build-time credentials); rotate every exposed secret.",
        },
    .needs = Input::kImageFiles,
    .bad = R"({"image_subjects":[{"id":"sha256:1","config":{},
              "files":[{"path":"root/.ssh/id_rsa","content":"x"}]}]})",
    .good = R"({"image_subjects":[{"id":"sha256:1","config":{},
               "files":[{"path":"root/.ssh/known_hosts","content":"x"}]}]})",
    .run = secret_files::run,
};

}  // namespace hardock::audit::checks
