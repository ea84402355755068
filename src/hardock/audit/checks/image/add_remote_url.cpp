// CIS 4.9: COPY is used instead of ADD. ADD of a URL fetches whatever the server sends at build
// time, unverified; ADD of an archive unpacks it implicitly.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/image/util.h"

namespace hardock::audit::checks {
namespace add_remote_url {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return image_rules::per_image(
      self, context,
      [](const image::ImageSubject& image) -> std::vector<std::string> {
        std::vector<std::string> parts;
        for (std::size_t index = 0; index < image.config.history.size(); ++index) {
          const std::string_view step =
              image_rules::instruction(image.config.history[index].created_by);
          if (!step.starts_with("ADD ")) continue;
          // "ADD file:<digest> in /" is how the builder records a local file: only URLs count.
          const auto url = step.find("://");
          if (url == std::string_view::npos) continue;
          auto start = step.rfind(' ', url);
          start = start == std::string_view::npos ? 0 : start + 1;
          const auto end = step.find(' ', url);
          parts.push_back("history[" + std::to_string(index) + "]: ADD " +
                          std::string(step.substr(start, end - start)));
        }
        return parts;
      },
      image_rules::Reads::kHistory);
}

}  // namespace add_remote_url

extern const Check kImageAddRemoteUrl;  // listed in checks/list.h
const Check kImageAddRemoteUrl{
    .info =
        {
            .code = "HDK-I-009",
            .slug = "image-add-remote-url",
            .title = "Image was built with ADD of a remote URL",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kImage,
            .cis = "4.9",
            .cobit = "BAI10.02",
            .description = "ADD <url> downloads at build time with no checksum and no "
                           "signature: whatever the server (or anyone on the path) sends goes "
                           "into the image. Judged from the image's history.",
            .remediation = "Download with curl/wget in a RUN step and verify a checksum (or use "
                           "ADD --checksum=sha256:... with BuildKit), or COPY a verified file.",
        },
    .needs = Input::kImage,
    .bad = R"({"image_subjects":[{"id":"sha256:1","config":{"history":[
              {"created_by":"/bin/sh -c #(nop) ADD https://example.com/tool.tgz /opt/"}]}}]})",
    .good = R"({"image_subjects":[{"id":"sha256:1","config":{"history":[
               {"created_by":"/bin/sh -c #(nop) ADD file:4d4c5b5e in / "}]}}]})",
    .run = add_remote_url::run,
};

}  // namespace hardock::audit::checks
