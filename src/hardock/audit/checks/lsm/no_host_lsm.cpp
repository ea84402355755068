// Paper section C: without AppArmor or SELinux in the host kernel, no container
// can be confined by mandatory access control, whatever the engine is told.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/lsm/lsm_state.h"

namespace hardock::audit::checks {
namespace no_host_lsm {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  const auto& facts = context.host->facts;
  if (!facts.apparmor || !facts.selinux) {
    return {core::make_unchecked(self.info, host_target(*context.host), core::FindingStatus::kError,
                                 "the host snapshot holds no AppArmor or SELinux state")};
  }
  if (lsm::apparmor_on(facts) || lsm::selinux_on(facts)) return {};
  const core::Target target = host_target(*context.host);
  if (!facts.apparmor->error.empty()) {
    return {core::make_unchecked(self.info, target, core::FindingStatus::kError,
                                 "could not read the AppArmor state: " + facts.apparmor->error)};
  }
  if (!facts.selinux->present && !facts.selinux->error.empty()) {
    return {core::make_unchecked(self.info, target, core::FindingStatus::kError,
                                 "could not read the SELinux state: " + facts.selinux->error)};
  }
  return {core::make_finding(self.info, target,
                             "/sys/module/apparmor/parameters/enabled is not Y and "
                             "/sys/fs/selinux is absent")};
}

}  // namespace no_host_lsm

extern const Check kNoHostLsm;  // listed in checks/list.h
const Check kNoHostLsm{
    .info =
        {
            .code = "HDK-L-001",
            .slug = "host-without-lsm",
            .title = "The host kernel runs neither AppArmor nor SELinux",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kHost,
            .cis = "",
            .cobit = "APO13.01",
            .description = "Mandatory access control is the wall behind namespaces and "
                           "capabilities; without an LSM an escaped process meets no policy.",
            .remediation = "Boot with AppArmor (apparmor=1 security=apparmor, package apparmor) "
                           "or SELinux enforcing, then restart dockerd.",
        },
    .needs = Input::kHost,
    .bad = R"({"host":{"facts":{"apparmor":{"enabled":false},"selinux":{"present":false}}}})",
    .good =
        R"({"host":{"facts":{"apparmor":{"enabled":true,"profiles_read":true,"profiles":[{"name":"docker-default","mode":"enforce"}]},"selinux":{"present":false}}}})",
    .run = no_host_lsm::run,
};

}  // namespace hardock::audit::checks
