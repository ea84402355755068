// Segmentation needs every container classified: one without a level cannot
// be placed in a zone, and the risk it carries is unknown.
#include "hardock/audit/check.h"
#include "hardock/docker/network_zones.h"

namespace hardock::audit::checks {
namespace container_without_sensitivity {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  const docker::NetworkZones& zones = context.zones();
  const std::string& label = zones.label_key();
  const auto& containers = context.engine.containers;
  for (size_t position = 0; position < containers.size(); ++position) {
    const docker::Container& container = containers[position];
    const docker::LabelLevel& level = zones.container_level(position);
    std::string evidence;
    if (level.state == docker::LabelState::kAbsent) {
      evidence = "Config.Labels has no " + label;
    } else if (level.state == docker::LabelState::kUnknown) {
      evidence = "Config.Labels." + label + "=" + level.value + " is not a configured level (" +
                 zones.levels_text() + ")";
    } else {
      continue;
    }
    findings.push_back(core::make_finding(self.info, container_target(container), evidence));
  }
  return findings;
}

}  // namespace container_without_sensitivity

extern const Check kContainerWithoutSensitivity;  // listed in checks/list.h
const Check kContainerWithoutSensitivity{
    .info =
        {
            .code = "HDK-N-011",
            .slug = "container-without-sensitivity",
            .title = "Container has no valid sensitivity level",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kContainer,
            .cis = "",
            .cobit = "APO12.01",
            .description = "An unclassified container cannot be checked for segmentation; its "
                           "data and exposure are not in the risk picture.",
            .remediation = "Label it at creation: docker run --label hardock.sensitivity=<level> "
                           "(or labels: in Compose), using a level from the audit config.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/web","Config":{"Labels":{}}}},
      {"inspect":{"Name":"/db","Config":{"Labels":{"hardock.sensitivity":"secret"}}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/web",
      "Config":{"Labels":{"hardock.sensitivity":"internal"}}}}]})",
    .run = container_without_sensitivity::run,
};

}  // namespace hardock::audit::checks
