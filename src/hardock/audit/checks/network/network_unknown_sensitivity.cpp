// Segmentation: a network labelled with a level the configuration does not
// know is a typo or a stale scheme; the level checks cannot rank it and so
// leave it out, which is why it is reported here.
#include "hardock/audit/check.h"
#include "hardock/docker/network_zones.h"

namespace hardock::audit::checks {
namespace network_unknown_sensitivity {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  const docker::NetworkZones& zones = context.zones();
  for (const auto& net : context.engine.networks) {
    if (!docker::NetworkZones::is_segment(net)) continue;
    const docker::LabelLevel level = zones.label_level(net.labels);
    if (level.state != docker::LabelState::kUnknown) continue;
    findings.push_back(core::make_finding(self.info, network_target(net),
                                          "Labels." + zones.label_key() + "=" + level.value +
                                              " is not a configured level (" + zones.levels_text() +
                                              ")"));
  }
  return findings;
}

}  // namespace network_unknown_sensitivity

extern const Check kNetworkUnknownSensitivity;  // listed in checks/list.h
const Check kNetworkUnknownSensitivity{
    .info =
        {
            .code = "HDK-N-012",
            .slug = "network-unknown-sensitivity",
            .title = "Network carries an unknown sensitivity level",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kNetwork,
            .cis = "",
            .cobit = "APO12.01",
            .description = "A level outside the configured scale cannot be compared, so the "
                           "segmentation checks cannot judge this network.",
            .remediation = "Recreate the network with --label hardock.sensitivity=<level> using "
                           "a configured level, or add the level to sensitivity.levels in the "
                           "audit config.",
        },
    .needs = Input::kEngine,
    .bad = R"({"networks":[{"Name":"back","Id":"n2","Driver":"bridge",
      "Labels":{"hardock.sensitivity":"top-secret"}}]})",
    .good = R"({"networks":[{"Name":"back","Id":"n2","Driver":"bridge",
      "Labels":{"hardock.sensitivity":"restricted"}}]})",
    .run = network_unknown_sensitivity::run,
};

}  // namespace hardock::audit::checks
