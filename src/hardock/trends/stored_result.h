// A stored run read back as an audit result, so that the report writers, summarize_domains and
// the trends read a run from the store exactly as they read a fresh one.
#pragma once

#include "hardock/audit/run.h"
#include "hardock/store/store.h"

namespace hardock::trends {

struct StoredResult {
  // Its findings view the text of the StoredRun it was made from: keep that run alive and
  // unmoved while this is used.
  audit::AuditResult result;
  // Stored checks this binary does not know (a newer hardock wrote them): outside the scores,
  // their findings still reported.
  int unknown_checks = 0;
};

// Never fails: an unknown outcome is an error outcome (never a pass), with the stored text as
// its reason; findings come back in report order.
StoredResult result_of(const store::StoredRun& run);

// "pass", "fail", "error", "skipped", "not-run"; anything else is kError.
audit::Outcome parse_outcome(std::string_view text);

}  // namespace hardock::trends
