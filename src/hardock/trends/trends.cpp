#include "hardock/trends/trends.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

namespace hardock::trends {
namespace {

// Days since 1970-01-01 of a civil date (proleptic Gregorian), H. Hinnant's algorithm.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

bool digits(std::string_view text, std::size_t pos, std::size_t count, int& value) {
  if (pos + count > text.size()) return false;
  value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

bool leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : kDays[month - 1];
}

// The value at the q-th quantile (0..1) of sorted values: nearest rank.
std::int64_t quantile(const std::vector<std::int64_t>& sorted, double q) {
  std::size_t rank = static_cast<std::size_t>(q * static_cast<double>(sorted.size()) + 0.999999);
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

}  // namespace

std::optional<std::int64_t> parse_time(std::string_view text) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (!digits(text, 0, 4, year) || text.size() < 10 || text[4] != '-' || text[7] != '-' ||
      !digits(text, 5, 2, month) || !digits(text, 8, 2, day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
  std::int64_t seconds =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400;
  if (text.size() == 10) return seconds;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if ((text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !digits(text, 11, 2, hour) ||
      text.size() < 19 || text[13] != ':' || !digits(text, 14, 2, minute) || text[16] != ':' ||
      !digits(text, 17, 2, second) || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  seconds += hour * 3600 + minute * 60 + second;
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  if (pos == text.size()) return std::nullopt;  // RFC 3339 needs a zone
  if ((text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size()) return seconds;
  int offset_hours = 0;
  int offset_minutes = 0;
  if ((text[pos] != '+' && text[pos] != '-') || pos + 6 != text.size() ||
      !digits(text, pos + 1, 2, offset_hours) || text[pos + 3] != ':' ||
      !digits(text, pos + 4, 2, offset_minutes) || offset_hours > 23 || offset_minutes > 59) {
    return std::nullopt;
  }
  const std::int64_t offset = offset_hours * 3600 + offset_minutes * 60;
  return text[pos] == '+' ? seconds - offset : seconds + offset;
}

std::string date_of(std::int64_t seconds) {
  // civil_from_days, the inverse of days_from_civil.
  std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year =
      static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02u", static_cast<long long>(year), month,
                day);
  return buffer;
}

int RunPoint::failing_total() const {
  int total = 0;
  for (int count : failing) total += count;
  return total;
}

RunPoint run_point(const store::RunInfo& info, const audit::AuditResult& result) {
  RunPoint point;
  point.run = info.id;
  point.started_at = info.started_at;
  point.host = info.host;
  point.host_name = info.host_name;
  for (const auto& summary : audit::summarize_domains(result)) {
    DomainPoint domain;
    domain.domain = summary.domain;
    domain.score = summary.score;
    for (const auto& [severity, count] : summary.counts) {
      domain.failing[static_cast<std::size_t>(severity)] = count;
    }
    domain.unchecked = summary.errors;
    point.domains.push_back(domain);
  }
  for (const auto& finding : result.findings) {
    if (finding.status == core::FindingStatus::kFail) {
      ++point.failing[static_cast<std::size_t>(finding.severity)];
    } else {
      ++point.unchecked;
    }
  }
  return point;
}

std::vector<TimeToFix> time_to_fix(const std::vector<store::FingerprintSeen>& seen,
                                   const std::vector<store::RunInfo>& runs, std::string_view now) {
  // Each run's series, and each series' runs in time order.
  using Series = std::tuple<store::RunKind, std::string_view, std::string_view>;
  std::map<std::int64_t, const store::RunInfo*> by_id;
  std::map<Series, std::vector<std::pair<std::int64_t, std::int64_t>>> series_runs;  // (time, id)
  for (const auto& run : runs) {
    const auto started = parse_time(run.started_at);
    if (!started) continue;
    by_id[run.id] = &run;
    series_runs[Series{run.kind, run.host, run.target}].emplace_back(*started, run.id);
  }
  for (auto& [series, list] : series_runs) std::sort(list.begin(), list.end());

  const std::optional<std::int64_t> now_seconds = parse_time(now);
  std::map<core::Severity, std::vector<std::int64_t>> fixed;
  std::map<core::Severity, TimeToFix> out;
  for (core::Severity severity : core::kAllSeverities) out[severity].severity = severity;
  for (const auto& fingerprint : seen) {
    auto last = by_id.find(fingerprint.last_run);
    if (last == by_id.end()) continue;
    const auto first_seen = parse_time(fingerprint.first_seen);
    if (!first_seen) continue;
    const store::RunInfo& last_run = *last->second;
    const auto& list = series_runs[Series{last_run.kind, last_run.host, last_run.target}];
    auto position = std::find_if(list.begin(), list.end(),
                                 [&](const auto& entry) { return entry.second == last_run.id; });
    TimeToFix& entry = out[fingerprint.severity];
    if (position == list.end() || position + 1 == list.end()) {
      ++entry.open;
      if (now_seconds) {
        const std::int64_t age = std::max<std::int64_t>(0, *now_seconds - *first_seen);
        entry.oldest_open_seconds = std::max(entry.oldest_open_seconds.value_or(0), age);
      }
    } else {
      ++entry.fixed;
      fixed[fingerprint.severity].push_back(
          std::max<std::int64_t>(0, (position + 1)->first - *first_seen));
    }
  }
  std::vector<TimeToFix> result;
  for (core::Severity severity : core::kAllSeverities) {
    TimeToFix entry = out[severity];
    auto& durations = fixed[severity];
    if (!durations.empty()) {
      std::sort(durations.begin(), durations.end());
      entry.median_seconds = quantile(durations, 0.5);
      entry.p90_seconds = quantile(durations, 0.9);
      entry.max_seconds = durations.back();
    }
    result.push_back(entry);
  }
  return result;
}

std::string_view to_string(WaiverState state) {
  switch (state) {
    case WaiverState::kInForce:
      return "in force";
    case WaiverState::kExpiringSoon:
      return "expiring soon";
    case WaiverState::kExpired:
      return "expired";
    case WaiverState::kRevoked:
      return "revoked";
  }
  return "in force";
}

std::vector<WaiverStatus> waiver_states(const std::vector<store::Waiver>& waivers,
                                        std::string_view today, int soon_days) {
  const std::optional<std::int64_t> today_seconds = parse_time(today.substr(0, 10));
  std::vector<WaiverStatus> out;
  out.reserve(waivers.size());
  for (const auto& waiver : waivers) {
    WaiverStatus status;
    status.waiver = waiver;
    const std::optional<std::int64_t> until =
        waiver.until.size() == 10 ? parse_time(waiver.until) : std::nullopt;
    if (until && today_seconds) status.days_left = (*until - *today_seconds) / 86400;
    if (!waiver.revoked_at.empty()) {
      status.state = WaiverState::kRevoked;
    } else if (!status.days_left || *status.days_left < 0) {
      status.state = WaiverState::kExpired;
    } else if (*status.days_left <= soon_days) {
      status.state = WaiverState::kExpiringSoon;
    } else {
      status.state = WaiverState::kInForce;
    }
    out.push_back(std::move(status));
  }
  auto rank = [](WaiverState state) {
    switch (state) {
      case WaiverState::kExpired:
        return 0;
      case WaiverState::kExpiringSoon:
        return 1;
      case WaiverState::kInForce:
        return 2;
      case WaiverState::kRevoked:
        return 3;
    }
    return 3;
  };
  std::sort(out.begin(), out.end(), [&](const WaiverStatus& a, const WaiverStatus& b) {
    return std::tuple(rank(a.state), a.waiver.until, a.waiver.id, a.waiver.check) <
           std::tuple(rank(b.state), b.waiver.until, b.waiver.id, b.waiver.check);
  });
  return out;
}

std::string human_duration(std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  const std::int64_t days = seconds / 86400;
  const std::int64_t hours = seconds % 86400 / 3600;
  const std::int64_t minutes = seconds % 3600 / 60;
  if (days > 0) return std::to_string(days) + "d " + std::to_string(hours) + "h";
  if (hours > 0) return std::to_string(hours) + "h " + std::to_string(minutes) + "m";
  if (minutes > 0) return std::to_string(minutes) + "m";
  return std::to_string(seconds) + "s";
}

}  // namespace hardock::trends
