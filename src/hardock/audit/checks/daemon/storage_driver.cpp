// CIS 2.6: aufs is unmaintained and lets containers interfere with each other
// (known kernel crashes). devicemapper and the legacy overlay driver are
// deprecated and removed from current engines: reported at info level, as a
// migration to plan.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/daemon_info.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_info(
      self, context, [](const docker::EngineInfo& info) -> std::optional<daemon::Verdict> {
        if (info.storage_driver == "aufs") return "Driver=aufs";
        if (info.storage_driver == "devicemapper" || info.storage_driver == "overlay") {
          daemon::Verdict verdict("Driver=" + info.storage_driver + " (deprecated)");
          verdict.severity = core::Severity::kInfo;
          return verdict;
        }
        return std::nullopt;
      });
}

}  // namespace

extern const Check kDeprecatedStorageDriver;  // listed in checks/list.h
const Check kDeprecatedStorageDriver{
    .info =
        {
            .code = "HDK-D-004",
            .slug = "deprecated-storage-driver",
            .title = "Daemon uses the aufs or another deprecated storage driver",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.6",
            .cobit = "BAI10.03",
            .description = "aufs has known stability and isolation problems and is no longer "
                           "supported; devicemapper and overlay are deprecated and gone from "
                           "Docker 25.",
            .remediation = "Move to overlay2: set \"storage-driver\": \"overlay2\" in daemon.json "
                           "(existing images and containers must be re-pulled or migrated).",
        },
    .needs = Input::kEngine,
    .bad = R"({"info":{"Driver":"aufs"}})",
    .good = R"({"info":{"Driver":"overlay2"}})",
    .run = run,
};

}  // namespace hardock::audit::checks
