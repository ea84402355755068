// CIS 1.1.1: containers filling the data root must not fill the root file
// system; that needs a mount point at or above the data root other than "/". The data root is the
// effective one: the engine's DockerRootDir when the engine was read, else --data-root on
// dockerd's command line or daemon.json's "data-root" (host::HostFacts::data_root).
#include "hardock/audit/check.h"

namespace hardock::audit::checks {
namespace data_root_partition {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  const auto& facts = context.host->facts;
  const core::Target target = host_target(*context.host);
  if (!facts.mounts) {
    return {core::make_unchecked(self.info, target, core::FindingStatus::kError,
                                 "the snapshot holds no mount table")};
  }
  if (!facts.mounts->error.empty()) {
    return {core::make_unchecked(
        self.info, target, core::FindingStatus::kError,
        "could not read " + facts.mounts->source + ": " + facts.mounts->error)};
  }
  const bool from_engine = context.engine_present && !context.engine.info.docker_root_dir.empty();
  const std::string& data_root =
      from_engine ? context.engine.info.docker_root_dir : facts.data_root;
  const std::string source = from_engine ? "the engine's DockerRootDir" : facts.data_root_source;
  for (const auto& mount : facts.mounts->entries) {
    const std::string& point = mount.mount_point;
    if (point == "/") continue;
    if (data_root == point || data_root.starts_with(point + "/")) return {};
  }
  return {core::make_finding(self.info, target,
                             "no mount point at or above " + data_root + " (data root, from " +
                                 source + ") other than / in " + facts.mounts->source)};
}

}  // namespace data_root_partition

extern const Check kDataRootPartition;  // listed in checks/list.h
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
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"data_root":"/var/lib/docker","mounts":{"source":"/proc/self/mountinfo","entries":[{"mount_point":"/","fstype":"ext4","source":"/dev/sda1"}]}}}})",
    .good =
        R"({"host":{"facts":{"data_root":"/var/lib/docker","mounts":{"source":"/proc/self/mountinfo","entries":[{"mount_point":"/","fstype":"ext4","source":"/dev/sda1"},{"mount_point":"/var/lib/docker","fstype":"xfs","source":"/dev/sdb1"}]}}}})",
    .run = data_root_partition::run,
};

}  // namespace hardock::audit::checks
