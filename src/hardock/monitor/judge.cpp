#include "hardock/monitor/judge.h"

#include "hardock/audit/engine_images.h"
#include "hardock/audit/registry.h"
#include "hardock/audit/run.h"

namespace hardock::monitor {

std::vector<std::string> container_checks(bool with_execs) {
  std::vector<std::string> codes;
  for (const audit::Check* check : audit::all_checks()) {
    if (check->needs != audit::Input::kEngine) continue;
    if (check->info.target_kind != core::TargetKind::kContainer) continue;
    const std::string_view slug = check->info.slug;
    // Nothing runs yet: no processes to read (sshd running), no exec sessions.
    if (slug == "sshd-running") continue;
    if (slug == "exec-sessions" && !with_execs) continue;
    codes.emplace_back(check->info.code);
  }
  return codes;
}

std::vector<core::Finding> judge_container(const docker::Container& container,
                                           const std::vector<docker::Network>& networks,
                                           const audit::AuditConfig& config,
                                           std::vector<std::string> codes) {
  docker::EngineSnapshot snapshot;
  snapshot.local = false;
  snapshot.containers.push_back(container);
  snapshot.networks = networks;
  snapshot.normalize();
  return judge_snapshot(snapshot, config, std::move(codes), core::TargetKind::kContainer);
}

std::vector<std::string> object_checks(core::TargetKind kind) {
  std::vector<std::string> codes;
  for (const audit::Check* check : audit::all_checks()) {
    if (check->info.target_kind != kind) continue;
    const bool reads_engine =
        check->needs == audit::Input::kEngine || check->needs == audit::Input::kEngineOrHost;
    const bool reads_image_config = check->needs == audit::Input::kImage;
    if (kind == core::TargetKind::kImage ? reads_image_config : reads_engine) {
      codes.emplace_back(check->info.code);
    }
  }
  return codes;
}

std::vector<core::Finding> judge_snapshot(const docker::EngineSnapshot& snapshot,
                                          const audit::AuditConfig& config,
                                          std::vector<std::string> codes, core::TargetKind kind) {
  audit::Selection selection;
  selection.only = std::move(codes);
  std::vector<image::ImageSubject> images;
  if (kind == core::TargetKind::kImage) images = audit::engine_image_subjects(snapshot);
  auto result =
      audit::run_audit(snapshot, config, selection, nullptr, images.empty() ? nullptr : &images);
  std::vector<core::Finding> out;
  if (!result) return out;
  for (auto& finding : result->findings) {
    if (finding.target.kind == kind) out.push_back(std::move(finding));
  }
  return out;
}

}  // namespace hardock::monitor
