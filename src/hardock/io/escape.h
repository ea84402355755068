// One escaping function per output language. Every string that came from an engine, an image,
// a host tree or a file goes through one of these before it lands in a terminal, a shell
// script, YAML, JSON, XML or Markdown. Each takes any bytes (invalid UTF-8 included) and
// returns text that the target language reads back as data, never as code or markup.
//
// Shared rules: invalid UTF-8 becomes U+FFFD; Unicode bidirectional controls (U+202A-U+202E,
// U+2066-U+2069, U+200E, U+200F, U+061C), which can make text read differently from what it
// is, are shown as "\u{XXXX}" wherever text is shown to a human (terminal, comments, Markdown).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hardock::io {

// Replaces invalid UTF-8 sequences (overlong forms, surrogates, > U+10FFFF) with U+FFFD.
std::string valid_utf8(std::string_view text);

// True when every byte of `text` is printable ASCII (0x20-0x7E), which every escaping function
// below but the quoting ones returns unchanged. Sixteen or eight bytes at a time.
bool printable_ascii(std::string_view text);
// The same, with two more bytes refused (JSON's '"' and '\\': what a JSON string takes as it is).
bool printable_ascii_except(std::string_view text, char first, char second);

// For a terminal, on one line: control characters (C0, DEL, C1: ANSI and OSC escapes
// included) shown as "\xNN", bidi controls as "\u{XXXX}", newlines and tabs as spaces.
std::string terminal_safe(std::string_view text);
// terminal_safe(text) appended to `out`, without a string of its own when nothing needs changing.
void append_terminal_safe(std::string& out, std::string_view text);

// A single-quoted POSIX shell word that the shell reads back as exactly `text`:
// 'it'\''s'. Shell words cannot hold NUL: check shell_representable() first (a NUL
// here becomes U+FFFD, which is never what was meant).
std::string shell_quote(std::string_view text);
// False when `text` holds a NUL byte, which no argv or environment string can carry.
bool shell_representable(std::string_view text);

// Text for a shell comment ("# " + this) or any other one-line human note inside a generated
// script or config: what terminal_safe() gives, so a newline can never end the comment and
// start a command.
std::string one_line(std::string_view text);

// A double-quoted YAML 1.2 scalar (quotes included) that every YAML parser reads back as
// `text`: backslash escapes for '"', '\\', control characters, bidi controls and
// non-characters; line breaks (U+0085, U+2028, U+2029 included) escaped.
std::string yaml_quote(std::string_view text);

// A JSON string literal (quotes included): '"', '\\' and control characters escaped, invalid
// UTF-8 replaced, so the output is valid JSON whatever the input.
std::string json_quote(std::string_view text);

// XML character data or attribute value: escapes & < > " ', replaces characters XML 1.0
// forbids with U+FFFD, keeps newlines in text and encodes them in attributes.
std::string xml_escape(std::string_view text, bool attribute);

// HTML text or a double-quoted attribute value, for a human reader: escapes & < > " ', shows
// control characters (C0 but newline and tab, DEL, C1) as "\xNN", bidi controls and U+2028/9
// as "\u{XXXX}", non-characters U+FFFE/U+FFFF as U+FFFD; keeps newlines and tabs in text and
// encodes them in attributes. The result is valid UTF-8 and never opens markup.
std::string html_escape(std::string_view text, bool attribute);

// Markdown inline text or one table cell: backslash-escapes Markdown punctuation (| included),
// newlines become <br>, other control characters are dropped, bidi controls shown.
std::string markdown_escape(std::string_view text);
// Markdown inline code: `text` in a backtick fence longer than any run of backticks inside,
// on one line (control characters as in terminal_safe()).
std::string markdown_code(std::string_view text);

// At most `max_bytes` bytes of `text`, cut on a UTF-8 boundary, followed by
// "... [N bytes]" naming the full length when something was cut. Reports use it so that a
// 20 MB container name stays a short line.
std::string truncate(std::string_view text, std::size_t max_bytes);

// Columns a UTF-8 string takes (code points; no East Asian width).
std::size_t display_width(std::string_view text);

}  // namespace hardock::io
