#include "hardock/io/escape.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace hardock::io {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_continuation(unsigned char byte) { return (byte & 0xC0U) == 0x80U; }

// Length of the valid UTF-8 sequence starting at text[pos], or 0 when invalid
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::size_t sequence_length(std::string_view text, std::size_t pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  auto byte_at = [&](std::size_t offset) -> int {
    return pos + offset < text.size() ? static_cast<unsigned char>(text[pos + offset]) : -1;
  };
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    const int second = byte_at(1);
    return second >= 0x80 && second <= 0xBF ? 2 : 0;
  }
  if (lead >= 0xE0 && lead <= 0xEF) {
    const int second = byte_at(1);
    const int lo = lead == 0xE0 ? 0xA0 : 0x80;
    const int hi = lead == 0xED ? 0x9F : 0xBF;
    if (second < lo || second > hi) return 0;
    const int third = byte_at(2);
    return third >= 0x80 && third <= 0xBF ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    const int second = byte_at(1);
    const int lo = lead == 0xF0 ? 0x90 : 0x80;
    const int hi = lead == 0xF4 ? 0x8F : 0xBF;
    if (second < lo || second > hi) return 0;
    const int third = byte_at(2);
    const int fourth = byte_at(3);
    return third >= 0x80 && third <= 0xBF && fourth >= 0x80 && fourth <= 0xBF ? 4 : 0;
  }
  return 0;
}

// Calls fn(code_point, bytes) for each code point of `text`; an invalid sequence is passed as
// U+FFFD with the replacement's bytes.
template <class Fn>
void for_each_code_point(std::string_view text, Fn fn) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t length = sequence_length(text, pos);
    if (length == 0) {
      fn(char32_t{0xFFFD}, kReplacement);
      ++pos;
      continue;
    }
    const auto lead = static_cast<unsigned char>(text[pos]);
    char32_t code_point = lead;
    if (length == 2) code_point = lead & 0x1FU;
    if (length == 3) code_point = lead & 0x0FU;
    if (length == 4) code_point = lead & 0x07U;
    for (std::size_t i = 1; i < length; ++i) {
      code_point = (code_point << 6) | (static_cast<unsigned char>(text[pos + i]) & 0x3FU);
    }
    fn(code_point, text.substr(pos, length));
    pos += length;
  }
}

bool is_control(char32_t code_point) {
  return code_point < 0x20 || code_point == 0x7F || (code_point >= 0x80 && code_point <= 0x9F);
}

// Characters that reorder or hide the text around them when displayed.
bool is_bidi_control(char32_t code_point) {
  return (code_point >= 0x202A && code_point <= 0x202E) ||
         (code_point >= 0x2066 && code_point <= 0x2069) || code_point == 0x200E ||
         code_point == 0x200F || code_point == 0x061C;
}

std::string hex_byte(char32_t code_point) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "\\x%02X", static_cast<unsigned>(code_point));
  return buffer;
}

// "\uXXXX" for a code point of the Basic Multilingual Plane (YAML and JSON escapes).
std::string u4_escape(char32_t code_point) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "\\u%04X", static_cast<unsigned>(code_point & 0xFFFFU));
  return buffer;
}

std::string unicode_escape(char32_t code_point) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "\\u{%04X}", static_cast<unsigned>(code_point));
  return buffer;
}

}  // namespace

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_code_point(text, [&](char32_t, std::string_view bytes) { out.append(bytes); });
  return out;
}

bool printable_ascii_except(std::string_view text, char first, char second) {
  const char* const data = text.data();
  const std::size_t size = text.size();
#if defined(__SSE2__)
  // Sixteen bytes at a time: as signed bytes, printable ASCII is exactly 0x1F < b < 0x7F (bytes
  // from 0x80 are negative), then neither excluded byte.
  const __m128i low = _mm_set1_epi8(0x1f);
  const __m128i high = _mm_set1_epi8(0x7f);
  const __m128i one = _mm_set1_epi8(first);
  const __m128i two = _mm_set1_epi8(second);
  const auto block_ok = [&](const char* at) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    const __m128i printable = _mm_and_si128(_mm_cmpgt_epi8(v, low), _mm_cmplt_epi8(v, high));
    const __m128i excluded = _mm_or_si128(_mm_cmpeq_epi8(v, one), _mm_cmpeq_epi8(v, two));
    return _mm_movemask_epi8(_mm_andnot_si128(excluded, printable)) == 0xffff;
  };
  if (size >= 16) {
    for (std::size_t at = 0; at + 16 <= size; at += 16) {
      if (!block_ok(data + at)) return false;
    }
    // The last (partial) block again as the sixteen bytes that end the text: looking at some
    // bytes twice costs less than a byte-by-byte tail.
    return size % 16 == 0 || block_ok(data + size - 16);
  }
#endif
  // Eight bytes at a time: a byte is below 0x20 exactly when (v - 0x20..) & ~v & 0x80.. has its
  // high bit (for bytes under 0x80), and equals c when v ^ c.. has a zero byte; both tests are
  // exact about whether any byte of the word is one.
  constexpr std::uint64_t kOnes = 0x0101010101010101u;
  constexpr std::uint64_t kHigh = 0x8080808080808080u;
  const auto zero_byte = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  const auto spread = [](char c) { return kOnes * static_cast<unsigned char>(c); };
  const auto word_ok = [&](const char* at) {
    std::uint64_t v = 0;
    std::memcpy(&v, at, 8);
    const std::uint64_t bad = (v & kHigh) | ((v - kOnes * 0x20) & ~v & kHigh) |
                              zero_byte(v ^ (kOnes * 0x7f)) | zero_byte(v ^ spread(first)) |
                              zero_byte(v ^ spread(second));
    return bad == 0;
  };
  if (size >= 8) {
    std::size_t at = 0;
    for (; at + 8 <= size; at += 8) {
      if (!word_ok(data + at)) return false;
    }
    return at == size || word_ok(data + size - 8);  // the tail as the last eight bytes
  }
  return std::all_of(text.begin(), text.end(),
                     [&](char c) { return c >= 0x20 && c < 0x7f && c != first && c != second; });
}

bool printable_ascii(std::string_view text) {
  // NUL is no printable byte: excluding it excludes nothing more.
  return printable_ascii_except(text, '\0', '\0');
}

std::string terminal_safe(std::string_view text) {
  std::string out;
  append_terminal_safe(out, text);
  return out;
}

void append_terminal_safe(std::string& out, std::string_view text) {
  if (printable_ascii(text)) {
    out.append(text);
    return;
  }
  out.reserve(out.size() + text.size());
  for_each_code_point(text, [&](char32_t code_point, std::string_view bytes) {
    if (code_point == '\n' || code_point == '\t' || code_point == '\r') {
      out += ' ';
    } else if (is_control(code_point)) {
      out += hex_byte(code_point);
    } else if (is_bidi_control(code_point) || code_point == 0x2028 || code_point == 0x2029) {
      out += unicode_escape(code_point);
    } else {
      out.append(bytes);
    }
  });
}

std::string one_line(std::string_view text) { return terminal_safe(text); }

bool shell_representable(std::string_view text) {
  return text.find('\0') == std::string_view::npos;
}

std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for_each_code_point(text, [&](char32_t code_point, std::string_view bytes) {
    if (code_point == '\'') {
      out += "'\\''";
    } else if (code_point == 0) {
      out += kReplacement;
    } else {
      out.append(bytes);
    }
  });
  out += '\'';
  return out;
}

std::string yaml_quote(std::string_view text) {
  std::string out = "\"";
  for_each_code_point(text, [&](char32_t code_point, std::string_view bytes) {
    switch (code_point) {
      case '"':
        out += "\\\"";
        return;
      case '\\':
        out += "\\\\";
        return;
      case '\n':
        out += "\\n";
        return;
      case '\t':
        out += "\\t";
        return;
      case '\r':
        out += "\\r";
        return;
      case 0:
        out += "\\0";
        return;
      default:
        break;
    }
    if (is_control(code_point)) {
      out += hex_byte(code_point);
    } else if (is_bidi_control(code_point) || code_point == 0x2028 || code_point == 0x2029 ||
               code_point == 0xFEFF || code_point == 0xFFFE || code_point == 0xFFFF) {
      out += u4_escape(code_point);
    } else {
      out.append(bytes);
    }
  });
  out += '"';
  return out;
}

std::string json_quote(std::string_view text) {
  std::string out = "\"";
  for_each_code_point(text, [&](char32_t code_point, std::string_view bytes) {
    switch (code_point) {
      case '"':
        out += "\\\"";
        return;
      case '\\':
        out += "\\\\";
        return;
      case '\n':
        out += "\\n";
        return;
      case '\t':
        out += "\\t";
        return;
      case '\r':
        out += "\\r";
        return;
      case '\b':
        out += "\\b";
        return;
      case '\f':
        out += "\\f";
        return;
      default:
        break;
    }
    if (code_point < 0x20 || code_point == 0x2028 || code_point == 0x2029) {
      // U+2028/9 are valid JSON but end a line in JavaScript that embeds it.
      out += u4_escape(code_point);
    } else {
      out.append(bytes);
    }
  });
  out += '"';
  return out;
}

std::string xml_escape(std::string_view text, bool attribute) {
  std::string out;
  for_each_code_point(text, [&](char32_t code_point, std::string_view bytes) {
    switch (code_point) {
      case '&':
        out += "&amp;";
        return;
      case '<':
        out += "&lt;";
        return;
      case '>':
        out += "&gt;";
        return;
      case '"':
        out += "&quot;";
        return;
      case '\'':
        out += "&apos;";
        return;
      case '\r':
        out += "&#13;";
        return;  // a raw CR would be normalised away
      case '\n':
        out += attribute ? "&#10;" : "\n";
        return;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        return;
      default:
        break;
    }
    // XML 1.0 forbids the other C0 controls and U+FFFE/U+FFFF even as references.
    if (code_point < 0x20 || code_point == 0xFFFE || code_point == 0xFFFF) {
      out += kReplacement;
    } else {
      out.append(bytes);
    }
  });
  return out;
}

std::string html_escape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for_each_code_point(text, [&](char32_t code_point, std::string_view bytes) {
    switch (code_point) {
      case '&':
        out += "&amp;";
        return;
      case '<':
        out += "&lt;";
        return;
      case '>':
        out += "&gt;";
        return;
      case '"':
        out += "&quot;";
        return;
      case '\'':
        out += "&#39;";
        return;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        return;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        return;
      default:
        break;
    }
    if (is_control(code_point)) {
      out += hex_byte(code_point);  // CR included: HTML would fold it into a newline unseen
    } else if (is_bidi_control(code_point) || code_point == 0x2028 || code_point == 0x2029) {
      out += unicode_escape(code_point);
    } else if (code_point == 0xFFFE || code_point == 0xFFFF) {
      out += kReplacement;
    } else {
      out.append(bytes);
    }
  });
  return out;
}

std::string markdown_escape(std::string_view text) {
  static constexpr std::string_view kPunctuation = "\\`*_[]<>|~&";
  std::string out;
  for_each_code_point(text, [&](char32_t code_point, std::string_view bytes) {
    if (code_point == '\n') {
      out += "<br>";
    } else if (code_point == '\t') {
      out += ' ';
    } else if (is_control(code_point)) {
      // dropped: invisible in a rendered table and unsafe in a raw one
    } else if (is_bidi_control(code_point) || code_point == 0x2028 || code_point == 0x2029) {
      out += '\\';  // "\u{202E}" shown literally: a backslash-escaped backslash
      out += unicode_escape(code_point);
    } else if (code_point < 0x80 &&
               kPunctuation.find(static_cast<char>(code_point)) != std::string_view::npos) {
      out += '\\';
      out.append(bytes);
    } else {
      out.append(bytes);
    }
  });
  return out;
}

std::string markdown_code(std::string_view text) {
  const std::string body = terminal_safe(text);
  std::size_t longest = 0;
  std::size_t run = 0;
  for (char c : body) {
    run = c == '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const std::string fence(longest + 1, '`');
  // A space keeps a body that starts or ends with a backtick apart from the fence.
  const bool pad = !body.empty() && (body.front() == '`' || body.back() == '`');
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

std::string truncate(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && is_continuation(static_cast<unsigned char>(text[cut]))) --cut;
  return std::string(text.substr(0, cut)) + "... [" + std::to_string(text.size()) + " bytes]";
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (char c : text) {
    if (!is_continuation(static_cast<unsigned char>(c))) ++width;
  }
  return width;
}

}  // namespace hardock::io
