// "Could not look" is a result: every object the collector failed to read is
// reported, so that a check which found nothing there is not read as a pass.
#include "hardock/audit/check.h"

namespace hardock::audit::checks {
namespace collection_errors {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& error : context.engine.errors) {
    findings.push_back(
        core::make_unchecked(self.info, engine_target(context.engine), core::FindingStatus::kError,
                             "could not look: " + error.what + ": " + error.message));
  }
  return findings;
}

}  // namespace collection_errors

extern const Check kCollectionErrors;  // listed in checks/list.h
const Check kCollectionErrors{
    .info =
        {
            .code = "HDK-E-004",
            .slug = "collection-error",
            .title = "Part of the engine could not be read",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kEngine,
            .cis = "",
            .cobit = "MEA01.03",
            .description = "Checks cannot judge what was not collected; every gap is listed so "
                           "the report does not overstate compliance.",
            .remediation = "Collect with an account that can read the whole Engine API (docker "
                           "group or root on the socket) and retry; the message names the call.",
        },
    .needs = Input::kEngine,
    .bad = R"({"errors":[{"what":"GET /containers/abc/top","message":"permission denied"}]})",
    .good = R"({"errors":[]})",
    .run = collection_errors::run,
};

}  // namespace hardock::audit::checks
