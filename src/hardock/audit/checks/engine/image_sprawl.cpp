// CIS 6.1: images nobody runs are stale software waiting to be started, and
// disk. The snapshot holds only the images containers use, so the unused
// count is /info's Images minus the distinct images of all containers.
#include <set>

#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace image_sprawl {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  const docker::EngineSnapshot& snapshot = context.engine;
  const core::Target target = engine_target(snapshot);
  if (const auto* error = daemon::info_error(snapshot)) {
    return {core::make_unchecked(self.info, target, core::FindingStatus::kError,
                                 "could not read " + error->what + ": " + error->message)};
  }
  std::set<std::string> used;
  for (const auto& container : snapshot.containers) {
    if (!container.image_id.empty()) used.insert(container.image_id);
  }
  const int64_t used_count = static_cast<int64_t>(used.size());
  const int64_t unused = snapshot.info.images - used_count;
  if (unused <= context.config.max_unused_images) return {};
  return {core::make_finding(
      self.info, target,
      "Images=" + std::to_string(snapshot.info.images) + " in /info, " +
          std::to_string(used_count) + " used by containers: " + std::to_string(unused) +
          " unused (limit " + std::to_string(context.config.max_unused_images) + ")")};
}

}  // namespace image_sprawl

extern const Check kImageSprawl;  // listed in checks/list.h
const Check kImageSprawl{
    .info =
        {
            .code = "HDK-E-002",
            .slug = "image-sprawl",
            .title = "Many images on the host are used by no container",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kEngine,
            .cis = "6.1",
            .cobit = "BAI10.03",
            .description = "Unused images are unpatched software one docker run away from "
                           "production, and they hide which images the host really depends on.",
            .remediation = "Remove unused images regularly (docker image prune -a --filter "
                           "until=720h) and keep only what deployments reference.",
        },
    .needs = Input::kEngine,
    .bad =
        R"({"info":{"Images":12},"containers":[{"inspect":{"Name":"/web","Image":"sha256:aa"}}]})",
    .good =
        R"({"info":{"Images":3},"containers":[{"inspect":{"Name":"/web","Image":"sha256:aa"}}]})",
    .run = image_sprawl::run,
};

}  // namespace hardock::audit::checks
