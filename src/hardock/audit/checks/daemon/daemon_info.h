// Shared by the daemon checks: each judges /info, and none may pass when /info
// was not read (an empty EngineInfo would look like "everything disabled").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hardock/audit/check.h"

namespace hardock::audit::checks::daemon {

inline core::Target daemon_target(const docker::EngineSnapshot& engine) {
  core::Target target = engine_target(engine);
  target.kind = core::TargetKind::kDaemon;
  return target;
}

// The collection error for GET /info, or nullptr when /info was read.
inline const docker::CollectionError* info_error(const docker::EngineSnapshot& engine) {
  for (const auto& error : engine.errors) {
    if (error.what.find("/info") != std::string::npos) return &error;
  }
  return nullptr;
}

inline const docker::SecurityOption* security_option(const docker::EngineInfo& info,
                                                     std::string_view name) {
  for (const auto& option : info.security_options) {
    if (option.name == name) return &option;
  }
  return nullptr;
}

// What a daemon check concluded: the evidence, and where one check covers
// cases of different weight, the severity and status of this one.
struct Verdict {
  // Implicit on purpose: a judge returns its evidence text directly.
  Verdict(std::string text) : evidence(std::move(text)) {}  // NOLINT(google-explicit-constructor)
  Verdict(const char* text) : evidence(text) {}             // NOLINT(google-explicit-constructor)
  std::string evidence;
  std::optional<core::Severity> severity;
  core::FindingStatus status = core::FindingStatus::kFail;
};

// Runs judge(info) -> std::optional<Verdict>, or reports that /info was not read.
template <class Judge>
std::vector<core::Finding> judge_info(const Check& self, const AuditContext& context,
                                      Judge&& judge) {
  const core::Target target = daemon_target(context.engine);
  if (const auto* error = info_error(context.engine)) {
    return {core::make_unchecked(self.info, target, core::FindingStatus::kError,
                                 "could not read " + error->what + ": " + error->message)};
  }
  std::optional<Verdict> verdict = judge(context.engine.info);
  if (!verdict) return {};
  core::Finding finding = core::make_finding(self.info, target, std::move(verdict->evidence));
  if (verdict->severity) finding.severity = *verdict->severity;
  finding.status = verdict->status;
  return {std::move(finding)};
}

}  // namespace hardock::audit::checks::daemon
