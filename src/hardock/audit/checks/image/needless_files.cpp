// What a production image does not need and should not carry: sudo, package caches left
// behind, version-control and editor folders. Each is size, attack surface or a leak.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/image/util.h"

namespace hardock::audit::checks {
namespace needless_files {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings = image_rules::unwalked(self, context);
  for (const auto& image : *context.images) {
    if (image.tree == nullptr) continue;
    std::vector<std::string> parts;
    const auto& index = image.tree->index();
    if (index.find("usr/bin/sudo") != nullptr) parts.push_back("sudo (/usr/bin/sudo)");
    struct Cache {
      const char* dir;
      const char* what;
    };
    for (const Cache& cache :
         {Cache{"var/lib/apt/lists", "apt package lists"},
          Cache{"var/cache/apt/archives", "downloaded .deb files"},
          Cache{"var/cache/apk", "apk cache"}, Cache{"var/cache/yum", "yum cache"},
          Cache{"var/cache/dnf", "dnf cache"}, Cache{"root/.cache/pip", "pip cache"},
          Cache{"root/.npm/_cacache", "npm cache"}}) {
      const std::string prefix = std::string(cache.dir) + "/";
      int64_t bytes = 0;
      int files = 0;
      for (auto it = index.entries().lower_bound(prefix);
           it != index.entries().end() && it->first.starts_with(prefix); ++it) {
        if (it->second.type != image::EntryType::kFile) continue;
        if (it->first.ends_with("/lock") || it->first.ends_with("/partial")) continue;
        bytes += it->second.size;
        ++files;
      }
      if (files > 0) {
        parts.push_back(std::string(cache.what) + " left in /" + cache.dir + " (" +
                        std::to_string(files) + " files, " + std::to_string(bytes / 1024) +
                        " KiB)");
      }
    }
    std::vector<std::string> folders;
    for (const auto& [path, entry] : index.entries()) {
      if (entry.type != image::EntryType::kDirectory) continue;
      const auto slash = path.rfind('/');
      const std::string_view base = slash == std::string::npos
                                        ? std::string_view(path)
                                        : std::string_view(path).substr(slash + 1);
      if (base == ".git" || base == ".svn" || base == ".hg" || base == ".idea" ||
          base == ".vscode") {
        folders.push_back("/" + path + "/");
      }
    }
    if (!folders.empty())
      parts.push_back("version-control or editor folders: " + image_rules::listed(folders));
    if (parts.empty()) continue;
    std::string evidence;
    for (const auto& part : parts) evidence += (evidence.empty() ? "" : "; ") + part;
    findings.push_back(core::make_finding(self.info, image_target(image), evidence));
  }
  return findings;
}

}  // namespace needless_files

extern const Check kImageNeedlessFiles;  // listed in checks/list.h
const Check kImageNeedlessFiles{
    .info =
        {
            .code = "HDK-I-011",
            .slug = "image-needless-files",
            .title = "Image carries sudo, package caches or version-control folders",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kImage,
            .cis = "",
            .cobit = "BAI10.02",
            .description = "sudo is a privilege-escalation path a container never needs; "
                           "package caches add size and stale metadata; a .git folder ships "
                           "the source history (and often credentials in its config). The "
                           "paper's hardening process starts by removing what is not needed.",
            .remediation = "Do not install sudo; clean caches in the same RUN step that filled "
                           "them (rm -rf /var/lib/apt/lists/*, apk add --no-cache); exclude .git "
                           "and editor folders with .dockerignore.",
        },
    .needs = Input::kImageFiles,
    .bad = R"({"image_subjects":[{"id":"sha256:1","config":{},
              "files":[{"path":"var/lib/apt/lists/deb.debian.org_dists_bookworm_Release","content":"x"}]}]})",
    .good = R"({"image_subjects":[{"id":"sha256:1","config":{},
               "files":[{"path":"var/lib/apt/lists/lock","content":""}]}]})",
    .run = needless_files::run,
};

}  // namespace hardock::audit::checks
