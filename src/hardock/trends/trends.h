// Monitoring and evaluation (COBIT MEA01) over the stored history: how each domain's score and
// each severity's findings move from run to run, how long findings take to be fixed, and which
// waivers expire soon. Pure functions over what the store gives back; the callers read the store.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/audit/run.h"
#include "hardock/store/store.h"

namespace hardock::trends {

// Seconds since the epoch of an RFC 3339 time ("2026-11-30T07:58:02Z", "...02.5+01:00") or a
// date ("2026-11-30", its midnight UTC); nullopt when it is neither.
std::optional<std::int64_t> parse_time(std::string_view text);
// "2026-11-30" of a time in seconds since the epoch (UTC).
std::string date_of(std::int64_t seconds);

// One run, counted.
struct DomainPoint {
  core::CobitDomain domain = core::CobitDomain::kSecurity;
  std::optional<int> score;      // audit::summarize_domains' score
  std::array<int, 5> failing{};  // failing findings by severity (index: Severity)
  int unchecked = 0;             // findings that could not look
};
struct RunPoint {
  std::int64_t run = 0;
  std::string started_at;
  std::string host;
  std::string host_name;
  std::array<int, 5> failing{};  // failing findings by severity (index: Severity)
  int unchecked = 0;
  std::vector<DomainPoint> domains;  // core::kAllDomains order
  [[nodiscard]] int failing_total() const;
};
RunPoint run_point(const store::RunInfo& info, const audit::AuditResult& result);

// How long findings of one severity stayed, from their fingerprints' first and last sightings.
// A fingerprint is fixed when a later run of the same series (kind, host, target) no longer has
// it: it was fixed by that run's start. It is open when its last sighting is the newest run of
// its series.
struct TimeToFix {
  core::Severity severity = core::Severity::kMedium;
  int fixed = 0;
  std::optional<std::int64_t> median_seconds;  // of the fixed ones
  std::optional<std::int64_t> p90_seconds;
  std::optional<std::int64_t> max_seconds;
  int open = 0;
  std::optional<std::int64_t> oldest_open_seconds;  // age at `now`
};
// In core::kAllSeverities order. `runs` are the stored runs the fingerprints come from (any
// order); a fingerprint whose runs are not among them is left out. `now` is RFC 3339.
std::vector<TimeToFix> time_to_fix(const std::vector<store::FingerprintSeen>& seen,
                                   const std::vector<store::RunInfo>& runs, std::string_view now);

enum class WaiverState { kInForce, kExpiringSoon, kExpired, kRevoked };
std::string_view to_string(WaiverState state);  // "in force", "expiring soon", ...
struct WaiverStatus {
  store::Waiver waiver;
  WaiverState state = WaiverState::kInForce;
  // Days from `today` to the last day it holds (0: expires tonight; negative: expired).
  std::optional<std::int64_t> days_left;
};
inline constexpr int kExpiringSoonDays = 14;
// Every waiver with its state on `today` (YYYY-MM-DD): expiring soon when its last day is within
// `soon_days`; an `until` that is not a date counts as expired (it cannot be trusted to hold).
// Sorted by state (expired, expiring soon, in force, revoked), then last day, then id.
std::vector<WaiverStatus> waiver_states(const std::vector<store::Waiver>& waivers,
                                        std::string_view today, int soon_days = kExpiringSoonDays);

// Everything the report's trend section and the metrics show.
struct Trends {
  std::vector<RunPoint> points;  // oldest first
  std::vector<TimeToFix> time_to_fix;
  std::vector<WaiverStatus> waivers;
  std::string today;  // the date the waiver states are for
};

// "3d 4h", "5h 12m", "40m", "12s": a duration for people.
std::string human_duration(std::int64_t seconds);

}  // namespace hardock::trends
