// Segmentation needs every container classified: one without a level cannot
// be placed in a zone, and the risk it carries is unknown.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/network/sensitivity.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  const std::string& label = context.config.sensitivity_label;
  for (const auto& container : context.engine.containers) {
    auto level = network::label_level(container.labels, context.config);
    std::string evidence;
    if (level.state == network::LabelState::kAbsent) {
      evidence = "Config.Labels has no " + label;
    } else if (level.state == network::LabelState::kUnknown) {
      evidence = "Config.Labels." + label + "=" + level.value + " is not a configured level (" +
                 network::levels_text(context.config) + ")";
    } else {
      continue;
    }
    findings.push_back(core::make_finding(self.info, container_target(container), evidence));
  }
  return findings;
}

}  // namespace

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
    .run = run,
};

}  // namespace hardock::audit::checks
