// Secret detection, shared by the container environment check, the image checks and the
// Dockerfile linter: one set of rules, one redaction.
//
// Three questions: is this assignment (ENV, label, build arg) a secret; which secrets does this
// text hold (history lines, file contents: all rules at once with an RE2 set, then positions);
// is this file, by its name, a secret (id_rsa, .git-credentials, .npmrc, .env ...). A match
// never carries the secret: only its rule, where it is and a redacted form that shows no
// character of the secret itself (a public prefix such as "AKIA" at most).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hardock::secrets {

struct Match {
  std::string rule;         // "aws-access-key-id", "private-key", "secret-named-variable"
  std::string description;  // "AWS access key id"
  std::size_t offset = 0;   // in the text searched (0 for assignments)
  std::size_t length = 0;
  std::string redacted;  // "AKIA****************", "****"
};

// `key=value` from an environment, labels or build args. A key that names a secret (PASSWORD,
// TOKEN, API_KEY ...) with a literal value, or any value a text rule matches. Not secrets:
// empty values, references to files or other variables (DB_PASSWORD_FILE=/run/secrets/db,
// TOKEN=${TOKEN}), and keys in `accepted` (exact, case-insensitive).
std::optional<Match> in_assignment(std::string_view key, std::string_view value,
                                   const std::vector<std::string>& accepted = {});

// Every secret the text rules find in `text`, in order of position. Linear in the text (RE2).
std::vector<Match> in_text(std::string_view text);

// No text rule matches fewer bytes (url-credentials: "a://b:ccc@"): callers with many short
// words may skip in_text for them.
inline constexpr std::size_t kShortestTextMatch = 10;

// in_text by the rules' RE2 patterns alone, for tests: in_text matches eight of the rules as code
// and must find what their patterns find.
std::vector<Match> in_text_by_patterns(std::string_view text);

// The rule a file name alone matches ("ssh-private-key-file" for .../id_rsa), or nullopt.
std::optional<std::string> file_rule(std::string_view path);

// "****" of the same shape: keeps a known public prefix (AKIA, ghp_, xoxb-) and nothing else.
std::string redact(std::string_view rule, std::string_view secret);

}  // namespace hardock::secrets
