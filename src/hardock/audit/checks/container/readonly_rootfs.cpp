// CIS 5.13: a read-only root filesystem stops an intruder from planting tools
// or altering binaries inside the container.
#include "hardock/audit/check.h"

namespace hardock::audit::checks {
namespace readonly_rootfs {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    if (!container.readonly_rootfs) {
      findings.push_back(core::make_finding(self.info, container_target(container),
                                            "HostConfig.ReadonlyRootfs=false"));
    }
  }
  return findings;
}

}  // namespace readonly_rootfs

extern const Check kReadonlyRootfs;  // listed in checks/list.h
const Check kReadonlyRootfs{
    .info =
        {
            .code = "HDK-C-009",
            .slug = "writable-rootfs",
            .title = "Container root filesystem is writable",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.13",
            .cobit = "DSS05.03",
            .description = "A writable root filesystem lets a compromised process modify the "
                           "container's binaries and configuration and hides drift from the "
                           "image. Fails when HostConfig.ReadonlyRootfs is false. Checked for all "
                           "containers, stopped ones included.",
            .remediation = "Run with --read-only and give writable paths explicitly: "
                           "--tmpfs /tmp and named volumes for data.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/r","HostConfig":{"ReadonlyRootfs":false}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/r","HostConfig":{"ReadonlyRootfs":true}}}]})",
    .run = readonly_rootfs::run,
};

}  // namespace hardock::audit::checks
