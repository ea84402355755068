// World-writable files, and world-writable directories without the sticky bit: any process in
// the container, whatever its user, can replace what they hold.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/image/util.h"

namespace hardock::audit::checks {
namespace world_writable {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings = image_rules::unwalked(self, context);
  for (const auto& image : *context.images) {
    if (image.tree == nullptr) continue;
    std::vector<std::string> files;
    std::vector<std::string> dirs;
    for (const auto& [path, entry] : image.tree->index().entries()) {
      if ((entry.mode & 0002U) == 0) continue;
      if (entry.type == image::EntryType::kFile) files.push_back("/" + path);
      if (entry.type == image::EntryType::kDirectory && (entry.mode & 01000U) == 0) {
        dirs.push_back("/" + path + "/");
      }
    }
    if (files.empty() && dirs.empty()) continue;
    std::string evidence;
    if (!files.empty()) {
      evidence =
          std::to_string(files.size()) + " world-writable files: " + image_rules::listed(files);
    }
    if (!dirs.empty()) {
      evidence +=
          (evidence.empty() ? "" : "; ") + std::to_string(dirs.size()) +
          " world-writable directories without the sticky bit: " + image_rules::listed(dirs);
    }
    findings.push_back(core::make_finding(self.info, image_target(image), evidence));
  }
  return findings;
}

}  // namespace world_writable

extern const Check kImageWorldWritable;  // listed in checks/list.h
const Check kImageWorldWritable{
    .info =
        {
            .code = "HDK-I-007",
            .slug = "image-world-writable",
            .title = "Image has world-writable files or directories without the sticky bit",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kImage,
            .cis = "",
            .cobit = "DSS05.03",
            .description = "A world-writable file can be changed by any user in the container; a "
                           "world-writable directory without the sticky bit lets any user "
                           "replace the files of others (the classic /tmp attack). Symlinks, "
                           "whose mode means nothing, are not counted.",
            .remediation = "Fix the modes in the Dockerfile (chmod o-w, chmod +t on shared "
                           "directories), and prefer a read-only root filesystem.",
        },
    .needs = Input::kImageFiles,
    .bad = R"({"image_subjects":[{"id":"sha256:1","config":{},
              "files":[{"path":"app/config.yml","mode":"0666"}]}]})",
    .good = R"({"image_subjects":[{"id":"sha256:1","config":{},
               "files":[{"path":"tmp","type":"directory","mode":"01777"},
                        {"path":"app/config.yml","mode":"0644"}]}]})",
    .run = world_writable::run,
};

}  // namespace hardock::audit::checks
