// Originals that `hardock harden --apply` renamed and kept for rollback. They are stopped copies
// of workloads that were hardened; judging them like live containers would make findings appear
// to rise after hardening. The runner sets them apart and this check reports each once, with the
// command that removes them when the hardened one has proven itself.
#include <string_view>
#include <unordered_map>

#include "hardock/audit/check.h"

namespace hardock::audit::checks {
namespace kept_for_rollback {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  if (context.engine.kept_for_rollback.empty()) return findings;
  // Each replacement by the original it replaces, looked up once per original (a scan of every
  // container per original is quadratic after hardening a large estate); the last one wins.
  std::unordered_map<std::string_view, const docker::Container*> replaced_by;
  for (const auto& container : context.engine.containers) {
    auto label = container.labels.find(std::string(docker::kReplacesLabel));
    if (label != container.labels.end()) replaced_by[label->second] = &container;
  }
  for (const auto& original : context.engine.kept_for_rollback) {
    std::string replacement;
    if (auto found = replaced_by.find(original.id); found != replaced_by.end()) {
      replacement = found->second->name + " (" + found->second->id.substr(0, 12) + ")";
    }
    findings.push_back(
        core::make_finding(self.info, container_target(original),
                           "original kept for rollback" +
                               (replacement.empty() ? std::string(" (named NAME.hardock-old.STAMP)")
                                                    : ", replaced by " + replacement) +
                               "; its own findings are not reported"));
  }
  return findings;
}

}  // namespace kept_for_rollback

extern const Check kKeptForRollback;  // listed in checks/list.h
const Check kKeptForRollback{
    .info =
        {
            .code = "HDK-E-005",
            .slug = "original-kept-for-rollback",
            .title = "Original container kept for rollback after hardening",
            .severity = core::Severity::kInfo,
            .target_kind = core::TargetKind::kContainer,
            .cis = "",
            .cobit = "BAI06.03",
            .description =
                "hardock harden --apply keeps each original, stopped and renamed "
                "NAME.hardock-old.STAMP, so that --rollback can restore it; the hardened "
                "replacement carries the label hardock.harden.replaces=<original id>. The "
                "original is reported once, here, instead of by every container check: its "
                "configuration is the one that was hardened away. Until it is pruned it still "
                "holds its writable layer and any secrets in its environment.",
            .remediation = "Once the hardened container has proven itself, remove the originals "
                           "with `hardock harden --prune` (or roll back with "
                           "`hardock harden --rollback`).",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[
      {"inspect":{"Id":"old1","Name":"/web.hardock-old.20261129170000",
                  "HostConfig":{"Privileged":true}}},
      {"inspect":{"Id":"new1","Name":"/web",
                  "Config":{"Labels":{"hardock.harden.replaces":"old1"}}}}]})",
    .good = R"({"containers":[{"inspect":{"Id":"new1","Name":"/web"}},
      {"inspect":{"Id":"x","Name":"/web.hardock-old.notastamp"}}]})",
    .run = kept_for_rollback::run,
};

}  // namespace hardock::audit::checks
