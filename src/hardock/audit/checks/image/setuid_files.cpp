// CIS 4.8: setuid and setgid permissions are removed. A setuid binary is a way to root for any
// process in the container; one that no package owns (copied in by hand) is flagged higher.
#include <set>

#include "hardock/audit/check.h"
#include "hardock/audit/checks/image/util.h"

namespace hardock::audit::checks {
namespace setuid_files {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings = image_rules::unwalked(self, context);
  for (const auto& image : *context.images) {
    if (image.tree == nullptr) continue;
    std::set<std::string> owned;
    if (image.inventory != nullptr) {
      for (const auto& package : image.inventory->packages) {
        owned.insert(package.files.begin(), package.files.end());
      }
    }
    std::vector<std::string> packaged;
    std::vector<std::string> unowned;
    for (const auto& [path, entry] : image.tree->index().entries()) {
      if (entry.type != image::EntryType::kFile || (entry.mode & 06000U) == 0) continue;
      const std::string shown = "/" + path +
                                ((entry.mode & 04000U) != 0 ? " (setuid" : " (setgid") +
                                ((entry.mode & 06000U) == 06000U ? "+setgid)" : ")");
      (owned.contains(path) ? packaged : unowned).push_back(shown);
    }
    if (packaged.empty() && unowned.empty()) continue;
    std::string evidence;
    if (!unowned.empty()) {
      evidence = std::to_string(unowned.size()) +
                 (image.inventory != nullptr && !image.inventory->packages.empty()
                      ? " owned by no package: "
                      : ": ") +
                 image_rules::listed(unowned);
    }
    if (!packaged.empty()) {
      evidence += (evidence.empty() ? "" : "; ") + std::to_string(packaged.size()) +
                  " from packages: " + image_rules::listed(packaged);
    }
    core::Finding finding = core::make_finding(self.info, image_target(image), evidence);
    // Setuid files a package installed are expected by it (su, passwd); hand-placed ones are not.
    if (unowned.empty() || image.inventory == nullptr || image.inventory->packages.empty()) {
      finding.severity = core::Severity::kMedium;
    }
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace setuid_files

extern const Check kImageSetuidFiles;  // listed in checks/list.h
const Check kImageSetuidFiles{
    .info =
        {
            .code = "HDK-I-006",
            .slug = "image-setuid-files",
            .title = "Image has setuid or setgid files",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kImage,
            .cis = "4.8",
            .cobit = "DSS05.03",
            .description =
                "A setuid or setgid binary runs with its owner's rights whoever starts it: a "
                "way to root inside the container for any process, which no-new-privileges only "
                "blocks when it is set. Files a package owns (su, passwd, mount) are listed at "
                "medium; setuid files no package owns (added by hand) at high.",
            .remediation = "Remove the bits in the Dockerfile: RUN find / -xdev -perm /6000 "
                           "-type f -exec chmod a-s {} + ; and run containers with "
                           "--security-opt no-new-privileges.",
        },
    .needs = Input::kImageFiles,
    .bad = R"({"image_subjects":[{"id":"sha256:1","config":{},
              "files":[{"path":"usr/local/bin/helper","mode":"04755"}]}]})",
    .good = R"({"image_subjects":[{"id":"sha256:1","config":{},
               "files":[{"path":"usr/bin/tool","mode":"0755"}]}]})",
    .run = setuid_files::run,
};

}  // namespace hardock::audit::checks
