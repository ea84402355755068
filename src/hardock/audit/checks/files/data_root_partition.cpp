// CIS 1.1.1: containers filling the data root must not fill the root file
// system; that needs a mount point at or above the data root other than "/".
#include "hardock/audit/checks/all.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  if (context.host == nullptr || !context.host->facts.mounts) return {};
  const auto& facts = context.host->facts;
  const core::Target target = host_target(*context.host);
  if (!facts.mounts->error.empty()) {
    return {core::make_unchecked(
        self.info, target, core::FindingStatus::kSkipped,
        "could not read " + facts.mounts->source + ": " + facts.mounts->error)};
  }
  for (const auto& mount : facts.mounts->entries) {
    const std::string& point = mount.mount_point;
    if (point == "/") continue;
    if (facts.data_root == point || facts.data_root.rfind(point + "/", 0) == 0) return {};
  }
  return {core::make_finding(self.info, target,
                             "no mount point at or above " + facts.data_root + " other than / in " +
                                 facts.mounts->source)};
}

}  // namespace

const Check kDataRootPartition{
    .info =
        {
            .code = "HDK-F-025",
            .slug = "data-root-partition",
            .title = "Docker's data root is not on a separate partition",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "1.1.1",
            .cobit = "DSS05.03",
            .description = "Images, volumes and container logs grow under the data root; on the "
                           "root file system they can fill it and stop the host.",
            .remediation = "Mount a dedicated file system (LVM volume or disk) on /var/lib/docker, "
                           "or point daemon.json \"data-root\" at one.",
        },
    .bad =
        R"({"host":{"facts":{"data_root":"/var/lib/docker","mounts":{"source":"/proc/self/mountinfo","entries":[{"mount_point":"/","fstype":"ext4","source":"/dev/sda1"}]}}}})",
    .good =
        R"({"host":{"facts":{"data_root":"/var/lib/docker","mounts":{"source":"/proc/self/mountinfo","entries":[{"mount_point":"/","fstype":"ext4","source":"/dev/sda1"},{"mount_point":"/var/lib/docker","fstype":"xfs","source":"/dev/sdb1"}]}}}})",
    .run = run,
};

}  // namespace hardock::audit::checks
