// CIS 5.18: host devices passed into a container (--device, or device cgroup
// rules that allow them) give direct access to hardware and kernel interfaces.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/container/util.h"

namespace hardock::audit::checks {
namespace host_devices {

namespace rules = container_rules;

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    std::vector<std::string> devices;
    for (const auto& device : container.devices) {
      devices.push_back(device.path_on_host + ":" + device.path_in_container + ":" +
                        device.cgroup_permissions);
    }
    std::string evidence;
    if (!devices.empty()) evidence = "HostConfig.Devices=" + rules::bracket_list(devices);
    if (!container.device_cgroup_rules.empty()) {
      if (!evidence.empty()) evidence += ", ";
      evidence +=
          "HostConfig.DeviceCgroupRules=" + rules::bracket_list(container.device_cgroup_rules);
    }
    if (!evidence.empty()) {
      findings.push_back(core::make_finding(self.info, container_target(container), evidence));
    }
  }
  return findings;
}

}  // namespace host_devices

extern const Check kHostDevices;  // listed in checks/list.h
const Check kHostDevices{
    .info =
        {
            .code = "HDK-C-013",
            .slug = "host-devices",
            .title = "Host devices exposed to container",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.18",
            .cobit = "DSS05.03",
            .description = "A host device node (disk, /dev/mem, GPU, fuse) in a container is a "
                           "direct path to hardware and kernel drivers. Fails when "
                           "HostConfig.Devices or HostConfig.DeviceCgroupRules is non-empty; the "
                           "evidence lists them for review. Privileged containers get every "
                           "device and are HDK-C-004's. Checked for all containers, stopped ones "
                           "included.",
            .remediation = "Remove --device/--device-cgroup-rule unless required; when required, "
                           "grant the narrowest permissions (--device /dev/fuse:/dev/fuse:r).",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/d","HostConfig":{"Devices":[
              {"PathOnHost":"/dev/sda","PathInContainer":"/dev/sda","CgroupPermissions":"rwm"}]}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/d","HostConfig":{"Devices":[]}}}]})",
    .run = host_devices::run,
};

}  // namespace hardock::audit::checks
