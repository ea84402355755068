#include "hardock/audit/run.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <numeric>
#include <set>
#include <string_view>
#include <unordered_map>

#include "hardock/audit/registry.h"
#include "hardock/io/escape.h"

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

// Engine-supplied text is attacker-sized: a 20 MB container name must not become a 200 MB
// report. Findings keep at most this much of each field, with the full length shown.
constexpr std::size_t kMaxEvidenceBytes = 8192;
constexpr std::size_t kMaxTargetBytes = 1024;

void bound(core::Finding& finding) {
  if (finding.evidence.size() > kMaxEvidenceBytes) {
    finding.evidence = io::truncate(finding.evidence, kMaxEvidenceBytes);
  }
  if (finding.target.name.size() > kMaxTargetBytes) {
    finding.target.name = io::truncate(finding.target.name, kMaxTargetBytes);
  }
  if (finding.target.id.size() > kMaxTargetBytes) {
    finding.target.id = io::truncate(finding.target.id, kMaxTargetBytes);
  }
}

core::CobitDomain domain_of(const Check& check) {
  auto practice = core::find_cobit_practice(check.info.cobit);
  return practice ? practice->domain : core::CobitDomain::kSecurity;
}

// Why `check` cannot run in this audit; empty when its input is there.
std::string missing_input(const Check& check, const Selection& selection, bool host_present,
                          const std::vector<image::ImageSubject>* images,
                          const std::vector<dockerfile::DockerfileSubject>* dockerfiles) {
  switch (check.needs) {
    case Input::kDockerfile:
      return dockerfiles != nullptr && !dockerfiles->empty() ? "" : selection.no_dockerfile_reason;
    case Input::kPolicy:
      return "";
    case Input::kEngine:
      return selection.engine_present ? "" : selection.no_engine_reason;
    case Input::kHost:
      return host_present ? "" : selection.no_host_reason;
    case Input::kEngineOrHost:
      if (selection.engine_present || host_present) return "";
      return selection.no_engine_reason + "; " + selection.no_host_reason;
    case Input::kImage:
      return images != nullptr && !images->empty() ? "" : selection.no_image_reason;
    case Input::kImageFiles:
      if (images == nullptr || images->empty()) return selection.no_image_reason;
      return std::any_of(images->begin(), images->end(),
                         [](const image::ImageSubject& image) { return image.tree != nullptr; })
                 ? ""
                 : selection.no_image_files_reason;
    case Input::kVulnerabilities:
      if (images == nullptr || images->empty()) return selection.no_image_reason;
      if (std::none_of(images->begin(), images->end(),
                       [](const image::ImageSubject& image) { return image.tree != nullptr; })) {
        return selection.no_image_files_reason;
      }
      return std::any_of(
                 images->begin(), images->end(),
                 [](const image::ImageSubject& image) { return image.assessment != nullptr; })
                 ? ""
                 : selection.no_vulnerabilities_reason;
  }
  return "unknown input";
}

// Worst first: any failing finding fails the check; otherwise an error makes it errored; only
// skipped findings, skipped.
Outcome outcome_from(Outcome current, const core::Finding& finding) {
  switch (finding.status) {
    case core::FindingStatus::kFail:
      // An accepted risk does not fail its check: the score and the gate leave it out.
      return finding.accepted ? current : Outcome::kFail;
    case core::FindingStatus::kError:
      return current == Outcome::kFail ? current : Outcome::kError;
    case core::FindingStatus::kSkipped:
      return current == Outcome::kPass ? Outcome::kSkipped : current;
  }
  return current;
}

// Ranks of the distinct values of one string field: equal strings share a rank, and ranks
// order as the strings do. Comparing two ranks is one integer comparison instead of a string's.
// Neighbours often hold the same value (one check's findings come file by file): a comparison
// with the previous value spares most lookups.
template <class Field>
std::vector<uint32_t> string_ranks(const std::vector<core::Finding*>& findings, Field field) {
  std::unordered_map<std::string_view, uint32_t> id_of;
  std::vector<std::string_view> distinct;
  std::vector<uint32_t> ranks;
  ranks.reserve(findings.size());
  std::string_view previous;
  uint32_t previous_id = 0;
  for (const core::Finding* finding : findings) {
    const std::string_view text = field(*finding);
    // (A check's code is one static text: the same bytes, known without comparing them.)
    const bool same =
        !distinct.empty() &&
        ((text.data() == previous.data() && text.size() == previous.size()) || text == previous);
    if (!same) {
      const auto [at, added] = id_of.try_emplace(text, static_cast<uint32_t>(distinct.size()));
      if (added) distinct.push_back(text);
      previous = text;
      previous_id = at->second;
    }
    ranks.push_back(previous_id);
  }
  std::vector<uint32_t> order(distinct.size());
  std::iota(order.begin(), order.end(), uint32_t{0});
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return distinct[a] < distinct[b]; });
  std::vector<uint32_t> rank_of_id(distinct.size());
  for (size_t index = 0; index < order.size(); ++index) {
    rank_of_id[order[index]] = static_cast<uint32_t>(index);
  }
  for (auto& rank : ranks) rank = rank_of_id[rank];
  return ranks;
}

// Between two findings of the same severity, check, target kind and name: the tuple (id, file,
// line, column, evidence, status) in order, each string compared once (std::tie's < compares an
// equal pair of strings twice).
bool after_target_name(const core::Finding& a, const core::Finding& b) {
  if (const int by = a.target.id.compare(b.target.id); by != 0) return by < 0;
  if (const int by = a.location.file.compare(b.location.file); by != 0) return by < 0;
  if (a.location.line != b.location.line) return a.location.line < b.location.line;
  if (a.location.column != b.location.column) return a.location.column < b.location.column;
  if (const int by = a.evidence.compare(b.evidence); by != 0) return by < 0;
  return a.status < b.status;
}

// `a` goes strictly before `b` in the order sort_findings makes: worst first, then the check's
// code, the target's kind, name and id, the file, line and column, the evidence and the status
// (the reports' order, report/common.h ordered_findings).
bool goes_before(const core::Finding& a, const core::Finding& b) {
  // (Severities as sort_findings buckets them: a value past kCritical counts as kCritical.)
  constexpr auto kWorst = static_cast<std::size_t>(core::Severity::kCritical);
  const std::size_t a_severity = std::min(static_cast<std::size_t>(a.severity), kWorst);
  const std::size_t b_severity = std::min(static_cast<std::size_t>(b.severity), kWorst);
  if (a_severity != b_severity) return a_severity > b_severity;
  // (A check's code is one static text: the same bytes, known without comparing them.)
  if (a.check_code.data() != b.check_code.data() || a.check_code.size() != b.check_code.size()) {
    if (const int by = a.check_code.compare(b.check_code); by != 0) return by < 0;
  }
  if (a.target.kind != b.target.kind) return a.target.kind < b.target.kind;
  if (const int by = a.target.name.compare(b.target.name); by != 0) return by < 0;
  return after_target_name(a, b);
}

// No finding of `parts`, taken in order, goes before the one ahead of it: a stable sort would
// leave them as they are.
bool arrived_in_order(const std::vector<std::vector<core::Finding>>& parts) {
  const core::Finding* previous = nullptr;
  for (const auto& part : parts) {
    for (const core::Finding& finding : part) {
      if (previous != nullptr && goes_before(finding, *previous)) return false;
      previous = &finding;
    }
  }
  return true;
}

// The findings of every part (each check's, in check order), moved into `out` worst first, then
// by check and target name, keeping the check order within. Sorted through an index on integer
// keys, and each finding moved once, to its place: a stable sort of the findings themselves
// (312 bytes each, compared by their strings) took a buffer of half of them, 130 MB, and 1.5 s
// of string comparisons at 100,000 containers (bench/scale.sh); gathering the parts and then
// permuting moved each finding twice more. The findings arrive check by check, each check's
// target by target: within one severity they are mostly in order already, so the index is put
// in severity order first (stable) and each severity's run is sorted only if it is not.
void sort_findings(std::vector<std::vector<core::Finding>>& parts,
                   std::vector<core::Finding>& out) {
  std::size_t total = 0;
  for (const auto& part : parts) total += part.size();
  // The checks run worst first and in code order (run_audit), each check's findings target by
  // target: the findings of a lint nearly always arrive in their final order. Then they stay
  // where they are: the first part becomes `out` as a whole, and no finding is ranked, indexed
  // or moved (that was a tenth of the runner's time).
  if (arrived_in_order(parts)) {
    for (auto& part : parts) {
      if (out.empty()) {
        out = std::move(part);
        out.reserve(total);
        continue;
      }
      out.insert(out.end(), std::make_move_iterator(part.begin()),
                 std::make_move_iterator(part.end()));
    }
    return;
  }
  std::vector<core::Finding*> findings;  // in arrival order
  findings.reserve(total);
  for (auto& part : parts) {
    for (auto& finding : part) findings.push_back(&finding);
  }
  const auto code_rank = string_ranks(
      findings, [](const core::Finding& f) -> std::string_view { return f.check_code; });
  const auto name_rank = string_ranks(
      findings, [](const core::Finding& f) -> std::string_view { return f.target.name; });
  const auto after_severity = [&](size_t left, size_t right) {
    if (code_rank[left] != code_rank[right]) return code_rank[left] < code_rank[right];
    // The reports' order (report/common.h ordered_findings) to the end, so that they find the
    // findings sorted and need not sort a million of them again.
    const core::Finding& a = *findings[left];
    const core::Finding& b = *findings[right];
    if (a.target.kind != b.target.kind) return a.target.kind < b.target.kind;
    if (name_rank[left] != name_rank[right]) return name_rank[left] < name_rank[right];
    return after_target_name(a, b);
  };
  constexpr size_t kSeverities = static_cast<size_t>(core::Severity::kCritical) + 1;
  std::array<size_t, kSeverities + 1> begin{};  // by severity, worst first
  const auto bucket = [&](const core::Finding& f) {
    return kSeverities - 1 - std::min(static_cast<size_t>(f.severity), kSeverities - 1);
  };
  for (const core::Finding* finding : findings) ++begin[bucket(*finding) + 1];
  for (size_t b = 1; b <= kSeverities; ++b) begin[b] += begin[b - 1];
  std::vector<size_t> order(findings.size());
  std::array<size_t, kSeverities> fill{};
  for (size_t b = 0; b < kSeverities; ++b) fill[b] = begin[b];
  for (size_t index = 0; index < findings.size(); ++index) {
    order[fill[bucket(*findings[index])]++] = index;
  }
  for (size_t b = 0; b < kSeverities; ++b) {
    const auto first = order.begin() + static_cast<std::ptrdiff_t>(begin[b]);
    const auto last = order.begin() + static_cast<std::ptrdiff_t>(begin[b + 1]);
    if (!std::is_sorted(first, last, after_severity)) std::stable_sort(first, last, after_severity);
  }
  out.reserve(out.size() + findings.size());
  for (const size_t index : order) out.push_back(std::move(*findings[index]));
}

}  // namespace

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass:
      return "pass";
    case Outcome::kFail:
      return "fail";
    case Outcome::kError:
      return "error";
    case Outcome::kSkipped:
      return "skipped";
    case Outcome::kNotRun:
      return "not-run";
  }
  return "unknown";
}

int AuditResult::count(Outcome outcome) const {
  return static_cast<int>(std::count_if(
      checks.begin(), checks.end(), [&](const CheckResult& r) { return r.outcome == outcome; }));
}

int AuditResult::checks_run() const {
  return static_cast<int>(checks.size()) - count(Outcome::kNotRun);
}

const CheckResult* AuditResult::find(std::string_view code) const {
  for (const auto& check_result : checks) {
    if (check_result.check->info.code == code) return &check_result;
  }
  return nullptr;
}

core::Result<AuditResult> run_audit(const docker::EngineSnapshot& engine, const AuditConfig& config,
                                    const Selection& selection, const host::HostSnapshot* host,
                                    const std::vector<image::ImageSubject>* images,
                                    const std::vector<dockerfile::DockerfileSubject>* dockerfiles) {
  auto only = resolve(selection.only, "--check");
  if (!only) return core::fail(only.error());
  auto skip = resolve(selection.skip, "--skip");
  if (!skip) return core::fail(skip.error());

  AuditResult result;
  // The findings in parts, moved into result.findings once, sorted, when all are known (growing
  // it check by check moved every finding several times): a part per check that returns its
  // findings, and one that checks which append theirs (Check::append) share, one after another.
  std::vector<std::vector<core::Finding>> found;
  constexpr std::size_t kNoPart = static_cast<std::size_t>(-1);
  std::size_t shared = kNoPart;  // index in found of the part appending checks fill now
  const AuditContext context{engine, config, host, selection.engine_present, images, dockerfiles};
  std::vector<std::size_t> to_run;  // indices in result.checks
  for (const Check* check : all_checks()) {
    if (!only->empty() && !only->contains(check)) continue;
    // An audit of an estate is not about Dockerfiles: their checks belong to `hardock lint`, and
    // are listed as not run only when asked for by name.
    if (check->needs == Input::kDockerfile && dockerfiles == nullptr && !only->contains(check)) {
      continue;
    }
    if (skip->contains(check)) continue;
    if (check->info.severity < selection.min_severity) continue;
    CheckResult& check_result = result.checks.emplace_back(CheckResult{
        check, Outcome::kPass, 0, missing_input(*check, selection, host, images, dockerfiles)});
    if (!check_result.reason.empty()) {
      check_result.outcome = Outcome::kNotRun;
      continue;
    }
    to_run.push_back(result.checks.size() - 1);
  }
  // Run worst first, then in code order: the order of the sorted findings, which then arrive
  // sorted (sort_findings leaves them where they are). The results stay in registry order.
  std::stable_sort(to_run.begin(), to_run.end(), [&](std::size_t a, std::size_t b) {
    const core::CheckInfo& left = result.checks[a].check->info;
    const core::CheckInfo& right = result.checks[b].check->info;
    if (left.severity != right.severity) return left.severity > right.severity;
    return left.code < right.code;
  });
  for (const std::size_t index : to_run) {
    CheckResult& check_result = result.checks[index];
    const Check* check = check_result.check;
    std::size_t first = 0;  // of this check's findings in its part
    if (check->append != nullptr) {
      if (shared == kNoPart) {
        shared = found.size();
        // Room for a lint's usual findings (14 a file in the bench corpus): the part seldom
        // grows, and growing moves every finding in it. Capped (20 MB): past it, it grows.
        constexpr std::size_t kFindingsPerFile = 16;
        constexpr std::size_t kMaxRoom = 65536;
        found.emplace_back().reserve(
            dockerfiles != nullptr ? std::min(dockerfiles->size() * kFindingsPerFile, kMaxRoom)
                                   : 0);
      }
      first = found[shared].size();
      check->append(*check, context, found[shared]);
    } else {
      shared = kNoPart;  // the parts stay in check order
      found.push_back(check->run(*check, context));
    }
    std::vector<core::Finding>& part = check->append != nullptr ? found[shared] : found.back();
    const auto mine = part.begin() + static_cast<std::ptrdiff_t>(first);
    // A check may rate one finding below its own severity (HDK-C-003's kept defaults):
    // --severity hides those too. Could-not-look findings are never hidden.
    part.erase(std::remove_if(mine, part.end(),
                              [&](const core::Finding& finding) {
                                return finding.status == core::FindingStatus::kFail &&
                                       finding.severity < selection.min_severity;
                              }),
               part.end());
    check_result.findings = static_cast<int>(part.size() - first);
    for (auto it = part.begin() + static_cast<std::ptrdiff_t>(first); it != part.end(); ++it) {
      core::Finding& finding = *it;
      if (!config.waivers.empty() && !check->applies_waivers && !finding.accepted &&
          finding.status == core::FindingStatus::kFail) {
        apply_match(
            match_waiver(config.waivers, {finding.check_code, finding.target, finding.severity},
                         config.today),
            finding);
      }
      if (finding.accepted) ++check_result.accepted;
      bound(finding);
      check_result.outcome = outcome_from(check_result.outcome, finding);
    }
  }
  sort_findings(found, result.findings);
  return result;
}

std::vector<DomainSummary> summarize_domains(const AuditResult& result) {
  // The findings are tallied in one pass (a lint of 10,000 files has 137,000; a pass per
  // domain was most of what ran between the lint and the report).
  constexpr std::size_t kDomains = std::size(core::kAllDomains);
  constexpr std::size_t kSeverities = std::size(core::kAllSeverities);
  struct Tally {
    std::array<int, kSeverities> failing{};  // by severity, waived ones not counted
    int accepted = 0;
    int errors = 0;
  };
  std::array<Tally, kDomains> tallies{};
  for (const auto& finding : result.findings) {
    const auto domain = static_cast<std::size_t>(finding.domain);
    if (domain >= kDomains) continue;
    Tally& tally = tallies[domain];
    if (finding.status != core::FindingStatus::kFail) {
      ++tally.errors;
    } else if (finding.accepted) {
      ++tally.accepted;
    } else if (const auto severity = static_cast<std::size_t>(finding.severity);
               severity < kSeverities) {
      ++tally.failing[severity];
    }
  }
  std::vector<DomainSummary> summaries;
  for (core::CobitDomain domain : core::kAllDomains) {
    DomainSummary summary;
    summary.domain = domain;
    int looked_weight = 0;
    int passed_weight = 0;
    for (const CheckResult& check_result : result.checks) {
      if (domain_of(*check_result.check) != domain) continue;
      ++summary.checks;
      const int check_weight = weight(check_result.check->info.severity);
      switch (check_result.outcome) {
        case Outcome::kPass:
          ++summary.passed;
          looked_weight += check_weight;
          passed_weight += check_weight;
          break;
        case Outcome::kFail:
          ++summary.failed;
          looked_weight += check_weight;
          break;
        case Outcome::kError:
          ++summary.errored;
          looked_weight += check_weight;
          break;
        case Outcome::kSkipped:
          ++summary.skipped;
          break;
        case Outcome::kNotRun:
          ++summary.not_run;
          break;
      }
    }
    const Tally& tally = tallies[static_cast<std::size_t>(domain)];
    for (std::size_t severity = 0; severity < kSeverities; ++severity) {
      if (tally.failing[severity] > 0) {
        summary.counts[static_cast<core::Severity>(severity)] = tally.failing[severity];
      }
    }
    summary.accepted = tally.accepted;
    summary.errors = tally.errors;
    if (summary.passed + summary.failed + summary.errored > 0) {
      // Info-only domains weigh nothing: their score is the share of checks that passed.
      summary.score =
          looked_weight > 0
              ? (100 * passed_weight + looked_weight / 2) / looked_weight
              : (100 * summary.passed + (summary.passed + summary.failed + summary.errored) / 2) /
                    (summary.passed + summary.failed + summary.errored);
    }
    summaries.push_back(std::move(summary));
  }
  return summaries;
}

bool gate_fails(const AuditResult& result, core::Severity fail_on, bool allow_unchecked) {
  for (const auto& finding : result.findings) {
    if (finding.counts() && finding.severity >= fail_on) return true;
  }
  if (allow_unchecked) return false;
  return std::any_of(result.checks.begin(), result.checks.end(), [&](const CheckResult& r) {
    return r.outcome == Outcome::kError && r.check->info.severity >= fail_on;
  });
}

}  // namespace hardock::audit
