// CIS 4.2: containers use only trusted base images. hardock judges what it can see: the
// registry an image comes from (against the audit config's image.trusted_registries, when
// set), a "latest" or missing tag, and containers that run an image by tag rather than by
// digest (a tag can be moved to other content at any time).
#include <algorithm>

#include "hardock/audit/check.h"
#include "hardock/audit/checks/image/reference.h"
#include "hardock/audit/checks/image/util.h"

namespace hardock::audit::checks {
namespace untrusted_source {

std::string registry_of(std::string_view reference) {
  const auto slash = reference.find('/');
  if (slash == std::string_view::npos) return "docker.io";
  const std::string_view first = reference.substr(0, slash);
  if (first.find('.') != std::string_view::npos || first.find(':') != std::string_view::npos ||
      first == "localhost") {
    return std::string(first);
  }
  return "docker.io";
}

std::string tag_of(std::string_view reference) {
  if (reference.find('@') != std::string_view::npos) return {};
  const auto slash = reference.rfind('/');
  const auto colon = reference.rfind(':');
  if (colon == std::string_view::npos || (slash != std::string_view::npos && colon < slash)) {
    return "latest";
  }
  return std::string(reference.substr(colon + 1));
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  const auto& trusted = context.config.trusted_registries;
  return image_rules::per_image(
      self, context, [&](const image::ImageSubject& image) -> std::vector<std::string> {
        std::vector<std::string> parts;
        std::vector<std::string> names = image.references;
        names.insert(names.end(), image.repo_tags.begin(), image.repo_tags.end());
        std::vector<std::string> untrusted;
        std::vector<std::string> latest;
        for (const auto& name : names) {
          const std::string registry = registry_of(name);
          if (!trusted.empty() &&
              std::find(trusted.begin(), trusted.end(), registry) == trusted.end() &&
              std::find(untrusted.begin(), untrusted.end(), registry) == untrusted.end()) {
            untrusted.push_back(registry);
          }
          if (tag_of(name) == "latest" &&
              std::find(latest.begin(), latest.end(), name) == latest.end()) {
            latest.push_back(name);
          }
        }
        if (!untrusted.empty()) {
          parts.push_back("from registries not in image.trusted_registries: " +
                          image_rules::listed(untrusted));
        }
        if (!latest.empty())
          parts.push_back("named by the moving tag latest: " + image_rules::listed(latest));
        std::vector<std::string> by_tag;
        for (const auto& reference : image.references) {
          if (reference.find("@sha256:") == std::string::npos &&
              std::find(by_tag.begin(), by_tag.end(), reference) == by_tag.end()) {
            by_tag.push_back(reference);
          }
        }
        if (!by_tag.empty()) {
          parts.push_back("containers run it by tag, not by digest: " +
                          image_rules::listed(by_tag));
        }
        return parts;
      });
}

}  // namespace untrusted_source

extern const Check kImageUntrustedSource;  // listed in checks/list.h
const Check kImageUntrustedSource{
    .info =
        {
            .code = "HDK-I-013",
            .slug = "image-untrusted-source",
            .title = "Image comes from an untrusted registry or is not pinned",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kImage,
            .cis = "4.2",
            .cobit = "BAI10.03",
            .description =
                "What a tag names can change under the same name: a container started from "
                "\"app:latest\" or \"app:1\" runs whatever the registry held at pull time. The "
                "registry is judged against the audit config's image.trusted_registries when it "
                "lists any; tags and digests always.",
            .remediation = "Pull only from your registries, pin production references by "
                           "digest (image@sha256:...) and update the pin through change "
                           "management.",
        },
    .needs = Input::kImage,
    .bad = R"({"image_subjects":[{"id":"sha256:1","config":{},"repo_tags":["nginx:latest"],
              "references":["nginx"]}]})",
    .good = R"({"image_subjects":[{"id":"sha256:1","config":{},"repo_tags":["nginx:1.25"],
               "references":["nginx@sha256:0123"]}]})",
    .run = untrusted_source::run,
};

}  // namespace hardock::audit::checks
