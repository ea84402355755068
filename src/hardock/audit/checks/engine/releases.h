// Docker Engine release lines and the dates their X.Y.0 was published.
//
// Source: the release notes at docs.docker.com/engine/release-notes/ (the
// docker/docs repository, content/manuals/engine/release-notes/*.md,
// `release-date` of each X.Y.0 heading; 27.0 is 27.0.1, the first published).
// 20.10, 28.2, 28.5 and 29.0 were rechecked against that source when the
// table was written; the others are from the same notes but not rechecked.
// Ages are counted in whole months, so a date off by days moves a verdict by
// at most one month. Add a line when a new minor ships; a newer engine than
// the last line is handled by the caller, not guessed.
#pragma once

#include <array>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>

namespace hardock::audit::checks::engine {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
};

struct EngineRelease {
  int major;
  int minor;
  Date released;
};

inline constexpr std::array kEngineReleases{
    EngineRelease{17, 3, {2017, 3, 1}},   EngineRelease{17, 6, {2017, 6, 28}},
    EngineRelease{17, 9, {2017, 9, 26}},  EngineRelease{17, 12, {2017, 12, 27}},
    EngineRelease{18, 3, {2018, 3, 21}},  EngineRelease{18, 6, {2018, 7, 18}},
    EngineRelease{18, 9, {2018, 11, 8}},  EngineRelease{19, 3, {2019, 7, 22}},
    EngineRelease{20, 10, {2020, 12, 8}}, EngineRelease{23, 0, {2023, 2, 1}},
    EngineRelease{24, 0, {2023, 5, 16}},  EngineRelease{25, 0, {2024, 1, 19}},
    EngineRelease{26, 0, {2024, 3, 20}},  EngineRelease{26, 1, {2024, 4, 22}},
    EngineRelease{27, 0, {2024, 6, 24}},  EngineRelease{27, 1, {2024, 7, 22}},
    EngineRelease{27, 2, {2024, 8, 27}},  EngineRelease{27, 3, {2024, 9, 19}},
    EngineRelease{27, 4, {2024, 12, 9}},  EngineRelease{27, 5, {2025, 1, 13}},
    EngineRelease{28, 0, {2025, 2, 19}},  EngineRelease{28, 1, {2025, 4, 17}},
    EngineRelease{28, 2, {2025, 5, 28}},  EngineRelease{28, 3, {2025, 6, 24}},
    EngineRelease{28, 4, {2025, 9, 3}},   EngineRelease{28, 5, {2025, 10, 2}},
    EngineRelease{29, 0, {2025, 11, 10}},
};

// Lines before 23.0 get no fixes from Docker any more (20.10 ended in 2023).
inline constexpr int kFirstSupportedMajor = 23;

struct EngineVersionNumber {
  int major = 0;
  int minor = 0;
};

// "28.5.2", "v20.10.24+dfsg1", "17.03.2-ce" -> {major, minor}.
inline std::optional<EngineVersionNumber> parse_engine_version(std::string_view text) {
  if (!text.empty() && text.front() == 'v') text.remove_prefix(1);
  EngineVersionNumber number;
  const char* end = text.data() + text.size();
  auto [after_major, major_error] = std::from_chars(text.data(), end, number.major);
  if (major_error != std::errc() || after_major == end || *after_major != '.') return std::nullopt;
  auto [after_minor, minor_error] = std::from_chars(after_major + 1, end, number.minor);
  if (minor_error != std::errc()) return std::nullopt;
  return number;
}

// "2026-11-28T22:31:01Z" -> date; nullopt when it does not start YYYY-MM-DD.
inline std::optional<Date> parse_date(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  Date date;
  auto field = [&](size_t at, size_t length, int& out) {
    auto [stop, error] = std::from_chars(text.data() + at, text.data() + at + length, out);
    return error == std::errc() && stop == text.data() + at + length;
  };
  if (!field(0, 4, date.year) || !field(5, 2, date.month) || !field(8, 2, date.day)) {
    return std::nullopt;
  }
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31) return std::nullopt;
  return date;
}

// Whole months from `from` to `to` (negative if `to` is earlier).
inline int months_between(const Date& from, const Date& to) {
  int months = (to.year - from.year) * 12 + (to.month - from.month);
  if (to.day < from.day) --months;
  return months;
}

inline std::string date_text(const Date& date) {
  auto two = [](int value) { return (value < 10 ? "0" : "") + std::to_string(value); };
  return std::to_string(date.year) + "-" + two(date.month) + "-" + two(date.day);
}

}  // namespace hardock::audit::checks::engine
