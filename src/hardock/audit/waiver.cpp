#include "hardock/audit/waiver.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "hardock/audit/registry.h"
#include "hardock/io/escape.h"

namespace hardock::audit {
namespace {

using core::ErrorCode;

constexpr std::size_t kMaxFieldBytes = 1024;

struct Civil {
  int year = 0;
  int month = 0;
  int day = 0;
};

bool parse_civil(std::string_view text, Civil& out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (const std::size_t index : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[index] < '0' || text[index] > '9') return false;
  }
  auto number = [&](std::size_t at, std::size_t count) {
    int value = 0;
    for (std::size_t index = at; index < at + count; ++index)
      value = value * 10 + (text[index] - '0');
    return value;
  };
  out = {number(0, 4), number(5, 2), number(8, 2)};
  if (out.year < 1970 || out.month < 1 || out.month > 12 || out.day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (out.year % 4 == 0 && out.year % 100 != 0) || out.year % 400 == 0;
  const int last = kDays[out.month - 1] + (out.month == 2 && leap ? 1 : 0);
  return out.day <= last;
}

// Days since 1970-01-01 (H. Hinnant's days_from_civil).
std::int64_t day_number(const Civil& date) {
  const int year = date.month <= 2 ? date.year - 1 : date.year;
  const int era = year / 400;
  const int year_of_era = year - era * 400;
  const int day_of_year = (153 * (date.month + (date.month > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;
  const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return static_cast<std::int64_t>(era) * 146097 + day_of_era - 719468;
}

bool covers_target(const Waiver& waiver, const core::Target& target) {
  if (waiver.target == "*") return true;
  if (waiver.target == target.name || waiver.target == target.id) return true;
  // A container's or image's short id (12 hex digits or more) names it too.
  return waiver.target.size() >= 12 && target.id.starts_with(waiver.target);
}

bool covers(const Waiver& waiver, const WaiverSubject& subject) {
  if (waiver.check != subject.check_code || !covers_target(waiver, subject.target)) return false;
  if (!waiver.vulnerability.empty() &&
      std::find(subject.vulnerabilities.begin(), subject.vulnerabilities.end(),
                waiver.vulnerability) == subject.vulnerabilities.end()) {
    return false;
  }
  if (!waiver.package.empty() && std::find(subject.packages.begin(), subject.packages.end(),
                                           waiver.package) == subject.packages.end()) {
    return false;
  }
  return true;
}

core::Result<void> field_error(std::string_view where, const std::string& message) {
  return core::fail(ErrorCode::kInvalidArgument, std::string(where) + ": " + message);
}

}  // namespace

bool is_date(std::string_view text) {
  Civil date;
  return parse_civil(text, date);
}

std::int64_t days_between(std::string_view from, std::string_view to) {
  Civil start;
  Civil end;
  if (!parse_civil(from, start) || !parse_civil(to, end)) return 0;
  return day_number(end) - day_number(start);
}

std::string today_utc() {
  const std::time_t seconds =
      std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &parts);
  return text;
}

core::Result<void> validate_waiver(Waiver& waiver, std::string_view where, bool until_optional) {
  const Check* check = find_check(waiver.check);
  if (check == nullptr) {
    return field_error(where, "check " + io::one_line(io::truncate(waiver.check, 64)) +
                                  " names no check (see `hardock checks`)");
  }
  waiver.check = std::string(check->info.code);
  const std::pair<const char*, const std::string*> fields[] = {
      {"target", &waiver.target}, {"reason", &waiver.reason}, {"owner", &waiver.owner}};
  for (const auto& [name, value] : fields) {
    if (value->find_first_not_of(" \t") == std::string::npos) {
      return field_error(where, std::string(name) + " must not be empty");
    }
    if (value->size() > kMaxFieldBytes) {
      return field_error(where, std::string(name) + " is longer than 1024 bytes");
    }
    if (value->find_first_of("\n\r") != std::string::npos || io::valid_utf8(*value) != *value) {
      return field_error(where, std::string(name) + " must be one line of UTF-8 text");
    }
  }
  if (waiver.vulnerability.size() > kMaxFieldBytes || waiver.package.size() > kMaxFieldBytes) {
    return field_error(where, "vulnerability and package are at most 1024 bytes");
  }
  if (waiver.until.empty() && until_optional) return {};
  if (!is_date(waiver.until)) {
    return field_error(where, "until " + io::one_line(io::truncate(waiver.until, 64)) +
                                  " is not a date YYYY-MM-DD");
  }
  return {};
}

bool waives_critical(const Waiver& waiver) {
  const Check* check = find_check(waiver.check);
  return check != nullptr && check->info.severity == core::Severity::kCritical;
}

bool expired(const Waiver& waiver, std::string_view today) {
  if (waiver.until.empty() || today.empty()) return false;
  return today > std::string_view(waiver.until);
}

WaiverMatch match_waiver(std::span<const Waiver> waivers, const WaiverSubject& subject,
                         std::string_view today) {
  WaiverMatch fallback;
  for (const Waiver& waiver : waivers) {
    if (!covers(waiver, subject)) continue;
    WaiverState state = WaiverState::kInForce;
    if (expired(waiver, today)) {
      state = WaiverState::kExpired;
    } else if (subject.severity == core::Severity::kCritical && !waiver.allow_critical) {
      state = WaiverState::kNotAllowed;
    }
    if (state == WaiverState::kInForce) return {state, &waiver};
    if (fallback.waiver == nullptr) fallback = {state, &waiver};
  }
  return fallback;
}

void apply_match(const WaiverMatch& match, core::Finding& finding) {
  if (finding.status != core::FindingStatus::kFail || match.waiver == nullptr) return;
  const Waiver& waiver = *match.waiver;
  switch (match.state) {
    case WaiverState::kInForce:
      finding.accepted = std::make_shared<const core::Acceptance>(
          core::Acceptance{waiver.owner, waiver.until.empty() ? "(no expiry)" : waiver.until,
                           waiver.reason, waiver.source});
      return;
    case WaiverState::kExpired:
      finding.evidence += "; its waiver (" + waiver.source + ", " + waiver.owner +
                          ") expired after " + waiver.until;
      return;
    case WaiverState::kNotAllowed:
      finding.evidence += "; its waiver (" + waiver.source +
                          ") does not apply: a critical finding needs allow_critical";
      return;
    case WaiverState::kNone:
      return;
  }
}

std::vector<const Waiver*> expiring_within(std::span<const Waiver> waivers, std::string_view today,
                                           int days) {
  std::vector<const Waiver*> out;
  if (!is_date(today)) return out;
  for (const Waiver& waiver : waivers) {
    if (waiver.until.empty() || expired(waiver, today)) continue;
    if (days_between(today, waiver.until) <= days) out.push_back(&waiver);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Waiver* a, const Waiver* b) { return a->until < b->until; });
  return out;
}

}  // namespace hardock::audit
