// CIS 5.27: a container without a health check can be running yet broken, and
// nothing (orchestrator, monitoring) learns of it.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/container/util.h"

namespace hardock::audit::checks {
namespace healthcheck {

namespace rules = container_rules;

enum class Health { kUnset, kDisabled, kSet };

Health health_of(const std::optional<docker::Healthcheck>& check) {
  if (!check || check->test.empty()) return Health::kUnset;  // empty Test inherits the image's
  if (check->test.front() == "NONE") return Health::kDisabled;
  return Health::kSet;
}

std::optional<std::string> problem(const docker::SnapshotIndex& index,
                                   const docker::Container& container) {
  switch (health_of(container.healthcheck)) {
    case Health::kSet:
      return std::nullopt;
    case Health::kDisabled:
      return "Config.Healthcheck.Test=" + rules::bracket_list(container.healthcheck->test) +
             " (disabled)";
    case Health::kUnset:
      break;
  }
  const docker::Image* image = index.find_image(container.image_id);
  if (image == nullptr) {
    // The engine copies the image's HEALTHCHECK into Config at create time, so an
    // unset Config.Healthcheck already means the image had none.
    return "Config.Healthcheck unset (image " + container.image_id + " not in snapshot)";
  }
  switch (health_of(image->healthcheck)) {
    case Health::kSet:
      return std::nullopt;
    case Health::kDisabled:
      return "Config.Healthcheck unset, image Config.Healthcheck.Test=" +
             rules::bracket_list(image->healthcheck->test) + " (disabled)";
    case Health::kUnset:
      break;
  }
  return "Config.Healthcheck unset, image " + container.image_ref + " has no HEALTHCHECK";
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    if (auto evidence = problem(context.index(), container)) {
      findings.push_back(core::make_finding(self.info, container_target(container), *evidence));
    }
  }
  return findings;
}

}  // namespace healthcheck

extern const Check kHealthcheck;  // listed in checks/list.h
const Check kHealthcheck{
    .info =
        {
            .code = "HDK-C-020",
            .slug = "no-healthcheck",
            .title = "Container has no health check",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.27",
            .cobit = "DSS01.03",
            .description = "Without a health check a hung service keeps the state running and is "
                           "never restarted or reported. Fails when neither the container's "
                           "Config.Healthcheck nor its image's defines a test; Test [\"NONE\"] "
                           "counts as disabled. Checked for all containers, stopped ones "
                           "included.",
            .remediation = "Add HEALTHCHECK CMD ... to the image or run with --health-cmd "
                           "'<probe>' --health-interval 30s; never --no-healthcheck.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/h","Image":"sha256:aa",
              "Config":{"Image":"busybox","Healthcheck":{"Test":["NONE"]}}}}],
              "images":[{"Id":"sha256:aa","Config":{"Healthcheck":{"Test":["CMD","true"]}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/h","Image":"sha256:aa",
               "Config":{"Image":"web"}}}],
               "images":[{"Id":"sha256:aa","Config":{"Healthcheck":{"Test":["CMD-SHELL","wget -q localhost"]}}}]})",
    .run = healthcheck::run,
};

}  // namespace hardock::audit::checks
