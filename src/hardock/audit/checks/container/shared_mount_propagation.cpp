// CIS 5.20: a mount with shared propagation lets mounts made inside the
// container appear on the host (and the other way round).
#include "hardock/audit/check.h"

namespace hardock::audit::checks {
namespace shared_mount_propagation {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    std::string evidence;
    for (size_t mount_idx = 0; mount_idx < container.mounts.size(); ++mount_idx) {
      const auto& mount = container.mounts[mount_idx];
      if (mount.propagation != "shared" && mount.propagation != "rshared") continue;
      if (!evidence.empty()) evidence += "; ";
      evidence += "Mounts[" + std::to_string(mount_idx) + "].Propagation=" + mount.propagation +
                  " (Source=" + mount.source + ", Destination=" + mount.destination + ")";
    }
    if (!evidence.empty()) {
      findings.push_back(core::make_finding(self.info, container_target(container), evidence));
    }
  }
  return findings;
}

}  // namespace shared_mount_propagation

extern const Check kSharedMountPropagation;  // listed in checks/list.h
const Check kSharedMountPropagation{
    .info =
        {
            .code = "HDK-C-014",
            .slug = "shared-mount-propagation",
            .title = "Mount uses shared propagation",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.20",
            .cobit = "DSS05.03",
            .description = "Shared (or rshared) propagation lets a container mount filesystems "
                           "that then appear on the host. Fails when any entry of Mounts has "
                           "Propagation shared or rshared. Checked for all containers, stopped "
                           "ones included.",
            .remediation = "Mount with the default private propagation: drop "
                           "bind-propagation=shared / :shared from -v and --mount.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/s","Mounts":[
              {"Type":"bind","Source":"/mnt","Destination":"/mnt","RW":true,
               "Propagation":"rshared"}]}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/s","Mounts":[
               {"Type":"bind","Source":"/mnt","Destination":"/mnt","RW":true,
                "Propagation":"rprivate"}]}}]})",
    .run = shared_mount_propagation::run,
};

}  // namespace hardock::audit::checks
