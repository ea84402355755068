// Paper section C: an SELinux host that is permissive now, or will boot
// permissive or disabled, confines nothing: denials are only logged.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/lsm/lsm_state.h"

namespace hardock::audit::checks {
namespace selinux_not_enforcing {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  if (!context.host->facts.selinux) {
    return {core::make_unchecked(self.info, host_target(*context.host), core::FindingStatus::kError,
                                 "the host snapshot holds no SELinux state")};
  }
  if (!lsm::selinux_on(context.host->facts)) {
    return {core::make_unchecked(self.info, host_target(*context.host),
                                 core::FindingStatus::kSkipped, "SELinux is not present")};
  }
  const auto& selinux = *context.host->facts.selinux;
  const core::Target target = host_target(*context.host);
  std::vector<core::Finding> findings;
  if (selinux.enforcing.has_value() && !*selinux.enforcing) {
    findings.push_back(
        core::make_finding(self.info, target, "/sys/fs/selinux/enforce is 0 (permissive)"));
  } else if (!selinux.enforcing.has_value()) {
    findings.push_back(
        core::make_unchecked(self.info, target, core::FindingStatus::kError,
                             "could not read /sys/fs/selinux/enforce" +
                                 (selinux.error.empty() ? std::string() : ": " + selinux.error)));
  }
  if (!selinux.configured.empty() && selinux.configured != "enforcing") {
    findings.push_back(core::make_finding(self.info, target,
                                          "/etc/selinux/config: SELINUX=" + selinux.configured));
  }
  return findings;
}

}  // namespace selinux_not_enforcing

extern const Check kSelinuxNotEnforcing;  // listed in checks/list.h
const Check kSelinuxNotEnforcing{
    .info =
        {
            .code = "HDK-L-003",
            .slug = "selinux-not-enforcing",
            .title = "SELinux is permissive, or configured permissive or disabled",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "",
            .cobit = "APO13.01",
            .description = "In permissive mode SELinux logs what it would deny; containers are "
                           "not confined, and a config that says so survives the next boot.",
            .remediation = "setenforce 1, and SELINUX=enforcing in /etc/selinux/config; run "
                           "dockerd with \"selinux-enabled\": true.",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"selinux":{"present":true,"enforcing":false,"configured":"permissive"}}}})",
    .good =
        R"({"host":{"facts":{"selinux":{"present":true,"enforcing":true,"configured":"enforcing"}}}})",
    .run = selinux_not_enforcing::run,
};

}  // namespace hardock::audit::checks
