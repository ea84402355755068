// The lexing steps of BuildKit's Dockerfile parser that come before expansion: builder flags,
// quote-aware words (parseWords), whitespace-delimited words and the exec-form JSON array.
// Offsets are into the text given. All linear, none recursive.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hardock::dockerfile {

struct LexWord {
  std::string text;
  std::size_t offset = 0;  // of the word's first byte in the input
};

struct RawFlag {
  std::string word;  // "--name=value" with quotes and backslashes processed, without "--"
  std::size_t offset = 0;
};

struct FlagSplit {
  std::vector<RawFlag> flags;
  std::size_t args_offset = 0;  // first byte of the arguments (== input size when none)
};

// Leading "--flag[=value]" words (BuildKit's extractBuilderFlags); "--" alone ends the flags.
[[nodiscard]] FlagSplit extract_flags(std::string_view text);

// Quote-aware words, quotes and escapes kept (BuildKit's parseWords, used by ENV, LABEL, ARG).
[[nodiscard]] std::vector<LexWord> parse_words(std::string_view text, char escape);

// Words separated by runs of space, tab, \v, \f, \r (FROM, EXPOSE, shell-form ADD/COPY/VOLUME).
[[nodiscard]] std::vector<LexWord> split_whitespace(std::string_view text);

enum class JsonForm { kNotJson, kStrings, kNotStrings };

struct JsonArray {
  JsonForm form = JsonForm::kNotJson;
  std::vector<LexWord> elements;  // decoded strings; offset of each opening quote
};

// The exec form: a JSON array of strings (leading whitespace allowed, nothing after ']').
// kNotStrings: valid JSON but an element is not a string (an error in BuildKit); kNotJson:
// anything else, which BuildKit reads as the shell form.
[[nodiscard]] JsonArray parse_json_array(std::string_view text);

[[nodiscard]] bool is_space(char c);  // Go's unicode.IsSpace on one byte

}  // namespace hardock::dockerfile
