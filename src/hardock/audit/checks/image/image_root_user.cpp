// CIS 4.1: an image should create a user and run as it; an image without USER runs every
// container as root unless each `docker run` remembers --user.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/container/util.h"
#include "hardock/audit/checks/image/util.h"

namespace hardock::audit::checks {
namespace image_root_user {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return image_rules::per_image(
      self, context, [](const image::ImageSubject& image) -> std::vector<std::string> {
        if (!container_rules::is_root_user(image.config.user)) return {};
        return {image.config.user.empty() ? std::string("config.User is not set (root)")
                                          : "config.User=" + image.config.user};
      });
}

}  // namespace image_root_user

extern const Check kImageRootUser;  // listed in checks/list.h
const Check kImageRootUser{
    .info =
        {
            .code = "HDK-I-001",
            .slug = "image-runs-as-root",
            .title = "Image runs as root",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kImage,
            .cis = "4.1",
            .cobit = "DSS05.04",
            .description = "Without a USER instruction every container of the image runs as "
                           "root unless each `docker run` remembers --user; a process escaping "
                           "the container is root on the host (without user namespaces).",
            .remediation = "Create a user in the Dockerfile (RUN useradd -r -u 10001 app) and "
                           "add USER app (or a numeric UID) before the entrypoint.",
        },
    .needs = Input::kImage,
    .bad = R"({"image_subjects":[{"id":"sha256:1","config":{"config":{"User":""}}}]})",
    .good = R"({"image_subjects":[{"id":"sha256:1","config":{"config":{"User":"10001"}}}]})",
    .run = image_root_user::run,
};

}  // namespace hardock::audit::checks
