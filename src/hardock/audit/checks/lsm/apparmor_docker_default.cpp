// Paper section C: with AppArmor on, containers get docker-default unless told
// otherwise; if that profile is missing or only complains, they run unconfined
// in practice.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/lsm/lsm_state.h"

namespace hardock::audit::checks {
namespace apparmor_docker_default {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  if (!context.host->facts.apparmor) {
    return {core::make_unchecked(self.info, host_target(*context.host), core::FindingStatus::kError,
                                 "the host snapshot holds no AppArmor state")};
  }
  if (!lsm::apparmor_on(context.host->facts)) {
    // Not a pass: the profile cannot apply without AppArmor (HDK-L-001 reports the missing LSM).
    return {core::make_unchecked(self.info, host_target(*context.host),
                                 core::FindingStatus::kSkipped, "AppArmor is not enabled")};
  }
  const auto& apparmor = *context.host->facts.apparmor;
  const core::Target target = host_target(*context.host);
  if (!apparmor.error.empty() || !apparmor.profiles_read) {
    return {core::make_unchecked(
        self.info, target, core::FindingStatus::kError,
        "could not read /sys/kernel/security/apparmor/profiles: " +
            (apparmor.error.empty() ? std::string("not read") : apparmor.error))};
  }
  for (const auto& profile : apparmor.profiles) {
    if (profile.name != "docker-default") continue;
    if (profile.mode == "enforce") return {};
    return {core::make_finding(
        self.info, target,
        "/sys/kernel/security/apparmor/profiles: docker-default (" + profile.mode + ")")};
  }
  return {core::make_finding(self.info, target,
                             "/sys/kernel/security/apparmor/profiles: docker-default not loaded (" +
                                 std::to_string(apparmor.profiles.size()) + " profiles)")};
}

}  // namespace apparmor_docker_default

extern const Check kAppArmorDockerDefault;  // listed in checks/list.h
const Check kAppArmorDockerDefault{
    .info =
        {
            .code = "HDK-L-002",
            .slug = "apparmor-docker-default-not-enforced",
            .title = "AppArmor is on but docker-default is missing or not enforcing",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "",
            .cobit = "APO13.01",
            .description = "Containers started without --security-opt apparmor= get "
                           "docker-default; missing or in complain mode it only logs.",
            .remediation = "Restart dockerd so it loads docker-default, and put it in enforce "
                           "mode (aa-enforce docker-default).",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"apparmor":{"enabled":true,"profiles_read":true,"profiles":[{"name":"docker-default","mode":"complain"}]}}}})",
    .good =
        R"({"host":{"facts":{"apparmor":{"enabled":true,"profiles_read":true,"profiles":[{"name":"docker-default","mode":"enforce"}]}}}})",
    .run = apparmor_docker_default::run,
};

}  // namespace hardock::audit::checks
