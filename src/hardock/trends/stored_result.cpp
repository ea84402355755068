#include "hardock/trends/stored_result.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "hardock/audit/registry.h"

namespace hardock::trends {

audit::Outcome parse_outcome(std::string_view text) {
  using audit::Outcome;
  for (Outcome outcome :
       {Outcome::kPass, Outcome::kFail, Outcome::kError, Outcome::kSkipped, Outcome::kNotRun}) {
    if (audit::to_string(outcome) == text) return outcome;
  }
  return Outcome::kError;
}

StoredResult result_of(const store::StoredRun& run) {
  StoredResult out;
  std::map<std::string_view, int> per_check;
  out.result.findings.reserve(run.findings.size());
  for (const store::StoredFinding& stored : run.findings) {
    core::Finding finding;
    finding.check_code = stored.check_code;
    finding.slug = stored.slug;
    finding.title = stored.title;
    finding.severity = stored.severity;
    finding.status = stored.status;
    finding.target = {stored.target_kind, stored.target_id, stored.target_name};
    finding.evidence = stored.evidence;
    finding.key = stored.key;
    finding.remediation = stored.remediation;
    finding.cis = stored.cis;
    finding.cobit = stored.cobit;
    finding.domain = stored.domain;
    finding.location = stored.location;
    ++per_check[stored.check_code];
    out.result.findings.push_back(std::move(finding));
  }
  // The order run_audit gives: severity (highest first), then code and target.
  std::stable_sort(out.result.findings.begin(), out.result.findings.end(),
                   [](const core::Finding& a, const core::Finding& b) {
                     if (a.severity != b.severity) return a.severity > b.severity;
                     return std::tie(a.check_code, a.target.name, a.target.id) <
                            std::tie(b.check_code, b.target.name, b.target.id);
                   });
  for (const store::StoredCheck& stored : run.checks) {
    const audit::Check* check = audit::find_check(stored.code);
    if (check == nullptr) {
      ++out.unknown_checks;
      continue;
    }
    audit::CheckResult check_result;
    check_result.check = check;
    check_result.outcome = parse_outcome(stored.outcome);
    check_result.reason = stored.reason;
    if (check_result.outcome == audit::Outcome::kError && stored.outcome != "error" &&
        check_result.reason.empty()) {
      check_result.reason = "stored outcome not understood: " + stored.outcome;
    }
    auto it = per_check.find(check->info.code);
    check_result.findings = it == per_check.end() ? 0 : it->second;
    out.result.checks.push_back(std::move(check_result));
  }
  return out;
}

}  // namespace hardock::trends
