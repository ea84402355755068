// rpm versions: [epoch:]version[-release], ordered as rpm 4.18's rpm.vercmp (rpmverParse and
// rpmverCmp over rpmvercmp), re-derived here; accepted as rpmbuild accepts Epoch, Version and
// Release tags.
#include <cstdint>
#include <optional>

#include "hardock/vuln/version_detail.h"

namespace hardock::vuln::detail {
namespace {

struct RpmVersion {
  std::optional<std::string_view> epoch;  // nullopt: no "E:" prefix
  std::string_view version;
  std::optional<std::string_view> release;  // nullopt: no "-R" suffix
};

// rpm's parseEVR: the epoch is the leading digits when a ':' follows them, the release what
// follows the last '-' after them.
RpmVersion split(std::string_view text) {
  RpmVersion evr;
  size_t digits = 0;
  while (digits < text.size() && is_digit(text[digits])) ++digits;
  const size_t hyphen = text.find_last_of('-');
  size_t version_start = 0;
  if (digits < text.size() && text[digits] == ':') {
    evr.epoch = digits == 0 ? std::string_view("0") : text.substr(0, digits);
    version_start = digits + 1;
  }
  if (hyphen != std::string_view::npos && hyphen >= digits) {
    evr.version = text.substr(version_start, hyphen - version_start);
    evr.release = text.substr(hyphen + 1);
  } else {
    evr.version = text.substr(version_start);
  }
  return evr;
}

bool allowed_in_version(char c) {
  switch (c) {
    case '.':
    case '_':
    case '+':
    case '%':
    case '{':
    case '}':
    case '~':
    case '^':
      return true;
    default:
      return is_alnum(c);
  }
}

int rpmvercmp(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  auto at = [](std::string_view text, size_t pos) { return pos < text.size() ? text[pos] : '\0'; };
  auto separator = [](char c) { return c != '\0' && !is_alnum(c) && c != '~' && c != '^'; };
  size_t i = 0;
  size_t j = 0;
  while (at(a, i) != '\0' || at(b, j) != '\0') {
    while (separator(at(a, i))) ++i;
    while (separator(at(b, j))) ++j;
    const char ca = at(a, i);
    const char cb = at(b, j);
    // '~' sorts before everything, the end included.
    if (ca == '~' || cb == '~') {
      if (ca != '~') return 1;
      if (cb != '~') return -1;
      ++i;
      ++j;
      continue;
    }
    // '^' sorts after the end (the base version) but before any further segment.
    if (ca == '^' || cb == '^') {
      if (ca == '\0') return -1;
      if (cb == '\0') return 1;
      if (ca != '^') return 1;
      if (cb != '^') return -1;
      ++i;
      ++j;
      continue;
    }
    if (ca == '\0' || cb == '\0') break;
    const bool numeric = is_digit(ca);
    auto same_class = [numeric](char c) { return numeric ? is_digit(c) : is_alpha(c); };
    size_t end_a = i;
    size_t end_b = j;
    while (same_class(at(a, end_a))) ++end_a;
    while (same_class(at(b, end_b))) ++end_b;
    // A numeric segment is newer than an alphabetic one.
    if (end_b == j) return numeric ? 1 : -1;
    std::string_view one = a.substr(i, end_a - i);
    std::string_view two = b.substr(j, end_b - j);
    if (numeric) {
      while (one.size() > 1 && one.front() == '0') one.remove_prefix(1);
      while (two.size() > 1 && two.front() == '0') two.remove_prefix(1);
      if (one.size() != two.size()) return one.size() > two.size() ? 1 : -1;
    }
    if (const int rc = one.compare(two); rc != 0) return rc < 0 ? -1 : 1;
    i = end_a;
    j = end_b;
  }
  if (at(a, i) == '\0' && at(b, j) == '\0') return 0;
  return at(a, i) == '\0' ? -1 : 1;
}

// rpmverCmp's compare_values: an absent part sorts before a present one.
int compare_part(std::optional<std::string_view> a, std::optional<std::string_view> b) {
  if (!a && !b) return 0;
  if (!b) return 1;
  if (!a) return -1;
  return rpmvercmp(*a, *b);
}

}  // namespace

std::optional<std::string_view> rpm_reject_reason(std::string_view version) {
  const size_t colon = version.find(':');
  if (colon != std::string_view::npos) {
    if (colon == 0) return "epoch is empty";
    for (size_t pos = 0; pos < colon; ++pos) {
      if (!is_digit(version[pos])) return "epoch is not an unsigned number";
    }
    std::uint64_t epoch = 0;
    for (size_t pos = 0; pos < colon; ++pos) {
      epoch = epoch * 10 + static_cast<std::uint64_t>(version[pos] - '0');
      if (epoch > UINT32_MAX) return "epoch is larger than 4294967295";
    }
    version.remove_prefix(colon + 1);
  }
  const size_t hyphen = version.find('-');
  const std::string_view upstream = version.substr(0, hyphen);
  if (upstream.empty()) return "version is empty";
  for (const char c : upstream) {
    if (c == ':') return "more than one ':'";
    if (!allowed_in_version(c)) return "invalid character in version";
  }
  if (hyphen == std::string_view::npos) return std::nullopt;
  const std::string_view release = version.substr(hyphen + 1);
  if (release.empty()) return "release is empty";
  for (const char c : release) {
    if (c == '-') return "more than one '-'";
    if (c == ':') return "':' in release";
    if (!allowed_in_version(c)) return "invalid character in release";
  }
  return std::nullopt;
}

int rpm_compare(std::string_view a, std::string_view b) {
  RpmVersion left = split(a);
  RpmVersion right = split(b);
  if (!left.epoch) left.epoch = "0";
  if (!right.epoch) right.epoch = "0";
  if (const int rc = compare_part(left.epoch, right.epoch); rc != 0) return rc;
  if (const int rc = rpmvercmp(left.version, right.version); rc != 0) return rc;
  return compare_part(left.release, right.release);
}

}  // namespace hardock::vuln::detail
