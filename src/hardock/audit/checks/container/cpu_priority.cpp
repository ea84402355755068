// CIS 5.12: a container with neither CPU shares nor a CPU quota competes with
// the host's own services on equal terms.
#include "hardock/audit/check.h"

namespace hardock::audit::checks {
namespace cpu_priority {

// 1024 is the kernel's default weight: setting it changes nothing.
constexpr int64_t kDefaultCpuShares = 1024;

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    const bool default_shares =
        container.cpu_shares == 0 || container.cpu_shares == kDefaultCpuShares;
    if (default_shares && container.nano_cpus == 0 && container.cpu_quota == 0) {
      findings.push_back(
          core::make_finding(self.info, container_target(container),
                             "HostConfig.CpuShares=" + std::to_string(container.cpu_shares) +
                                 ", HostConfig.NanoCpus=0, HostConfig.CpuQuota=0"));
    }
  }
  return findings;
}

}  // namespace cpu_priority

extern const Check kCpuPriority;  // listed in checks/list.h
const Check kCpuPriority{
    .info =
        {
            .code = "HDK-C-008",
            .slug = "cpu-unlimited",
            .title = "Container has no CPU priority or limit",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.12",
            .cobit = "DSS01.04",
            .description = "Without CPU shares or a quota a busy container takes CPU from the "
                           "host and other containers. Fails when CpuShares is 0 or the default "
                           "1024 and neither NanoCpus nor CpuQuota is set. Checked for all "
                           "containers, stopped ones included.",
            .remediation = "Set --cpus 1.5 (a hard limit) or --cpu-shares 512 (a relative "
                           "priority), e.g. docker update --cpus 1.5 <container>.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/c","HostConfig":{"CpuShares":1024}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/c","HostConfig":{"NanoCpus":1500000000}}}]})",
    .run = cpu_priority::run,
};

}  // namespace hardock::audit::checks
