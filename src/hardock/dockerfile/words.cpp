#include "hardock/dockerfile/words.h"

#include <array>

#include <nlohmann/json.hpp>

#include "hardock/dockerfile/ascii.h"

namespace hardock::dockerfile {

FlagSplit extract_flags(std::string_view text) {
  FlagSplit split;
  std::size_t pos = 0;
  for (;;) {
    while (pos < text.size() && is_space(text[pos])) ++pos;
    if (pos + 1 >= text.size() || text[pos] != '-' || text[pos + 1] != '-') break;
    const std::size_t start = pos;
    std::string word;
    bool blank_ok = false;
    char quote = 0;
    while (pos < text.size()) {
      // A run of bytes taken as they are (no quote, backslash, or blank outside quotes) is
      // appended at once; the bytes that end it go through the cases below.
      std::size_t end = pos;
      while (end < text.size() && text[end] != '\\' && text[end] != '\'' && text[end] != '"' &&
             (quote != 0 || !is_space(text[end]))) {
        ++end;
      }
      if (end != pos) {
        word.append(text.substr(pos, end - pos));
        pos = end;
        continue;
      }
      const char c = text[pos];
      if (quote == 0 && is_space(c)) break;
      if (quote == 0 && (c == '\'' || c == '"')) {
        quote = c;
        blank_ok = true;
        ++pos;
        continue;
      }
      if (quote != 0 && c == quote) {
        quote = 0;
        ++pos;
        continue;
      }
      if (c == '\\') {
        if (pos + 1 == text.size()) {
          ++pos;
          continue;
        }
        ++pos;
      }
      word += text[pos];
      ++pos;
    }
    if (word == "--") {
      split.args_offset = pos;
      while (split.args_offset < text.size() && is_space(text[split.args_offset])) {
        ++split.args_offset;
      }
      return split;
    }
    if (blank_ok || !word.empty()) {
      // The word starts with the "--" it was found by (quotes and escapes come later): drop it
      // in place rather than copy the rest.
      word.erase(0, 2);
      if (split.flags.empty()) split.flags.reserve(4);  // a few flags: one allocation
      split.flags.push_back({std::move(word), start});
    }
  }
  split.args_offset = pos;
  return split;
}

// Bytes that neither end a word (is_space) nor open a quote.
constexpr std::array<bool, 256> kOrdinary = bytes_except(" \t\n\v\f\r'\"");

std::vector<LexWord> parse_words(std::string_view text, char escape) {
  std::vector<LexWord> words;
  if (!text.empty()) words.reserve(8);  // ENV, LABEL, ARG: a few pairs, one allocation
  parse_words_into(text, escape, words);
  return words;
}

void parse_words_into(std::string_view text, char escape, std::vector<LexWord>& words) {
  // A word is its bytes as written (quotes and escapes kept), save an escape that ends the
  // text, which is dropped: each word is found first, then copied once.
  // kOrdinary without the escape character: one table test per byte in the loop below.
  std::array<bool, 256> ordinary = kOrdinary;
  ordinary[static_cast<unsigned char>(escape)] = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && is_space(text[pos])) ++pos;
    if (pos >= text.size()) break;
    const std::size_t start = pos;
    bool dropped = false;  // the escape at the end of the text
    char quote = 0;
    while (pos < text.size()) {
      const char c = text[pos];
      if (quote == 0 && ordinary[static_cast<unsigned char>(c)]) {
        ++pos;  // the bulk of every word, one table test
        continue;
      }
      if (quote == 0) {
        if (is_space(c)) break;
        if (c == '\'' || c == '"') quote = c;
      } else if (c == quote) {
        quote = 0;
        ++pos;
        continue;
      }
      if (c == escape && (quote == 0 || quote != '\'')) {
        if (pos + 1 == text.size()) {
          dropped = true;
          ++pos;
          continue;
        }
        ++pos;  // the escape, then the byte it escapes
      }
      ++pos;
    }
    const std::size_t end = dropped ? pos - 1 : pos;
    words.push_back({text.substr(start, end - start), start});
  }
}

std::vector<LexWord> split_whitespace(std::string_view text) {
  std::vector<LexWord> words;
  words.reserve(count_whitespace_words(text));  // allocated once
  each_whitespace_word(text, [&words](LexWord word) { words.push_back(word); });
  return words;
}

namespace json_detail {

void append_utf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

bool hex4(std::string_view text, std::size_t at, std::uint32_t& code) {
  if (at + 4 > text.size()) return false;
  code = 0;
  for (std::size_t k = at; k < at + 4; ++k) {
    const char c = text[k];
    code <<= 4;
    if (c >= '0' && c <= '9') {
      code |= static_cast<std::uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      code |= static_cast<std::uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      code |= static_cast<std::uint32_t>(c - 'A' + 10);
    } else {
      return false;
    }
  }
  return true;
}

// A JSON string at text[pos] == '"'; returns the offset after the closing quote, or npos.
std::size_t json_string(std::string_view text, std::size_t pos, std::string& out) {
  ++pos;
  while (pos < text.size()) {
    // A run of bytes that need no decoding is appended at once.
    std::size_t end = pos;
    while (end < text.size() && text[end] != '"' && text[end] != '\\' &&
           static_cast<unsigned char>(text[end]) >= 0x20) {
      ++end;
    }
    out.append(text.substr(pos, end - pos));
    pos = end;
    if (pos >= text.size()) break;
    const char c = text[pos];
    if (c == '"') return pos + 1;
    if (static_cast<unsigned char>(c) < 0x20) return std::string_view::npos;
    if (pos + 1 >= text.size()) return std::string_view::npos;
    const char e = text[pos + 1];
    pos += 2;
    switch (e) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        std::uint32_t code = 0;
        if (!hex4(text, pos, code)) return std::string_view::npos;
        pos += 4;
        if (code >= 0xD800 && code < 0xDC00) {
          std::uint32_t low = 0;
          if (pos + 1 < text.size() && text[pos] == '\\' && text[pos + 1] == 'u' &&
              hex4(text, pos + 2, low) && low >= 0xDC00 && low < 0xE000) {
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            pos += 6;
          } else {
            code = 0xFFFD;  // a lone surrogate, as Go decodes it
          }
        } else if (code >= 0xDC00 && code < 0xE000) {
          code = 0xFFFD;
        }
        append_utf8(out, code);
        break;
      }
      default:
        return std::string_view::npos;
    }
  }
  return std::string_view::npos;
}

}  // namespace json_detail

JsonArray parse_json_array(std::string_view text) {
  JsonArray array;
  std::size_t pos = 0;
  while (pos < text.size() && is_space(text[pos])) ++pos;
  if (pos >= text.size() || text[pos] != '[') return array;
  const std::size_t open = pos;
  auto skip_ws = [&] {
    while (pos < text.size() &&
           (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r')) {
      ++pos;
    }
  };
  ++pos;
  skip_ws();
  bool strings_only = true;
  if (pos < text.size() && text[pos] == ']') {
    ++pos;
  } else {
    array.elements.reserve(4);  // CMD, ENTRYPOINT, SHELL: a few elements, one allocation
    for (;;) {
      skip_ws();
      if (pos >= text.size() || text[pos] != '"') {
        strings_only = false;
        break;
      }
      JsonElement element{{}, pos};
      pos = json_detail::json_string(text, pos, element.text);
      if (pos == std::string_view::npos) return {};
      array.elements.push_back(std::move(element));
      skip_ws();
      if (pos < text.size() && text[pos] == ',') {
        ++pos;
        continue;
      }
      if (pos < text.size() && text[pos] == ']') {
        ++pos;
        break;
      }
      return {};
    }
  }
  if (!strings_only) {
    // Valid JSON with a non-string element is an error in BuildKit, anything else is the
    // shell form. nlohmann's parser is iterative (its own stack), so nesting is no risk.
    array.elements.clear();
    array.form =
        nlohmann::json::accept(text.substr(open)) ? JsonForm::kNotStrings : JsonForm::kNotJson;
    return array;
  }
  skip_ws();
  if (pos != text.size()) return {};
  array.form = JsonForm::kStrings;
  return array;
}

}  // namespace hardock::dockerfile
