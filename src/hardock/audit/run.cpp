#include "hardock/audit/run.h"

#include <algorithm>
#include <set>

#include "hardock/audit/registry.h"

namespace hardock::audit {

using core::ErrorCode;

namespace {

core::Result<std::set<const Check*>> resolve(const std::vector<std::string>& ids,
                                             const char* flag) {
  std::set<const Check*> out;
  for (const auto& id : ids) {
    const Check* check = find_check(id);
    if (check == nullptr) {
      return core::fail(ErrorCode::kInvalidArgument,
                        std::string(flag) + " " + id + ": no such check (see `hardock checks`)");
    }
    out.insert(check);
  }
  return out;
}

int weight(core::Severity severity) {
  switch (severity) {
    case core::Severity::kCritical:
      return 10;
    case core::Severity::kHigh:
      return 5;
    case core::Severity::kMedium:
      return 3;
    case core::Severity::kLow:
      return 1;
    case core::Severity::kInfo:
      return 0;
  }
  return 0;
}

core::CobitDomain domain_of(const Check& check) {
  auto practice = core::find_cobit_practice(check.info.cobit);
  return practice ? practice->domain : core::CobitDomain::kSecurity;
}

}  // namespace

core::Result<AuditResult> run_audit(const docker::EngineSnapshot& engine, const AuditConfig& config,
                                    const Selection& selection, const host::HostSnapshot* host) {
  auto only = resolve(selection.only, "--check");
  if (!only) return core::fail(only.error());
  auto skip = resolve(selection.skip, "--skip");
  if (!skip) return core::fail(skip.error());

  AuditResult result;
  const AuditContext context{engine, config, host};
  for (const Check* check : all_checks()) {
    if (!only->empty() && !only->contains(check)) continue;
    if (skip->contains(check)) continue;
    if (check->info.severity < selection.min_severity) continue;
    if (!selection.engine_present && check->info.target_kind != core::TargetKind::kHost) continue;
    result.checks_run.push_back(check);
    auto findings = check->run(*check, context);
    for (auto& finding : findings) result.findings.push_back(std::move(finding));
  }
  std::stable_sort(result.findings.begin(), result.findings.end(),
                   [](const core::Finding& a, const core::Finding& b) {
                     if (a.severity != b.severity) return a.severity > b.severity;
                     if (a.check_code != b.check_code) return a.check_code < b.check_code;
                     return a.target.name < b.target.name;
                   });
  return result;
}

std::vector<DomainSummary> summarize_domains(const AuditResult& result) {
  std::vector<DomainSummary> summaries;
  for (core::CobitDomain domain : core::kAllDomains) {
    DomainSummary summary{domain, 0, {}, 0, 100};
    // Score = share of the severity-weighted checks of this domain that passed.
    int total_weight = 0;
    int failed_weight = 0;
    for (const Check* check : result.checks_run) {
      if (domain_of(*check) != domain) continue;
      ++summary.checks;
      total_weight += weight(check->info.severity);
      bool failed = std::any_of(result.findings.begin(), result.findings.end(),
                                [&](const core::Finding& finding) {
                                  return finding.check_code == check->info.code &&
                                         finding.status == core::FindingStatus::kFail;
                                });
      if (failed) failed_weight += weight(check->info.severity);
    }
    for (const auto& finding : result.findings) {
      if (finding.domain != domain) continue;
      if (finding.status == core::FindingStatus::kFail) {
        ++summary.counts[finding.severity];
      } else {
        ++summary.errors;
      }
    }
    if (total_weight > 0) {
      summary.score = (100 * (total_weight - failed_weight) + total_weight / 2) / total_weight;
    }
    summaries.push_back(std::move(summary));
  }
  return summaries;
}

}  // namespace hardock::audit
