// The lexing steps of BuildKit's Dockerfile parser that come before expansion: builder flags,
// quote-aware words (parseWords), whitespace-delimited words and the exec-form JSON array.
// Offsets are into the text given. All linear, none recursive.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/dockerfile/ascii.h"

namespace hardock::dockerfile {

// A word as written: a view of the text given to the function that found it, valid while that
// text is (the caller's Instruction::line): callers copy what they keep.
struct LexWord {
  std::string_view text;
  std::size_t offset = 0;  // of the word's first byte in the input
};

// A decoded element of a JSON array (escapes processed, so it owns its bytes).
struct JsonElement {
  std::string text;
  std::size_t offset = 0;  // of its opening quote in the input
};

struct RawFlag {
  std::string word;  // "name=value" with quotes and backslashes processed, without "--"
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
// parse_words() appending to `words`.
void parse_words_into(std::string_view text, char escape, std::vector<LexWord>& words);

// Words separated by runs of space, tab, \v, \f, \r (FROM, EXPOSE, shell-form ADD/COPY/VOLUME).
[[nodiscard]] std::vector<LexWord> split_whitespace(std::string_view text);

inline constexpr std::array<bool, 256> kWhitespaceSeparator = bytes_of(" \t\v\f\r");
inline constexpr std::array<bool, 256> kSpace = bytes_of(" \t\n\v\f\r");

[[nodiscard]] inline bool whitespace_separator(char c) {
  return kWhitespaceSeparator[static_cast<unsigned char>(c)];
}

// split_whitespace() without the vector: `each(word)` for every word, in order.
template <class F>
void each_whitespace_word(std::string_view text, F&& each) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && whitespace_separator(text[pos])) ++pos;
    if (pos >= text.size()) break;
    const std::size_t start = pos;
    while (pos < text.size() && !whitespace_separator(text[pos])) ++pos;
    each(LexWord{text.substr(start, pos - start), start});
  }
}

// How many words split_whitespace() finds.
[[nodiscard]] inline std::size_t count_whitespace_words(std::string_view text) {
  std::size_t count = 0;
  bool in_word = false;
  for (const char c : text) {
    const bool sep = whitespace_separator(c);
    if (!sep && !in_word) ++count;
    in_word = !sep;
  }
  return count;
}

enum class JsonForm { kNotJson, kStrings, kNotStrings };

struct JsonArray {
  JsonForm form = JsonForm::kNotJson;
  std::vector<JsonElement> elements;  // decoded strings; offset of each opening quote
};

// The exec form: a JSON array of strings (leading whitespace allowed, nothing after ']').
// kNotStrings: valid JSON but an element is not a string (an error in BuildKit); kNotJson:
// anything else, which BuildKit reads as the shell form.
[[nodiscard]] JsonArray parse_json_array(std::string_view text);

// Go's unicode.IsSpace on one byte (inline: the line layer tests most bytes of a file with it).
[[nodiscard]] inline bool is_space(char c) { return kSpace[static_cast<unsigned char>(c)]; }

}  // namespace hardock::dockerfile
