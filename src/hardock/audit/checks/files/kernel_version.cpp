// Docker needs namespaces and cgroups that kernels before 3.10 lack (the
// requirement older CIS Docker benchmarks state); kernels before 4.0 miss
// later hardening (user namespaces fixes, overlay2), reported as information.
#include <cstdio>

#include "hardock/audit/check.h"

namespace hardock::audit::checks {
namespace kernel_version {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  if (!context.host->facts.kernel) {
    return {core::make_unchecked(self.info, host_target(*context.host), core::FindingStatus::kError,
                                 "the host snapshot holds no kernel section")};
  }
  const auto& kernel = *context.host->facts.kernel;
  const core::Target target = host_target(*context.host);
  if (!kernel.error.empty()) {
    return {core::make_unchecked(self.info, target, core::FindingStatus::kError,
                                 "kernel release unknown: " + kernel.error)};
  }
  int major = 0;
  int minor = 0;
  if (std::sscanf(kernel.release.c_str(), "%d.%d", &major, &minor) != 2) {
    return {core::make_unchecked(self.info, target, core::FindingStatus::kError,
                                 "kernel release \"" + kernel.release + "\" does not parse")};
  }
  const std::string seen = "kernel " + kernel.release + " (from " + kernel.source + ")";
  if (major < 3 || (major == 3 && minor < 10)) {
    return {core::make_finding(self.info, target, seen + " is older than 3.10")};
  }
  if (major < 4) {
    core::Finding finding = core::make_finding(self.info, target, seen + " is older than 4.0");
    finding.severity = core::Severity::kInfo;
    return {finding};
  }
  return {};
}

}  // namespace kernel_version

extern const Check kKernelVersion;  // listed in checks/list.h
const Check kKernelVersion{
    .info =
        {
            .code = "HDK-F-028",
            .slug = "kernel-too-old",
            .title = "The host kernel is older than Docker needs",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kHost,
            .cis = "",
            .cobit = "DSS05.03",
            .description = "Container isolation is the kernel's; kernels before 3.10 lack "
                           "namespace and cgroup features Docker relies on, and old kernels "
                           "carry known escapes.",
            .remediation = "Upgrade the host to a supported distribution kernel (4.x or later).",
        },
    .needs = Input::kHost,
    .bad = R"({"host":{"facts":{"kernel":{"release":"3.2.0-4-amd64","source":"/proc/version"}}}})",
    .good = R"({"host":{"facts":{"kernel":{"release":"5.10.0-21-amd64","source":"uname"}}}})",
    .run = kernel_version::run,
};

}  // namespace hardock::audit::checks
