// Waivers: accepted risks. One model for every source (the store, written by `hardock accept`;
// .hardock.yaml `waivers:`; the audit config's `waivers` and `vulnerabilities.waivers`) and one
// matcher, used by the runner for every finding and by HDK-I-014 for a flaw's advisory ids.
//
// A waiver covers the findings of one check on one target (or every target, "*") until a date,
// inclusive: on the day after `until` it has expired, the findings count again and the expired
// waiver is itself a finding (HDK-G-001). A check that can report critical findings is waived
// only with `allow_critical` (HDK-G-002 otherwise, and the matcher never accepts a critical
// finding under a waiver without it).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/finding.h"
#include "hardock/core/result.h"

namespace hardock::audit {

struct AuditResult;  // run.h

struct Waiver {
  std::int64_t id = 0;        // the store's id; 0 for a policy file's
  std::string check;          // a check code (validate_waiver turns a slug into its code)
  std::string target;         // a target's name or id; "*" for every target
  std::string vulnerability;  // HDK-I-014: one advisory id or alias; empty for every one
  std::string package;        // HDK-I-014: one package (binary or source); empty for every one
  std::string reason;
  std::string owner;
  std::string until;  // YYYY-MM-DD, the last day it holds; empty: never expires (legacy only)
  bool allow_critical = false;
  std::string source;  // where it comes from, for people: "store #12", ".hardock.yaml:14"
};

// Calendar dates "YYYY-MM-DD" (proleptic Gregorian, years 1970-9999).
[[nodiscard]] bool is_date(std::string_view text);
// Days from `from` to `to` (negative when `to` is earlier); both must be dates.
[[nodiscard]] std::int64_t days_between(std::string_view from, std::string_view to);
// Today's date in UTC.
[[nodiscard]] std::string today_utc();

// Checks a waiver's fields: `check` names a check (code, slug or former slug: replaced by the
// code), target, reason and owner are not empty (nor longer than 1024 bytes, nor multi-line),
// `until` is a real date unless `until_optional`. The error is one line beginning with `where`.
[[nodiscard]] core::Result<void> validate_waiver(Waiver& waiver, std::string_view where,
                                                 bool until_optional = false);

// Whether the waiver's check can report critical findings: it then needs allow_critical.
[[nodiscard]] bool waives_critical(const Waiver& waiver);

// Expired: `today` is after `until`. Never for an empty `until` or an empty `today`.
[[nodiscard]] bool expired(const Waiver& waiver, std::string_view today);

// What a finding answers to.
struct WaiverSubject {
  std::string_view check_code;
  const core::Target& target;
  core::Severity severity = core::Severity::kMedium;
  std::span<const std::string> vulnerabilities = {};  // a flaw's id and aliases
  std::span<const std::string> packages = {};         // the package, its source package
};

enum class WaiverState {
  kNone,        // no waiver covers it
  kInForce,     // accepted
  kExpired,     // a waiver covered it until `until`
  kNotAllowed,  // a waiver without allow_critical covers a critical finding
};

struct WaiverMatch {
  WaiverState state = WaiverState::kNone;
  const Waiver* waiver = nullptr;
};

// The one matcher: the first waiver in force that covers `subject`; else the first covering one
// that has expired or may not accept it (to be named in the finding's evidence); else none. A
// waiver naming a vulnerability covers only subjects with that id among theirs.
[[nodiscard]] WaiverMatch match_waiver(std::span<const Waiver> waivers,
                                       const WaiverSubject& subject, std::string_view today);

// Applies a match to a failing finding: in force, marks it accepted; expired or not allowed,
// appends why to its evidence. Errors and skipped findings are never accepted.
void apply_match(const WaiverMatch& match, core::Finding& finding);

// The waivers in force whose last day is within `days` of `today` (today itself included),
// soonest first: the monitoring's "expiring soon".
[[nodiscard]] std::vector<const Waiver*> expiring_within(std::span<const Waiver> waivers,
                                                         std::string_view today, int days);

}  // namespace hardock::audit
