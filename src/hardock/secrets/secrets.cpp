#include "hardock/secrets/secrets.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <memory>
#include <mutex>

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
char ascii_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_upper(c);
  return out;
}

bool same_upper(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (ascii_upper(a[k]) != ascii_upper(b[k])) return false;
  }
  return true;
}

// Names that say "this holds a secret": PASSWORD, DB_PASS, API_KEY, ACCESS_TOKEN, ...
// `name` is uppercase.
bool secret_name(std::string_view name) {
  // (An array of views: a braced list of literals is one of pointers, measured again each time.)
  static constexpr std::string_view kWords[] = {"PASSWORD",    "PASSWD",     "PASS",   "PWD",
                                                "SECRET",      "TOKEN",      "APIKEY", "API_KEY",
                                                "PRIVATE_KEY", "CREDENTIAL", "AUTH"};
  for (const std::string_view word : kWords) {
    const auto at = name.find(word);
    if (at == std::string::npos) continue;
    // Whole words of an identifier: DB_PASS yes, PASSENGER_COUNT no, AUTHOR no.
    const bool starts =
        at == 0 || name[at - 1] == '_' || name[at - 1] == '-' || name[at - 1] == '.';
    const std::size_t end = at + word.size();
    const bool ends = end == name.size() || name[end] == '_' || name[end] == '-' ||
                      name[end] == '.' || (word == "PASS" && name.compare(end, 4, "WORD") == 0);
    if (starts && ends) return true;
  }
  return false;
}

// `name` is the key, uppercase.
bool reference_value(std::string_view name, std::string_view value) {
  if (name.ends_with("_FILE") || name.ends_with("_PATH")) return true;
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
constexpr std::array<bool, 256> kLiteralStarts = [] {
  std::array<bool, 256> starts{};
  for (const char c : std::string_view("-Aagx_ne:\"")) starts[static_cast<unsigned char>(c)] = true;
  return starts;
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

std::uint32_t candidates(std::string_view text) {
  // Each case tests the second byte before comparing more: most of the bytes that reach the
  // switch ('-', 'a', 'e', 'n' in ordinary words) begin no literal.
  std::uint32_t found = 0;
  constexpr std::size_t kUnknown = std::string_view::npos - 1;
  std::size_t last_at = kUnknown;  // of the last '@', found once
  for (std::size_t at = 0; at + 1 < text.size(); ++at) {
    if (!kLiteralStarts[static_cast<unsigned char>(text[at])]) continue;
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
  }
  return found;
}

}  // namespace

std::vector<Match> in_text(std::string_view text) {
  // The shortest text any rule matches is ten bytes (url-credentials: "a://b:ccc@"); most words
  // of a RUN line are shorter.
  constexpr std::size_t kShortestMatch = 10;
  if (text.size() < kShortestMatch) return {};
  const std::uint32_t rules = candidates(text);
  if (rules == 0) return {};
  std::vector<Match> out;
  for (std::size_t index = 0; index < kRules.size(); ++index) {
    if ((rules & (1U << index)) == 0) continue;
    const Rule& rule = kRules[index];
    const RE2& pattern = pattern_of(index);
    re2::StringPiece input(text.data(), text.size());
    const int groups = std::min(pattern.NumberOfCapturingGroups(), 1);
    std::array<re2::StringPiece, 2> found;
    std::size_t start = 0;
    // Every occurrence, bounded: a hostile file full of keys is reported, not enumerated.
    for (int count = 0; count < 100 && start <= text.size(); ++count) {
      if (!pattern.Match(input, start, text.size(), RE2::UNANCHORED, found.data(), groups + 1)) {
        break;
      }
      const re2::StringPiece secret =
          groups == 1 && found[1].data() != nullptr ? found[1] : found[0];
      const auto offset = static_cast<std::size_t>(secret.data() - text.data());
      out.push_back({std::string(rule.id), std::string(rule.description), offset, secret.size(),
                     redact(rule.id, std::string_view(secret.data(), secret.size()))});
      const auto next = static_cast<std::size_t>(found[0].data() - text.data()) + found[0].size();
      start = std::max(next, start + 1);
    }
  }
  // By offset; two rules matching at one offset in the order of kRules.
  std::stable_sort(out.begin(), out.end(),
                   [](const Match& a, const Match& b) { return a.offset < b.offset; });
  return out;
}

std::optional<Match> in_assignment(std::string_view key, std::string_view value,
                                   const std::vector<std::string>& accepted) {
  for (const auto& allowed : accepted) {
    if (same_upper(allowed, key)) return std::nullopt;
  }
  if (value.empty()) return std::nullopt;
  const std::string name = upper(key);
  if (reference_value(name, value)) return std::nullopt;
  if (auto found = in_text(value); !found.empty()) {
    Match match = found.front();
    match.offset = 0;
    return match;
  }
  if (!secret_name(name)) return std::nullopt;
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
