// apk versions: digits{.digits}[letter]{_suffix[N]}[~hash][-rN], tokenised and ordered as
// apk-tools 2.14 does (src/version.c), re-derived here, plus apk-tools 3's `~hash` token.
//
// Quirks kept on purpose, because apk has them: a letter may be followed by more digits
// ("2p1"), "1.05" reads as 1, 0, 5 (a leading zero after a dot is a token of its own), and a
// version may start with a letter or a suffix ("a", "_rc1").
#include <array>
#include <cstdint>

#include "hardock/vuln/version_detail.h"

namespace hardock::vuln::detail {
namespace {

// In grammar order: a token may only be followed by one of a later kind (with the exceptions
// in next_kind). kCommitHash sits where apk-tools 3 puts it, between suffixes and -rN.
enum Kind : int {
  kInvalid = -1,
  kDigitOrZero,
  kDigit,
  kLetter,
  kSuffix,
  kSuffixNo,
  kCommitHash,
  kRevisionNo,
  kEnd,
};

// apk reads at most 17 digits into a number; longer runs are invalid.
constexpr size_t kMaxDigits = 18;

struct Value {
  std::int64_t number = 0;
  std::string_view hash;  // the hex digits of a ~hash token, compared as text
  friend bool operator==(const Value&, const Value&) = default;
};

int compare_values(const Value& a, const Value& b) {
  if (a.number != b.number) return a.number < b.number ? -1 : 1;
  if (const int rc = a.hash.compare(b.hash); rc != 0) return rc < 0 ? -1 : 1;
  return 0;
}

constexpr bool is_hex_lower(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

// The kind of the token that starts `rest`, consuming its separator.
void next_kind(int& kind, std::string_view& rest) {
  int next = kInvalid;
  if (rest.empty() || rest.front() == '\0') {
    next = kEnd;
  } else if ((kind == kDigit || kind == kDigitOrZero) && is_lower(rest.front())) {
    next = kLetter;
  } else if (kind == kLetter && is_digit(rest.front())) {
    next = kDigit;
  } else if (kind == kSuffix && is_digit(rest.front())) {
    next = kSuffixNo;
  } else {
    switch (rest.front()) {
      case '.':
        next = kDigitOrZero;
        break;
      case '_':
        next = kSuffix;
        break;
      case '~':
        next = kCommitHash;
        break;
      case '-':
        if (rest.size() > 1 && rest[1] == 'r') {
          next = kRevisionNo;
          rest.remove_prefix(1);
        }
        break;
      default:
        break;
    }
    rest.remove_prefix(1);
  }
  if (next < kind &&
      !((next == kDigitOrZero && kind == kDigit) || (next == kSuffix && kind == kSuffixNo) ||
        (next == kDigit && kind == kLetter))) {
    next = kInvalid;
  }
  kind = next;
}

// Reads the token of `kind` at the start of `rest`, returns its value and sets `kind` to the
// kind of the token after it (kEnd, kInvalid).
Value take_token(int& kind, std::string_view& rest) {
  static constexpr std::array<std::string_view, 4> kPreSuffixes = {"alpha", "beta", "pre", "rc"};
  static constexpr std::array<std::string_view, 5> kPostSuffixes = {"cvs", "svn", "git", "hg", "p"};
  Value value;
  if (rest.empty()) {
    // apk-tools 2 ends a version on a dangling '.', '_' or "-r"; apk-tools 3 wants digits
    // after '~'.
    kind = kind == kCommitHash ? kInvalid : kEnd;
    return value;
  }
  size_t length = 0;
  int after = kInvalid;
  switch (kind) {
    case kDigitOrZero:
      if (rest.front() == '0') {
        // A run of zeros after a dot: its own token, valued minus the zeros beyond the first.
        while (length + 1 < rest.size() && rest[length + 1] == '0') ++length;
        value.number = -static_cast<std::int64_t>(length);
        after = kDigit;
        break;
      }
      [[fallthrough]];
    case kDigit:
    case kSuffixNo:
    case kRevisionNo:
      while (length < rest.size() && is_digit(rest[length])) {
        if (length < kMaxDigits) value.number = value.number * 10 + (rest[length] - '0');
        ++length;
      }
      if (length >= kMaxDigits) {
        kind = kInvalid;
        return Value{-1, {}};
      }
      break;
    case kLetter:
      value.number = static_cast<unsigned char>(rest[length++]);
      break;
    case kSuffix: {
      bool found = false;
      for (size_t index = 0; index < kPreSuffixes.size() && !found; ++index) {
        if (rest.starts_with(kPreSuffixes[index])) {
          length = kPreSuffixes[index].size();
          value.number = static_cast<std::int64_t>(index) - 4;  // before no suffix at all
          found = true;
        }
      }
      for (size_t index = 0; index < kPostSuffixes.size() && !found; ++index) {
        if (rest.starts_with(kPostSuffixes[index])) {
          length = kPostSuffixes[index].size();
          value.number = static_cast<std::int64_t>(index);
          found = true;
        }
      }
      if (!found) {
        kind = kInvalid;
        return Value{-1, {}};
      }
      break;
    }
    case kCommitHash:
      while (length < rest.size() && is_hex_lower(rest[length])) ++length;
      if (length == 0) {
        kind = kInvalid;
        return Value{-1, {}};
      }
      value.hash = rest.substr(0, length);
      break;
    default:
      kind = kInvalid;
      return Value{-1, {}};
  }
  rest.remove_prefix(length);
  if (rest.empty()) {
    kind = kEnd;
  } else if (after != kInvalid) {
    kind = after;
  } else {
    next_kind(kind, rest);
  }
  return value;
}

}  // namespace

std::optional<std::string_view> apk_reject_reason(std::string_view version) {
  int kind = kDigit;
  while (kind != kEnd && kind != kInvalid) (void)take_token(kind, version);
  if (kind == kEnd) return std::nullopt;
  return "not digits{.digits}[letter]{_suffix[N]}[~hash][-rN] (apk-tools grammar)";
}

int apk_compare(std::string_view a, std::string_view b) {
  int kind_a = kDigit;
  int kind_b = kDigit;
  Value value_a;
  Value value_b;
  while (kind_a == kind_b && kind_a != kEnd && kind_a != kInvalid && value_a == value_b) {
    value_a = take_token(kind_a, a);
    value_b = take_token(kind_b, b);
  }
  if (const int rc = compare_values(value_a, value_b); rc != 0) return rc;
  if (kind_a == kind_b) return 0;
  // Equal so far: the longer version is newer, unless what it has more is a pre-release
  // suffix (_alpha, _beta, _pre, _rc).
  int probe = kind_a;
  if (kind_a == kSuffix && take_token(probe, a).number < 0) return -1;
  probe = kind_b;
  if (kind_b == kSuffix && take_token(probe, b).number < 0) return 1;
  if (kind_a > kind_b) return -1;
  if (kind_b > kind_a) return 1;
  return 0;
}

}  // namespace hardock::vuln::detail
