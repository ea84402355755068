// dpkg versions: [epoch:]upstream[-revision], parsed and ordered as dpkg 1.21 does
// (lib/dpkg/parsehelp.c parseversion, lib/dpkg/version.c verrevcmp), re-derived here.
#include <climits>
#include <cstdint>

#include "hardock/vuln/version_detail.h"

namespace hardock::vuln::detail {
namespace {

struct DpkgVersion {
  std::int64_t epoch = 0;
  std::string_view upstream;
  std::string_view revision;
};

constexpr bool is_blank(char c) { return c == ' ' || c == '\t'; }
// strtol's isspace in the C locale.
constexpr bool is_space(char c) { return is_blank(c) || (c >= '\n' && c <= '\r'); }

// Parses like dpkg's parseversion; `reason` is set for what dpkg reports as an error and for
// what it only warns about (both make a package's Version field invalid).
DpkgVersion parse(std::string_view text, std::optional<std::string_view>& reason) {
  DpkgVersion version;
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  if (text.empty()) {
    reason = "version string is empty";
    return version;
  }
  for (const char c : text) {
    if (is_blank(c)) {
      reason = "version string has embedded spaces";
      return version;
    }
  }
  if (const size_t colon = text.find(':'); colon != std::string_view::npos) {
    // The epoch is read with strtol: leading white space and a sign are accepted.
    size_t pos = 0;
    while (pos < colon && is_space(text[pos])) ++pos;
    bool negative = false;
    if (pos < colon && (text[pos] == '+' || text[pos] == '-')) negative = text[pos++] == '-';
    const size_t digits = pos;
    std::int64_t epoch = 0;
    while (pos < text.size() && is_digit(text[pos])) {
      if (epoch <= INT_MAX) epoch = epoch * 10 + (text[pos] - '0');
      ++pos;
    }
    if (pos == digits) {
      reason = "epoch in version is empty";
      return version;
    }
    if (pos != colon) {
      reason = "epoch in version is not number";
      return version;
    }
    if (negative && epoch != 0) {
      reason = "epoch in version is negative";
      return version;
    }
    if (epoch > INT_MAX) {
      reason = "epoch in version is too big";
      return version;
    }
    if (colon + 1 == text.size()) {
      reason = "nothing after colon in version number";
      return version;
    }
    version.epoch = epoch;
    text.remove_prefix(colon + 1);
  }
  version.upstream = text;
  if (const size_t hyphen = text.rfind('-'); hyphen != std::string_view::npos) {
    version.upstream = text.substr(0, hyphen);
    version.revision = text.substr(hyphen + 1);
    if (version.revision.empty()) {
      reason = "revision number is empty";
      return version;
    }
  }
  if (version.upstream.empty()) {
    reason = "version number is empty";
    return version;
  }
  if (!is_digit(version.upstream.front())) {
    reason = "version number does not start with digit";
    return version;
  }
  for (const char c : version.upstream) {
    if (!is_alnum(c) && c != '.' && c != '-' && c != '+' && c != '~' && c != ':') {
      reason = "invalid character in version number";
      return version;
    }
  }
  for (const char c : version.revision) {
    if (!is_alnum(c) && c != '.' && c != '+' && c != '~') {
      reason = "invalid character in revision number";
      return version;
    }
  }
  return version;
}

// A character's weight in a non-digit run: '~' before the end, the end before letters,
// letters before everything else.
int order(char c) {
  if (is_digit(c)) return 0;
  if (is_alpha(c)) return c;
  if (c == '~') return -1;
  if (c != '\0') return static_cast<unsigned char>(c) + 256;
  return 0;
}

int sign(int value) { return (value > 0) - (value < 0); }

// Alternating non-digit and digit runs; digit runs compare as numbers of any length.
int verrevcmp(std::string_view a, std::string_view b) {
  auto at = [](std::string_view text, size_t pos) { return pos < text.size() ? text[pos] : '\0'; };
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() || j < b.size()) {
    while ((i < a.size() && !is_digit(a[i])) || (j < b.size() && !is_digit(b[j]))) {
      const int ac = order(at(a, i));
      const int bc = order(at(b, j));
      if (ac != bc) return sign(ac - bc);
      ++i;
      ++j;
    }
    while (at(a, i) == '0') ++i;
    while (at(b, j) == '0') ++j;
    int first_diff = 0;
    while (is_digit(at(a, i)) && is_digit(at(b, j))) {
      if (first_diff == 0) first_diff = at(a, i) - at(b, j);
      ++i;
      ++j;
    }
    if (is_digit(at(a, i))) return 1;
    if (is_digit(at(b, j))) return -1;
    if (first_diff != 0) return sign(first_diff);
  }
  return 0;
}

}  // namespace

std::optional<std::string_view> dpkg_reject_reason(std::string_view version) {
  std::optional<std::string_view> reason;
  (void)parse(version, reason);
  return reason;
}

DpkgParts dpkg_split(std::string_view version) {
  std::optional<std::string_view> ignored;
  const DpkgVersion parsed = parse(version, ignored);
  return DpkgParts{parsed.epoch, parsed.upstream, parsed.revision};
}

std::optional<std::string_view> dpkg_parse(std::string_view version, DpkgParts& parts) {
  std::optional<std::string_view> reason;
  const DpkgVersion parsed = parse(version, reason);
  if (!reason) parts = DpkgParts{parsed.epoch, parsed.upstream, parsed.revision};
  return reason;
}

int dpkg_compare(const DpkgParts& left, const DpkgParts& right) {
  if (left.epoch != right.epoch) return left.epoch < right.epoch ? -1 : 1;
  if (const int upstream = verrevcmp(left.upstream, right.upstream); upstream != 0) return upstream;
  return verrevcmp(left.revision, right.revision);
}

int dpkg_compare(std::string_view a, std::string_view b) {
  return dpkg_compare(dpkg_split(a), dpkg_split(b));
}

}  // namespace hardock::vuln::detail
