// Paper section C: Docker's default seccomp profile removes ~44 risky syscalls;
// a kernel without CONFIG_SECCOMP silently runs every container without it.
#include "hardock/audit/check.h"

namespace hardock::audit::checks {
namespace seccomp_unsupported {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  if (!context.host->facts.seccomp) {
    return {core::make_unchecked(self.info, host_target(*context.host), core::FindingStatus::kError,
                                 "the host snapshot holds no seccomp section")};
  }
  const auto& seccomp = *context.host->facts.seccomp;
  const core::Target target = host_target(*context.host);
  if (!seccomp.supported.has_value()) {
    return {core::make_unchecked(self.info, target, core::FindingStatus::kError,
                                 "seccomp support unknown: " + seccomp.error)};
  }
  if (*seccomp.supported) return {};
  return {core::make_finding(self.info, target,
                             seccomp.source == "/proc/self/status"
                                 ? "/proc/self/status has no Seccomp: field"
                                 : seccomp.source + " lacks CONFIG_SECCOMP=y")};
}

}  // namespace seccomp_unsupported

extern const Check kSeccompUnsupported;  // listed in checks/list.h
const Check kSeccompUnsupported{
    .info =
        {
            .code = "HDK-L-004",
            .slug = "seccomp-unsupported",
            .title = "The host kernel does not support seccomp",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kHost,
            .cis = "",
            .cobit = "APO13.01",
            .description = "Without seccomp the default profile cannot filter syscalls, so "
                           "every container reaches the whole kernel interface.",
            .remediation = "Run a kernel built with CONFIG_SECCOMP=y and CONFIG_SECCOMP_FILTER=y "
                           "(every mainstream distribution kernel).",
        },
    .needs = Input::kHost,
    .bad = R"({"host":{"facts":{"seccomp":{"supported":false,"source":"/proc/self/status"}}}})",
    .good = R"({"host":{"facts":{"seccomp":{"supported":true,"source":"/proc/self/status"}}}})",
    .run = seccomp_unsupported::run,
};

}  // namespace hardock::audit::checks
