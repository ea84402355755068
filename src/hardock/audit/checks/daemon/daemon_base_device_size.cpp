// CIS 2.11: The base device size is changed, judged from the effective daemon configuration
// (host::DaemonConfig).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace daemon_base_device_size {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(self, context, nullptr,
                              [](const host::DaemonConfig& config) -> std::vector<daemon::Verdict> {
                                std::vector<daemon::Verdict> out;
                                for (const auto* setting : config.effective("storage-opts")) {
                                  for (const auto& value : setting->values) {
                                    if (value.find("dm.basesize") != std::string::npos) {
                                      out.push_back({value + " (" + daemon::where(*setting) + ")"});
                                    }
                                  }
                                }
                                return out;
                              });
}

}  // namespace daemon_base_device_size

extern const Check kDaemonConfigBaseDeviceSize;  // listed in checks/list.h
const Check kDaemonConfigBaseDeviceSize{
    .info =
        {
            .code = "HDK-H-011",
            .slug = "daemon-config-base-device-size",
            .title = "The base device size is changed",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.11",
            .cobit = "BAI10.02",
            .description = "dm.basesize grows every container's base device: a container can then "
                           "fill the host's storage. Judged from the daemon configuration files "
                           "and dockerd's command line (daemon.json, systemd unit, "
                           "/etc/default/docker, /proc cmdline), not from the engine.",
            .remediation = "Remove dm.basesize from \"storage-opts\" (--storage-opt) unless a "
                           "workload needs it.",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"storage-opts","values":["dm.basesize=50G"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"storage-opts","values":["overlay2.size=10G"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = daemon_base_device_size::run,
};

}  // namespace hardock::audit::checks
