// CIS 4.6: HEALTHCHECK instructions have been added to container images.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/image/util.h"

namespace hardock::audit::checks {
namespace no_healthcheck {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return image_rules::per_image(self, context,
                                [](const image::ImageSubject& image) -> std::vector<std::string> {
                                  const auto& health = image.config.healthcheck;
                                  if (!health) return {"config.Healthcheck is not set"};
                                  if (!health->empty() && health->front() == "NONE") {
                                    return {"config.Healthcheck.Test=[NONE] (disabled)"};
                                  }
                                  return {};
                                });
}

}  // namespace no_healthcheck

extern const Check kImageNoHealthcheck;  // listed in checks/list.h
const Check kImageNoHealthcheck{
    .info =
        {
            .code = "HDK-I-002",
            .slug = "image-without-healthcheck",
            .title = "Image has no HEALTHCHECK",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kImage,
            .cis = "4.6",
            .cobit = "DSS01.03",
            .description = "Without a HEALTHCHECK the engine cannot tell a running but broken "
                           "container from a healthy one, and orchestrators and restart "
                           "policies act on a process that merely exists.",
            .remediation = "Add HEALTHCHECK CMD <probe> to the Dockerfile (e.g. HEALTHCHECK "
                           "CMD wget -qO- http://localhost:8080/health || exit 1).",
        },
    .needs = Input::kImage,
    .bad = R"({"image_subjects":[{"id":"sha256:1","config":{"config":{}}}]})",
    .good = R"({"image_subjects":[{"id":"sha256:1","config":{"config":{
               "Healthcheck":{"Test":["CMD-SHELL","true"]}}}}]})",
    .run = no_healthcheck::run,
};

}  // namespace hardock::audit::checks
