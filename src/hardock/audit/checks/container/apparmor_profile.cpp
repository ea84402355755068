// CIS 5.2: on an engine with AppArmor, every container should run under a
// profile (Docker's docker-default or a custom one), never "unconfined".
#include "hardock/audit/check.h"
#include "hardock/audit/checks/container/util.h"

namespace hardock::audit::checks {
namespace apparmor_profile {

namespace rules = container_rules;

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  const auto& engine = context.engine;
  if (!rules::engine_has_security_option(engine, "apparmor")) {
    // Without /info we cannot tell whether AppArmor applies: say so per container.
    if (auto error = rules::info_collection_error(engine)) {
      for (const auto& container : engine.containers) {
        findings.push_back(core::make_unchecked(
            self.info, container_target(container), core::FindingStatus::kError,
            "cannot tell whether the engine uses AppArmor: " + *error));
      }
    }
    if (findings.empty() && !engine.containers.empty()) {
      // Not a pass: the item does not apply to an engine without AppArmor.
      findings.push_back(core::make_unchecked(
          self.info, engine_target(engine), core::FindingStatus::kSkipped,
          "SecurityOptions has no name=apparmor: the engine confines no container with "
          "AppArmor"));
    }
    return findings;
  }
  for (const auto& container : engine.containers) {
    if (container.privileged) continue;  // unconfined by definition; HDK-C-004 reports it
    if (container.apparmor_profile.empty() || container.apparmor_profile == "unconfined") {
      findings.push_back(core::make_finding(
          self.info, container_target(container),
          "AppArmorProfile=\"" + container.apparmor_profile + "\" (engine has AppArmor)"));
    }
  }
  return findings;
}

}  // namespace apparmor_profile

extern const Check kAppArmorProfile;  // listed in checks/list.h
const Check kAppArmorProfile{
    .info =
        {
            .code = "HDK-C-001",
            .slug = "apparmor-unconfined",
            .title = "Container runs without an AppArmor profile",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.2",
            .cobit = "DSS05.03",
            .description =
                "AppArmor limits what a container process may touch on the host even if it "
                "escapes its namespaces. Applies only when the engine reports AppArmor in "
                "/info SecurityOptions; an empty or \"unconfined\" AppArmorProfile fails. "
                "Privileged containers are left to HDK-C-004. Checked for all containers, "
                "stopped ones included, since they can be restarted as they are.",
            .remediation = "Run with --security-opt apparmor=docker-default (or a custom profile "
                           "loaded with apparmor_parser); never apparmor=unconfined.",
        },
    .needs = Input::kEngine,
    .bad = R"({"info":{"SecurityOptions":["name=apparmor","name=seccomp,profile=default"]},
              "containers":[{"inspect":{"Name":"/a","AppArmorProfile":"unconfined"}}]})",
    .good = R"({"info":{"SecurityOptions":["name=apparmor","name=seccomp,profile=default"]},
               "containers":[{"inspect":{"Name":"/a","AppArmorProfile":"docker-default"}}]})",
    .run = apparmor_profile::run,
};

}  // namespace hardock::audit::checks
