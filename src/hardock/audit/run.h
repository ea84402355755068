// Running checks over a snapshot, with the user's selection applied.
//
// The runner decides what each selected check concluded, once: passed, failed, could not look
// (error), does not apply (skipped, the benchmark's own exclusions), or not run because its
// input is absent from this audit. Only a check that looked and found nothing passes; the
// others never count as passed in a report, a JUnit case, an exit gate or a score.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hardock/audit/check.h"
#include "hardock/core/result.h"

namespace hardock::audit {

struct Selection {
  std::vector<std::string> only;                        // --check: codes or slugs; empty = all
  std::vector<std::string> skip;                        // --skip
  core::Severity min_severity = core::Severity::kInfo;  // --severity
  // False when no engine was read (`audit --host-root DIR` alone, a snapshot of a host only).
  bool engine_present = true;
  // Why an input is absent, shown beside each check that could not run for it.
  std::string no_engine_reason = "no engine was read";
  std::string no_host_reason = "the host was not read";
  std::string no_image_reason = "no image was read";
  std::string no_image_files_reason = "image layers were not walked (hardock audit --images)";
  std::string no_vulnerabilities_reason =
      "no vulnerability database was given (hardock db import FEED, then --db or the default)";
  std::string no_dockerfile_reason = "no Dockerfile was given (hardock lint)";
};

enum class Outcome {
  kPass,     // looked, nothing wrong
  kFail,     // at least one failing finding
  kError,    // could not look at something it had to (error findings, no failing one)
  kSkipped,  // does not apply here (only skipped findings: the benchmark excludes the case)
  kNotRun,   // its input is absent from this audit; `reason` says which and why
};
std::string_view to_string(Outcome outcome);  // "pass", "fail", "error", "skipped", "not-run"

struct CheckResult {
  const Check* check = nullptr;
  Outcome outcome = Outcome::kPass;
  int findings = 0;    // findings of this check (any status)
  std::string reason;  // kNotRun: why
  int accepted = 0;    // failing findings accepted by a waiver in force (not failing the check)
};

struct AuditResult {
  std::vector<CheckResult> checks;      // every selected check, registry order
  std::vector<core::Finding> findings;  // sorted: severity desc, code, target name

  [[nodiscard]] int count(Outcome outcome) const;
  // Checks that ran (every outcome but kNotRun).
  [[nodiscard]] int checks_run() const;
  // The result of the check with this code; nullptr when it was not selected.
  [[nodiscard]] const CheckResult* find(std::string_view code) const;
};

// Fails with kInvalidArgument when a --check/--skip id names no check.
// config.waivers are applied here, once for every run command (audit, image, lint): a failing
// finding a waiver in force covers is kept, marked accepted, and neither fails its check nor
// the exit gate; an expired or refused waiver is named in the finding's evidence.
// `host` may be nullptr: kHost checks are then reported as not run.
[[nodiscard]] core::Result<AuditResult> run_audit(
    const docker::EngineSnapshot& engine, const AuditConfig& config, const Selection& selection,
    const host::HostSnapshot* host = nullptr,
    const std::vector<image::ImageSubject>* images = nullptr,
    const std::vector<dockerfile::DockerfileSubject>* dockerfiles = nullptr);

// Per COBIT domain: how its checks concluded, its findings by severity, and a score.
// score = severity-weighted share of the domain's checks that looked and passed, over those
// that looked (passed, failed or errored: an error counts against, never for); skipped and
// not-run checks are outside it. No score (nullopt) when no check of the domain looked.
struct DomainSummary {
  core::CobitDomain domain = core::CobitDomain::kSecurity;
  int checks = 0;  // selected checks of this domain, not-run ones included
  int passed = 0;
  int failed = 0;
  int errored = 0;
  int skipped = 0;
  int not_run = 0;
  std::map<core::Severity, int> counts;  // failing findings by severity
  int errors = 0;                        // findings with status error or skipped
  int accepted = 0;                      // failing findings accepted by a waiver in force
  std::optional<int> score;
};
std::vector<DomainSummary> summarize_domains(const AuditResult& result);

// The exit gate of `--exit-code`: true when a failing finding (not accepted) is at or above
// `fail_on`, or,
// unless `allow_unchecked`, a check at or above `fail_on` could not look (outcome error).
[[nodiscard]] bool gate_fails(const AuditResult& result, core::Severity fail_on,
                              bool allow_unchecked);

}  // namespace hardock::audit
