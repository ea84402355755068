#include "hardock/secrets/secrets.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>

namespace hardock::secrets {
namespace {

struct Rule {
  std::string_view id;
  std::string_view description;
  std::string_view pattern;  // group 1, when present, is the secret itself
  std::string_view public_prefix = {};
};

// Written for hardock from the formats their issuers document.
constexpr std::array kRules = std::to_array<Rule>({
    {"private-key", "private key",
     R"(-----BEGIN (?:RSA |DSA |EC |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----)"},
    {"aws-access-key-id", "AWS access key id",
     R"(\b((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16})\b)", "AKIA"},
    {"aws-secret-access-key", "AWS secret access key",
     R"((?i)aws_?secret_?access_?key["']?\s*[=:]\s*["']?([A-Za-z0-9/+=]{40}))"},
    {"github-token", "GitHub token", R"(\b(gh[pousr]_[A-Za-z0-9]{36,255})\b)", "gh"},
    {"gitlab-token", "GitLab personal access token", R"(\b(glpat-[A-Za-z0-9_\-]{20})\b)", "glpat-"},
    {"slack-token", "Slack token", R"(\b(xox[baprs]-[A-Za-z0-9\-]{10,}))", "xox"},
    {"google-api-key", "Google API key", R"(\b(AIza[0-9A-Za-z_\-]{35}))", "AIza"},
    {"stripe-key", "Stripe live key", R"(\b((?:sk|rk)_live_[0-9a-zA-Z]{24,}))", "sk_live_"},
    {"npm-token", "npm access token", R"(\b(npm_[A-Za-z0-9]{36}))", "npm_"},
    {"npmrc-auth-token", "npm registry token", R"(_authToken\s*=\s*([^\s"']{8,}))"},
    {"jwt", "JSON web token",
     R"(\b(eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}))"},
    {"url-credentials", "password in a URL",
     R"([A-Za-z][A-Za-z0-9+.\-]*://[^/\s:@]+:([^/\s:@]{3,})@)"},
    {"docker-auth", "registry credential (base64 user:password)",
     R"re("auth"\s*:\s*"([A-Za-z0-9+/=]{8,})")re"},
});

const RE2::Options& options() {
  static const RE2::Options kOptions = [] {
    RE2::Options value;
    value.set_log_errors(false);
    value.set_max_mem(64 << 20);
    return value;
  }();
  return kOptions;
}

// Each rule's pattern, compiled the first time a text may hold a match of it (see candidates()):
// a lint of one file compiled all thirteen patterns and a set of them, a third of its run, to
// look at texts that hold none.
const RE2& pattern_of(std::size_t index) {
  static std::array<std::once_flag, kRules.size()> once;
  static std::array<std::unique_ptr<RE2>, kRules.size()> patterns;
  std::call_once(once[index], [index] {
    patterns[index] = std::make_unique<RE2>(kRules[index].pattern, options());
  });
  return *patterns[index];
}

// std::toupper in the C locale (hardock never sets another): ASCII letters only.
constexpr char ascii_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

bool same_upper(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (ascii_upper(a[k]) != ascii_upper(b[k])) return false;
  }
  return true;
}

// `word` (uppercase) at `at` of `name` in any case.
bool upper_at(std::string_view name, std::size_t at, std::string_view word) {
  if (at > name.size() || name.size() - at < word.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (ascii_upper(name[at + k]) != word[k]) return false;
  }
  return true;
}

bool upper_ends_with(std::string_view name, std::string_view suffix) {
  return name.size() >= suffix.size() && upper_at(name, name.size() - suffix.size(), suffix);
}

// Names that say "this holds a secret": PASSWORD, DB_PASS, API_KEY, ACCESS_TOKEN, ...
// Read in any case, without an uppercase copy (this runs on every ARG, ENV and LABEL key and
// every --option of a RUN).
bool secret_name(std::string_view name) {
  static constexpr std::string_view kWords[] = {"PASSWORD",    "PASSWD",     "PASS",   "PWD",
                                                "SECRET",      "TOKEN",      "APIKEY", "API_KEY",
                                                "PRIVATE_KEY", "CREDENTIAL", "AUTH"};
  // Each word is judged at its first occurrence only (as name.find(word) would find it): one
  // pass over the name visits the first occurrences of all words in order of position.
  // The words each first byte may begin, as bits of kWords.
  constexpr auto starting = [](char c) -> std::uint32_t {
    switch (c) {
      case 'P':
        return 0b00100001111;  // PASSWORD PASSWD PASS PWD PRIVATE_KEY
      case 'S':
        return 0b00000010000;  // SECRET
      case 'T':
        return 0b00000100000;  // TOKEN
      case 'A':
        return 0b10011000000;  // APIKEY API_KEY AUTH
      case 'C':
        return 0b01000000000;  // CREDENTIAL
      default:
        return 0;
    }
  };
  static_assert(
      [starting] {
        std::uint32_t all = 0;
        for (std::size_t index = 0; index < std::size(kWords); ++index) {
          if ((starting(kWords[index][0]) & (1U << index)) == 0) return false;
          all |= 1U << index;
        }
        return kWords[2] == "PASS" && all == (1U << std::size(kWords)) - 1;
      }(),
      "each word's bit under its first byte; index 2 is PASS");
  // starting() of each byte in either case, read from a table (a byte of every key passes here).
  static constexpr std::array<std::uint32_t, 256> kStarting = [starting] {
    std::array<std::uint32_t, 256> table{};
    for (std::size_t c = 0; c < table.size(); ++c) {
      table[c] = starting(ascii_upper(static_cast<char>(c)));
    }
    return table;
  }();
  std::uint32_t seen = 0;
  for (std::size_t at = 0; at < name.size(); ++at) {
    for (std::uint32_t left = kStarting[static_cast<unsigned char>(name[at])] & ~seen; left != 0;
         left &= left - 1) {
      const auto index = static_cast<std::size_t>(std::countr_zero(left));
      const std::string_view word = kWords[index];
      if (!upper_at(name, at, word)) continue;
      seen |= 1U << index;
      // Whole words of an identifier: DB_PASS yes, PASSENGER_COUNT no, AUTHOR no.
      const bool starts =
          at == 0 || name[at - 1] == '_' || name[at - 1] == '-' || name[at - 1] == '.';
      const std::size_t end = at + word.size();
      const bool ends = end == name.size() || name[end] == '_' || name[end] == '-' ||
                        name[end] == '.' || (index == 2 && upper_at(name, end, "WORD"));
      if (starts && ends) return true;
    }
  }
  return false;
}

// `name` is the key, in any case.
bool reference_value(std::string_view name, std::string_view value) {
  if (upper_ends_with(name, "_FILE") || upper_ends_with(name, "_PATH")) return true;
  if (value.starts_with('/')) return true;  // a file, such as /run/secrets/db
  if (value.starts_with("${") || value.starts_with("$(") ||
      (value.starts_with('$') && value.size() > 1 &&
       (std::isalpha(static_cast<unsigned char>(value[1])) != 0 || value[1] == '_'))) {
    return true;  // another variable, resolved at run time
  }
  return false;
}

}  // namespace

std::string redact(std::string_view rule, std::string_view secret) {
  for (const Rule& known : kRules) {
    if (known.id != rule || known.public_prefix.empty()) continue;
    if (secret.starts_with(known.public_prefix)) {
      return std::string(known.public_prefix) +
             std::string(std::min<std::size_t>(secret.size() - known.public_prefix.size(), 16),
                         '*');
    }
  }
  return "****";
}

namespace {

// The rules whose every match holds a literal that `text` holds, as bits by index in kRules:
// "-----BEGIN ", an AWS key id prefix, "aws" in any case (the AWS secret key rule), "gh" and one
// of "pousr" and '_', "glpat-", "xox", "AIza", "_live_", "npm_", "_authToken", "eyJ", "://" and
// a later '@', "\"auth\"". A rule without its literal cannot match, and its pattern need not run:
// most words of a RUN line hold none ("aw" alone let every awk and draw through, "gh" every
// github.com). Case folding: (?i) in the AWS secret rule folds 'a' and 'w' to nothing but their
// ASCII pairs, and 's' to 'S' and U+017F (UTF-8 C5 BF). Keep in step with kRules (a test finds
// each rule alone).
// kFirst[byte]: a bit for each byte that begins a literal; kSecond[byte]: the bits of the first
// bytes `byte` may follow in a literal. Most of the bytes that begin one ('-', 'a', 'e', 'n' in
// ordinary words) are not followed by a byte that continues one: two table reads tell.
constexpr std::string_view kFirstBytes = "-Aagx_ne:\"";
constexpr std::array<std::uint16_t, 256> kFirst = [] {
  std::array<std::uint16_t, 256> first{};
  for (std::size_t k = 0; k < kFirstBytes.size(); ++k) {
    first[static_cast<unsigned char>(kFirstBytes[k])] = static_cast<std::uint16_t>(1U << k);
  }
  return first;
}();
constexpr std::array<std::uint16_t, 256> kSecond = [] {
  std::array<std::uint16_t, 256> second{};
  const auto pair = [&second](char first, std::string_view nexts) {
    for (const char next : nexts) {
      second[static_cast<unsigned char>(next)] |= kFirst[static_cast<unsigned char>(first)];
    }
  };
  pair('-', "-");         // -----BEGIN
  pair('A', "wWKSBC3I");  // AWS (any case), AKIA ASIA ABIA ACCA A3T, AIza
  pair('a', "wW");        // aws (any case)
  pair('g', "hl");        // gh[pousr]_, glpat-
  pair('x', "o");         // xox
  pair('_', "la");        // _live_, _authToken
  pair('n', "p");         // npm_
  pair('e', "y");         // eyJ
  pair(':', "/");         // ://
  pair('"', "a");         // "auth"
  return second;
}();

enum RuleBit : std::uint32_t {
  kPrivateKey = 1U << 0,
  kAwsKeyId = 1U << 1,
  kAwsSecret = 1U << 2,
  kGithub = 1U << 3,
  kGitlab = 1U << 4,
  kSlack = 1U << 5,
  kGoogle = 1U << 6,
  kStripe = 1U << 7,
  kNpm = 1U << 8,
  kNpmrc = 1U << 9,
  kJwt = 1U << 10,
  kUrlCredentials = 1U << 11,
  kDockerAuth = 1U << 12,
};
static_assert(kRules.size() == 13, "a rule added to kRules needs its literal in candidates()");

// "aws" in any case at the start of `rest` (its first byte known to be 'a' or 'A').
bool aws(std::string_view rest) {
  return rest.size() > 2 && (rest[1] == 'w' || rest[1] == 'W') &&
         (rest[2] == 's' || rest[2] == 'S' || rest[2] == '\xC5');
}

// The first three bytes of every literal candidates() looks for (each is at least three
// long): its switch finds a literal only where one of these begins. Keep in step with it.
constexpr auto kLiteralStarts = [] {
  std::array<std::array<char, 3>, 64> out{};
  std::size_t count = 0;
  const auto add = [&](char a, char b, char c) { out[count++] = {a, b, c}; };
  add('-', '-', '-');  // -----BEGIN
  for (const char a : {'A', 'a'}) {
    for (const char w : {'w', 'W'}) {
      for (const char s : {'s', 'S', '\xC5'}) add(a, w, s);  // aws in any case (s as U+017F)
    }
  }
  add('A', 'K', 'I');                                               // AKIA
  add('A', 'S', 'I');                                               // ASIA
  add('A', 'B', 'I');                                               // ABIA
  add('A', 'C', 'C');                                               // ACCA
  add('A', '3', 'T');                                               // A3T
  add('A', 'I', 'z');                                               // AIza
  for (const char c : {'p', 'o', 'u', 's', 'r'}) add('g', 'h', c);  // gh?_
  add('g', 'l', 'p');                                               // glpat-
  add('x', 'o', 'x');                                               // xox
  add('_', 'l', 'i');                                               // _live_
  add('_', 'a', 'u');                                               // _authToken
  add('n', 'p', 'm');                                               // npm_
  add('e', 'y', 'J');                                               // eyJ
  add(':', '/', '/');                                               // ://
  add('"', 'a', 'u');                                               // "auth"
  return std::pair{out, count};
}();

// A bit per pair of bytes, keyed as the two bytes read as one std::uint16_t: the pair is the
// first two or the last two of a literal's first three bytes.
constexpr unsigned pair_key(unsigned char first, unsigned char second) {
  return std::endian::native == std::endian::little ? first | (unsigned{second} << 8)
                                                    : (unsigned{first} << 8) | second;
}
constexpr std::array<std::uint8_t, 8192> kLiteralPairs = [] {
  std::array<std::uint8_t, 8192> bits{};
  const auto set = [&bits](char first, char second) {
    const unsigned pair =
        pair_key(static_cast<unsigned char>(first), static_cast<unsigned char>(second));
    bits[pair >> 3] = static_cast<std::uint8_t>(bits[pair >> 3] | (1U << (pair & 7)));
  };
  const auto& [starts, count] = kLiteralStarts;
  for (std::size_t k = 0; k < count; ++k) {
    set(starts[k][0], starts[k][1]);
    set(starts[k][1], starts[k][2]);
  }
  return bits;
}();

// Every pair of bytes the exact test below lets through begins one of kLiteralStarts.
static_assert(
    [] {
      const auto& [starts, count] = kLiteralStarts;
      for (std::size_t a = 0; a < 256; ++a) {
        for (std::size_t b = 0; b < 256; ++b) {
          if ((kFirst[a] & kSecond[b]) == 0) continue;
          bool listed = false;
          for (std::size_t k = 0; k < count; ++k) {
            listed = listed || (static_cast<unsigned char>(starts[k][0]) == a &&
                                static_cast<unsigned char>(starts[k][1]) == b);
          }
          if (!listed) return false;
        }
      }
      return true;
    }(),
    "a pair kFirst and kSecond let through is missing from kLiteralStarts");

std::uint32_t candidates(std::string_view text) {
  // Each case tests the second byte before comparing more: most of the bytes that reach the
  // switch ('-', 'a', 'e', 'n' in ordinary words) begin no literal.
  std::uint32_t found = 0;
  constexpr std::size_t kUnknown = std::string_view::npos - 1;
  std::size_t last_at = kUnknown;  // of the last '@', found once
  // The literals that begin at `at` (at + 1 < text.size()).
  const auto look_at = [&](std::size_t at) {
    const std::uint16_t first = kFirst[static_cast<unsigned char>(text[at])];
    if (first == 0 || (kSecond[static_cast<unsigned char>(text[at + 1])] & first) == 0) return;
    const std::string_view rest = text.substr(at);
    const char next = rest[1];
    switch (rest[0]) {
      case '-':
        if (next == '-' && rest.starts_with("-----BEGIN ")) found |= kPrivateKey;
        break;
      case 'A':
        if (aws(rest)) found |= kAwsSecret;
        if ((next == 'K' || next == 'S' || next == 'B' || next == 'C' || next == '3') &&
            (rest.starts_with("AKIA") || rest.starts_with("ASIA") || rest.starts_with("ABIA") ||
             rest.starts_with("ACCA") || rest.starts_with("A3T"))) {
          found |= kAwsKeyId;
        }
        if (next == 'I' && rest.starts_with("AIza")) found |= kGoogle;
        break;
      case 'a':
        if (aws(rest)) found |= kAwsSecret;
        break;
      case 'g':
        if (next == 'h' && rest.size() > 3 &&
            std::string_view("pousr").find(rest[2]) != std::string_view::npos && rest[3] == '_') {
          found |= kGithub;
        }
        if (next == 'l' && rest.starts_with("glpat-")) found |= kGitlab;
        break;
      case 'x':
        if (next == 'o' && rest.starts_with("xox")) found |= kSlack;
        break;
      case '_':
        if (next == 'l' && rest.starts_with("_live_")) found |= kStripe;
        if (next == 'a' && rest.starts_with("_authToken")) found |= kNpmrc;
        break;
      case 'n':
        if (next == 'p' && rest.starts_with("npm_")) found |= kNpm;
        break;
      case 'e':
        if (next == 'y' && rest.starts_with("eyJ")) found |= kJwt;
        break;
      case ':':
        // url-credentials: "://", then an '@' after the password (against the last '@' of the
        // text: a search after each "://" was quadratic).
        if (next == '/' && rest.starts_with("://")) {
          if (last_at == kUnknown) last_at = text.rfind('@');
          if (last_at != std::string_view::npos && last_at >= at + 3) found |= kUrlCredentials;
        }
        break;
      case '"':
        if (next == 'a' && rest.starts_with("\"auth\"")) found |= kDockerAuth;
        break;
      default:
        break;
    }
  };
  // Every other position: a literal (three bytes at least) that begins at `at` holds a pair of
  // kLiteralPairs at `at` or at `at + 1`, one of which is read; only there are the two
  // positions it may begin at looked at. (Each byte looked at was most of this function.)
  for (std::size_t at = 1; at + 1 < text.size(); at += 2) {
    std::uint16_t pair = 0;  // pair_key(text[at], text[at + 1])
    std::memcpy(&pair, text.data() + at, sizeof pair);
    if ((kLiteralPairs[pair >> 3] & (1U << (pair & 7))) == 0) continue;
    look_at(at - 1);
    look_at(at);
  }
  return found;
}

// ---- token rules as code ---------------------------------------------------------------------
//
// Eight rules are a prefix and a run of one character class: \b PREFIX CLASS{min,max}, some
// with \b after. They are matched here, with RE2's leftmost-first semantics (tests compare the
// two on generated text), instead of by their patterns: RE2 built the GitHub rule's {36,255}
// into a program of a thousand instructions and a DFA state per length, a fixed cost larger
// than all the rest of the secret rules over a thousand Dockerfiles.

constexpr bool is_word(char c) {  // \w of RE2: ASCII only
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

using CharClass = std::array<bool, 256>;

constexpr CharClass char_class(bool lower, bool under, bool dash) {
  CharClass out{};
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    out[static_cast<std::size_t>(c)] = (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                                       (lower && ch >= 'a' && ch <= 'z') || (under && ch == '_') ||
                                       (dash && ch == '-');
  }
  return out;
}
constexpr CharClass kUpperDigit = char_class(false, false, false);   // [A-Z0-9]
constexpr CharClass kAlnum = char_class(true, false, false);         // [A-Za-z0-9]
constexpr CharClass kAlnumDash = char_class(true, false, true);      // [A-Za-z0-9\-]
constexpr CharClass kAlnumUnderDash = char_class(true, true, true);  // [A-Za-z0-9_\-]

constexpr std::size_t kUnbounded = std::string_view::npos;

struct Prefix {
  std::string_view text;
  std::size_t min = 0;  // of the class run after it
  std::size_t max = 0;  // kUnbounded for {min,}
};

struct Token {
  std::array<Prefix, 5> prefixes;  // alternatives (empty text: none)
  const CharClass* run = nullptr;
  bool word_end = false;  // \b after the run
};

// Where the run of `cls` from `from` ends. Positions only grow within one search, so the last run
// measured answers for every later start inside it: the work stays linear in the text.
struct RunEnds {
  std::size_t begin = 0;
  std::size_t end = 0;  // [begin, end) is a maximal run once measured; empty when none

  std::size_t from(std::string_view text, std::size_t at, const CharClass& cls) {
    if (at >= begin && at < end) return end;
    std::size_t k = at;
    while (k < text.size() && cls[static_cast<unsigned char>(text[k])]) ++k;
    begin = at;
    end = k;
    return k;
  }
};

bool word_boundary(std::string_view text, std::size_t at) {
  const bool before = at > 0 && is_word(text[at - 1]);
  const bool after = at < text.size() && is_word(text[at]);
  return before != after;
}

struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// The leftmost match of `token` starting at or after `from` (its prefixes all begin with a word
// character, so the \b before one is a non-word character or the start).
std::optional<Span> find_token(const Token& token, std::string_view text, std::size_t from) {
  RunEnds runs;
  for (std::size_t at = from; at < text.size(); ++at) {
    if (at > 0 && is_word(text[at - 1])) continue;
    for (const Prefix& prefix : token.prefixes) {
      if (prefix.text.empty() || text.compare(at, prefix.text.size(), prefix.text) != 0) {
        continue;
      }
      const std::size_t start = at + prefix.text.size();
      const std::size_t run = runs.from(text, start, *token.run) - start;
      if (run < prefix.min) continue;
      std::size_t length = std::min(run, prefix.max);
      if (!token.word_end) return Span{at, start + length};
      // Greedy: the longest length that ends on a word boundary.
      for (; length >= prefix.min; --length) {
        if (word_boundary(text, start + length)) return Span{at, start + length};
        if (length == 0) break;
      }
    }
  }
  return std::nullopt;
}

// \b(eyJ S{10,}\.eyJ S{10,}\.S{10,}), S = [A-Za-z0-9_\-]: S holds no '.', so each run is
// maximal and the only choice.
std::optional<Span> find_jwt(std::string_view text, std::size_t from) {
  constexpr std::size_t kMin = 10;
  const CharClass& cls = kAlnumUnderDash;
  const auto run_end = [&](std::size_t at) {
    while (at < text.size() && cls[static_cast<unsigned char>(text[at])]) ++at;
    return at;
  };
  RunEnds first;
  std::size_t tail_for = kUnbounded;  // the first run's end the tail was read after
  std::size_t tail_end = kUnbounded;  // the match's end after it; kUnbounded when none
  for (std::size_t at = from; at < text.size(); ++at) {
    if (text.compare(at, 3, "eyJ") != 0 || (at > 0 && is_word(text[at - 1]))) continue;
    const std::size_t end1 = first.from(text, at + 3, cls);
    if (end1 - (at + 3) < kMin) continue;
    if (tail_for != end1) {  // every start inside one run shares its tail
      tail_for = end1;
      tail_end = kUnbounded;
      if (text.compare(end1, 4, ".eyJ") == 0) {
        const std::size_t end2 = run_end(end1 + 4);
        if (end2 - (end1 + 4) >= kMin && end2 < text.size() && text[end2] == '.') {
          const std::size_t end3 = run_end(end2 + 1);
          if (end3 - (end2 + 1) >= kMin) tail_end = end3;
        }
      }
    }
    if (tail_end != kUnbounded) return Span{at, tail_end};
  }
  return std::nullopt;
}

const Token kAwsKeyIdToken{
    {{{"AKIA", 16, 16}, {"ASIA", 16, 16}, {"ABIA", 16, 16}, {"ACCA", 16, 16}, {"A3T", 17, 17}}},
    &kUpperDigit,
    true};
const Token kGithubToken{{{{"ghp_", 36, 255},
                           {"gho_", 36, 255},
                           {"ghu_", 36, 255},
                           {"ghs_", 36, 255},
                           {"ghr_", 36, 255}}},
                         &kAlnum,
                         true};
const Token kGitlabToken{{{{"glpat-", 20, 20}}}, &kAlnumUnderDash, true};
const Token kSlackToken{{{{"xoxb-", 10, kUnbounded},
                          {"xoxa-", 10, kUnbounded},
                          {"xoxp-", 10, kUnbounded},
                          {"xoxr-", 10, kUnbounded},
                          {"xoxs-", 10, kUnbounded}}},
                        &kAlnumDash,
                        false};
const Token kGoogleToken{{{{"AIza", 35, 35}}}, &kAlnumUnderDash, false};
const Token kStripeToken{
    {{{"sk_live_", 24, kUnbounded}, {"rk_live_", 24, kUnbounded}}}, &kAlnum, false};
const Token kNpmToken{{{{"npm_", 36, 36}}}, &kAlnum, false};

// The match of rule `index` at or after `from` when the rule is matched as code; nullopt when it
// is not (`coded` false) or has no match.
std::optional<Span> find_coded(std::size_t index, std::string_view text, std::size_t from,
                               bool& coded) {
  coded = true;
  switch (index) {
    case 1:
      return find_token(kAwsKeyIdToken, text, from);
    case 3:
      return find_token(kGithubToken, text, from);
    case 4:
      return find_token(kGitlabToken, text, from);
    case 5:
      return find_token(kSlackToken, text, from);
    case 6:
      return find_token(kGoogleToken, text, from);
    case 7:
      return find_token(kStripeToken, text, from);
    case 8:
      return find_token(kNpmToken, text, from);
    case 10:
      return find_jwt(text, from);
    default:
      coded = false;
      return std::nullopt;
  }
}

// Every match of rule `index` in `text`, by its pattern (RE2) or as code.
void find_rule(std::size_t index, std::string_view text, bool by_pattern, std::vector<Match>& out) {
  const Rule& rule = kRules[index];
  const auto add = [&](std::size_t offset, std::size_t length) {
    out.push_back({std::string(rule.id), std::string(rule.description), offset, length,
                   redact(rule.id, text.substr(offset, length))});
  };
  // Every occurrence, bounded: a hostile file full of keys is reported, not enumerated.
  constexpr int kMaxMatches = 100;
  if (!by_pattern) {
    bool coded = false;
    std::size_t start = 0;
    for (int count = 0; count < kMaxMatches && start <= text.size(); ++count) {
      const auto span = find_coded(index, text, start, coded);
      if (!coded) break;
      if (!span) return;
      add(span->begin, span->end - span->begin);
      start = std::max(span->end, start + 1);
    }
    if (coded) return;
  }
  const RE2& pattern = pattern_of(index);
  re2::StringPiece input(text.data(), text.size());
  const int groups = std::min(pattern.NumberOfCapturingGroups(), 1);
  std::array<re2::StringPiece, 2> found;
  std::size_t start = 0;
  for (int count = 0; count < kMaxMatches && start <= text.size(); ++count) {
    if (!pattern.Match(input, start, text.size(), RE2::UNANCHORED, found.data(), groups + 1)) {
      break;
    }
    const re2::StringPiece secret = groups == 1 && found[1].data() != nullptr ? found[1] : found[0];
    add(static_cast<std::size_t>(secret.data() - text.data()), secret.size());
    const auto next = static_cast<std::size_t>(found[0].data() - text.data()) + found[0].size();
    start = std::max(next, start + 1);
  }
}

// By offset; two rules matching at one offset in the order of kRules.
void sort_matches(std::vector<Match>& out) {
  std::stable_sort(out.begin(), out.end(),
                   [](const Match& a, const Match& b) { return a.offset < b.offset; });
}

}  // namespace

std::vector<Match> in_text(std::string_view text) {
  // Most words of a RUN line are shorter than any match.
  if (text.size() < kShortestTextMatch) return {};
  const std::uint32_t rules = candidates(text);
  if (rules == 0) return {};
  std::vector<Match> out;
  for (std::size_t index = 0; index < kRules.size(); ++index) {
    if ((rules & (1U << index)) != 0) find_rule(index, text, false, out);
  }
  sort_matches(out);
  return out;
}

std::vector<Match> in_text_by_patterns(std::string_view text) {
  std::vector<Match> out;
  for (std::size_t index = 0; index < kRules.size(); ++index) find_rule(index, text, true, out);
  sort_matches(out);
  return out;
}

std::optional<Match> in_assignment(std::string_view key, std::string_view value,
                                   const std::vector<std::string>& accepted) {
  for (const auto& allowed : accepted) {
    if (same_upper(allowed, key)) return std::nullopt;
  }
  if (value.empty()) return std::nullopt;
  if (reference_value(key, value)) return std::nullopt;
  if (auto found = in_text(value); !found.empty()) {
    Match match = found.front();
    match.offset = 0;
    return match;
  }
  if (!secret_name(key)) return std::nullopt;
  return Match{"secret-named-variable", "a variable named like a secret holds a literal value", 0,
               value.size(), "****"};
}

std::optional<std::string> file_rule(std::string_view path) {
  const auto slash = path.rfind('/');
  const std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const auto in_dir = [&](std::string_view dir) {
    return path.find(std::string(dir) + "/") != std::string_view::npos ||
           path.starts_with(std::string(dir.substr(1)) + "/");
  };
  if (base == "id_rsa" || base == "id_dsa" || base == "id_ecdsa" || base == "id_ed25519") {
    return "ssh-private-key-file";
  }
  if (base == ".git-credentials") return "git-credentials-file";
  if (base == ".npmrc") return "npmrc-file";
  if (base == ".pgpass") return "pgpass-file";
  if (base == ".netrc") return "netrc-file";
  if (base == ".env" || (base.starts_with(".env.") && !base.ends_with(".example") &&
                         !base.ends_with(".sample") && !base.ends_with(".template"))) {
    return "dotenv-file";
  }
  if (base == "credentials" && in_dir("/.aws")) return "aws-credentials-file";
  if (base == "config.json" && in_dir("/.docker")) return "docker-client-config";
  if (base.ends_with(".pem") || base.ends_with(".key") || base.ends_with(".p12") ||
      base.ends_with(".pfx")) {
    return "key-material-file";  // judged by content too: a certificate alone is no secret
  }
  return std::nullopt;
}

}  // namespace hardock::secrets
