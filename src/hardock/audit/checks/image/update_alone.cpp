// CIS 4.7: update instructions are not used alone. A cached `apt-get update` layer keeps
// serving stale package lists to every later build that installs from it.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/image/util.h"

namespace hardock::audit::checks {
namespace update_alone {

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return image_rules::per_image(
      self, context,
      [](const image::ImageSubject& image) -> std::vector<std::string> {
        std::vector<std::string> parts;
        for (std::size_t index = 0; index < image.config.history.size(); ++index) {
          const std::string_view step =
              image_rules::instruction(image.config.history[index].created_by);
          const bool update = contains(step, "apt-get update") || contains(step, "apt update") ||
                              contains(step, "apk update") || contains(step, "yum makecache");
          const bool install =
              contains(step, " install") || contains(step, "apk add") || contains(step, "upgrade");
          if (update && !install) {
            parts.push_back("history[" + std::to_string(index) +
                            "]: " + std::string(step.substr(0, 120)));
          }
        }
        return parts;
      },
      image_rules::Reads::kHistory);
}

}  // namespace update_alone

extern const Check kImageUpdateAlone;  // listed in checks/list.h
const Check kImageUpdateAlone{
    .info =
        {
            .code = "HDK-I-010",
            .slug = "image-update-alone",
            .title = "Image was built with a package-list update in a step of its own",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kImage,
            .cis = "4.7",
            .cobit = "BAI10.02",
            .description = "A RUN step that only updates the package lists is cached: later "
                           "builds reuse the old lists and install outdated packages. Judged "
                           "from the image's history.",
            .remediation = "Update and install in the same RUN step: RUN apt-get update && "
                           "apt-get install -y --no-install-recommends pkg && rm -rf "
                           "/var/lib/apt/lists/*",
        },
    .needs = Input::kImage,
    .bad = R"({"image_subjects":[{"id":"sha256:1","config":{"history":[
              {"created_by":"/bin/sh -c apt-get update"}]}}]})",
    .good = R"({"image_subjects":[{"id":"sha256:1","config":{"history":[
               {"created_by":"/bin/sh -c apt-get update && apt-get install -y curl"}]}}]})",
    .run = update_alone::run,
};

}  // namespace hardock::audit::checks
