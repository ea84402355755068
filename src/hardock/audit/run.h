// Running checks over a snapshot, with the user's selection applied.
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
  // False when no engine was read (`audit --host-root DIR` alone): checks of
  // engine objects (engine, daemon, containers, networks, images) do not run.
  bool engine_present = true;
};

struct AuditResult {
  std::vector<const Check*> checks_run;
  std::vector<core::Finding> findings;  // sorted: severity desc, code, target name
};

// Fails with kInvalidArgument when a --check/--skip id names no check.
// `host` may be nullptr: host checks then report nothing.
[[nodiscard]] core::Result<AuditResult> run_audit(const docker::EngineSnapshot& engine,
                                                  const AuditConfig& config,
                                                  const Selection& selection,
                                                  const host::HostSnapshot* host = nullptr);

// Score per COBIT domain: 100 when nothing fails, lowered by weighted findings.
struct DomainSummary {
  core::CobitDomain domain;
  int checks = 0;  // checks run in this domain
  std::map<core::Severity, int> counts;
  int errors = 0;  // findings with status error/skipped
  int score = 100;
};
std::vector<DomainSummary> summarize_domains(const AuditResult& result);

}  // namespace hardock::audit
