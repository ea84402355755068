// BuildKit's word processing for the instructions it expands (ADD COPY ENV EXPOSE FROM LABEL
// STOPSIGNAL USER VOLUME WORKDIR, ARG defaults, some flags): quotes removed, the escape
// character applied, $VAR ${VAR} ${VAR:-x} ${VAR-x} ${VAR:+x} ${VAR+x} ${VAR:?x} ${VAR?x}
// ${VAR#p} ${VAR##p} ${VAR%p} ${VAR%%p} ${VAR/p/r} ${VAR//p/r} expanded. Iterative: nesting
// such as ${A:-${B:-c}} uses an explicit stack bounded by kMaxExpansionDepth.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace hardock::dockerfile {

inline constexpr std::size_t kMaxExpansionDepth = 64;

// Variables in scope. A name mapped to nullopt is declared but its value is unknown (an ARG
// without default, a platform argument): it expands to "" and makes the result incomplete.
using Env = std::map<std::string, std::optional<std::string>, std::less<>>;

struct Expanded {
  std::string value;
  bool complete = true;  // no unknown variable was used
  std::string error;     // non-empty: the word is malformed (unterminated quote, bad modifier)
  std::size_t error_offset = 0;
};

// Processes `word` as one word (BuildKit's ProcessWord): whitespace is kept.
[[nodiscard]] Expanded expand_word(std::string_view word, const Env& env, char escape);

}  // namespace hardock::dockerfile
