// CIS 6.2: stopped containers keep their writable layers, volumes and
// configuration (often secrets in Env) around, and clutter what operators see.
// Counted from the snapshot's containers (all of them, running or not).
#include "hardock/audit/check.h"

namespace hardock::audit::checks {
namespace container_sprawl {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  const auto& containers = context.engine.containers;
  int64_t stopped = 0;
  for (const auto& container : containers) {
    if (!container.running) ++stopped;  // a paused container is still running
  }
  const auto total = static_cast<int64_t>(containers.size());
  if (total == 0) return {};
  const double ratio = static_cast<double>(stopped) / static_cast<double>(total);
  const bool too_many = stopped > context.config.max_stopped_containers;
  const bool too_large_share = ratio > context.config.max_stopped_ratio;
  if (!too_many && !too_large_share) return {};
  const auto percent = [](double share) {
    return std::to_string(static_cast<int>(share * 100 + 0.5)) + "%";
  };
  return {core::make_finding(
      self.info, engine_target(context.engine),
      std::to_string(stopped) + " of " + std::to_string(total) + " containers stopped (" +
          percent(ratio) + "); limits: " + std::to_string(context.config.max_stopped_containers) +
          " stopped, " + percent(context.config.max_stopped_ratio))};
}

}  // namespace container_sprawl

extern const Check kContainerSprawl;  // listed in checks/list.h
const Check kContainerSprawl{
    .info =
        {
            .code = "HDK-E-003",
            .slug = "container-sprawl",
            .title = "Too many stopped containers are kept on the host",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kEngine,
            .cis = "6.2",
            .cobit = "DSS01.04",
            .description = "Stopped containers keep data, configuration and secrets on disk and "
                           "can be restarted unnoticed with their old, unpatched image.",
            .remediation = "Remove stopped containers (docker container prune --filter "
                           "until=24h), run short-lived ones with --rm.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/a","State":{"Running":false}}},
      {"inspect":{"Name":"/b","State":{"Running":false}}},
      {"inspect":{"Name":"/c","State":{"Running":true}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/a","State":{"Running":false}}},
      {"inspect":{"Name":"/b","State":{"Running":true}}},
      {"inspect":{"Name":"/c","State":{"Running":true}}}]})",
    .run = container_sprawl::run,
};

}  // namespace hardock::audit::checks
