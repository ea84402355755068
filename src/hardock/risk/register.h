// The risk register (APO12.03 "Maintain a risk profile"): the failing findings of each host's
// latest run, scored (score.h), with their age (first seen, from the store's fingerprints) and
// their trend against the host's previous run; the top ones per host and zone. A finding the run
// stored as accepted (a waiver in force) is listed apart, as an accepted risk with its owner and
// expiry, not as an open one; once that waiver's last day is past, it is open again.
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
  // An accepted risk: its waiver's owner, last day (YYYY-MM-DD), reason and source.
  bool accepted = false;
  std::string accepted_owner;
  std::string accepted_until;
  std::string accepted_reason;
  std::string accepted_source;
  // Open again: the run accepted it under a waiver whose last day (this date) is past.
  std::string waiver_expired;
};

// The sum of the scores of the open (not accepted) entries, rounded to 0.1.
[[nodiscard]] double open_total(std::span<const RiskEntry> entries);

// Scores the failing findings of `latest` (errors and skipped ones are not risks), compares them
// with `previous` (may have no info: first run), dates them from `seen`, and keeps the `top`
// highest per (host, zone), open and accepted ones counted apart (0: all). Sorted by host, open
// before accepted, then zone by its highest score, then score descending, then check code and
// target. `today` (YYYY-MM-DD) gives the ages and decides which acceptances still hold.
[[nodiscard]] std::vector<RiskEntry> build_register(const RunView& latest, const RunView& previous,
                                                    std::span<const store::FingerprintSeen> seen,
                                                    std::string_view today, int top);

// The first `top` entries of each (host, open or accepted, zone) of a sorted register (0: all).
[[nodiscard]] std::vector<RiskEntry> keep_top(std::vector<RiskEntry> entries, int top);

// The HTML report's "Top risks" section (report::HtmlSection "risks"): the open risks, then the
// accepted ones with their waiver's owner, last day and reason; every string escaped with
// io::html_escape, nothing loaded. `entries` is the whole register, `top` (0: all) how many of
// each zone are listed; the open total counts them all. `scope` says whose register it is
// ("host web-1, run 42").
[[nodiscard]] std::string render_html_section(std::span<const RiskEntry> entries, int top,
                                              std::string_view scope);

}  // namespace hardock::risk
