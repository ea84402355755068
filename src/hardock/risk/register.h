// The risk register (APO12.03 "Maintain a risk profile"): the failing findings of each host's
// latest run, scored (score.h), with their age (first seen, from the store's fingerprints) and
// their trend against the host's previous run; the top ones per host and zone.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "hardock/risk/score.h"
#include "hardock/store/store.h"

namespace hardock::risk {

enum class Trend { kNew, kRising, kFalling, kSteady };
std::string_view to_string(Trend trend);  // "new", "rising", "falling", "steady"

// One run as the register reads it: its findings and the model built from its snapshot.
struct RunView {
  const store::RunInfo* info = nullptr;
  std::span<const store::StoredFinding> findings;
  const RiskModel* model = nullptr;
};

struct RiskEntry {
  std::string host;  // the host's name for people (else its identity)
  std::string zone;
  std::string fingerprint;
  std::string check_code;
  std::string title;
  core::Severity severity = core::Severity::kMedium;
  core::TargetKind target_kind = core::TargetKind::kContainer;
  std::string target;  // its name, else its id
  Score score;
  std::string first_seen;  // RFC 3339; empty when the store has not seen it
  std::int64_t age_days = 0;
  Trend trend = Trend::kNew;
  double previous = 0;  // the previous run's score, when not new
};

// Scores the failing findings of `latest` (errors and skipped ones are not risks), compares them
// with `previous` (may have no info: first run), dates them from `seen`, and keeps the `top`
// highest per (host, zone) (0: all). Sorted by host, then zone by its highest score, then score
// descending, then check code and target. `today` (YYYY-MM-DD) gives the ages.
[[nodiscard]] std::vector<RiskEntry> build_register(const RunView& latest, const RunView& previous,
                                                    std::span<const store::FingerprintSeen> seen,
                                                    std::string_view today, int top);

}  // namespace hardock::risk
