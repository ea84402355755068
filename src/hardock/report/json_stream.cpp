#include "hardock/report/json_stream.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "hardock/io/escape.h"

namespace hardock::report::detail {

void JsonStream::newline_indent() {
  // One append for the line break and the indent (the JSON of a lint run is 40 % indent).
  constexpr std::string_view kIndent =
      "\n                                                                ";
  const std::size_t width = 1 + stack_.size() * 2;
  if (width <= kIndent.size()) {
    out_.append(kIndent.data(), width);
  } else {
    out_ += '\n';
    out_.append(stack_.size() * 2, ' ');
  }
}

// Commas and line breaks between members, as nlohmann lays them out.
void JsonStream::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) {
    if (started_) throw std::logic_error("JsonStream: a second top-level value");
    started_ = true;
    return;
  }
  Open& open = stack_.back();
  if (open.object) throw std::logic_error("JsonStream: a value where a key is due");
  if (!open.empty) out_ += ',';
  open.empty = false;
  newline_indent();
}

namespace {

// Printable ASCII other than '"' and '\\': what JSON takes as it is (sixteen or eight bytes
// at a time: the scan was a tenth of a lint run byte by byte).
bool plain_ascii(std::string_view text) { return io::printable_ascii_except(text, '"', '\\'); }

}  // namespace

void JsonStream::append_string(std::string_view text) {
  // Most strings are plain printable ASCII and need no escaping. Other ASCII is escaped here as
  // nlohmann's dump escapes it; anything with a byte above 0x7F goes through nlohmann (U+FFFD for
  // invalid UTF-8), so the layout matches its dump exactly.
  if (plain_ascii(text)) {
    const std::size_t at = out_.size();
    out_.append(text.size() + 2, '"');
    text.copy(out_.data() + at + 1, text.size());
    return;
  }
  if (std::any_of(text.begin(), text.end(), [](char c) { return (c & 0x80) != 0; })) {
    out_ += nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out_ += '"';
  for (const char c : text) {
    switch (c) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\b':
        out_ += "\\b";
        break;
      case '\t':
        out_ += "\\t";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\f':
        out_ += "\\f";
        break;
      case '\r':
        out_ += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          constexpr std::string_view kHex = "0123456789abcdef";
          const auto byte = static_cast<unsigned char>(c);
          out_ += "\\u00";
          out_ += kHex[byte >> 4];
          out_ += kHex[byte & 0x0f];
        } else {
          out_ += c;  // DEL included, as nlohmann writes it
        }
    }
  }
  out_ += '"';
}

JsonStream& JsonStream::key(std::string_view name) {
  if (stack_.empty() || !stack_.back().object || after_key_) {
    throw std::logic_error("JsonStream: a key outside an object");
  }
  Open& open = stack_.back();
  const bool comma = !open.empty;
  open.empty = false;
  after_key_ = true;
  const std::size_t indent = stack_.size() * 2;
  // The usual key (plain, not too deep): `,\n  "name": ` made room for once and copied in, where
  // five appends each checked the room again (keys were a tenth of a lint's JSON report).
  // Put together on the stack and appended once: resize() filled the room with zeros first.
  constexpr std::size_t kMaxIndent = 64;
  constexpr std::size_t kMaxName = 64;
  if (indent <= kMaxIndent && name.size() <= kMaxName && plain_ascii(name)) {
    char line[2 + kMaxIndent + 1 + kMaxName + 3];
    char* to = line;
    if (comma) *to++ = ',';
    *to++ = '\n';
    std::memset(to, ' ', indent);
    to += indent;
    *to++ = '"';
    std::memcpy(to, name.data(), name.size());
    to += name.size();
    std::memcpy(to, "\": ", 3);
    to += 3;
    out_.append(line, static_cast<std::size_t>(to - line));
    return *this;
  }
  if (comma) out_ += ',';
  newline_indent();
  append_string(name);
  out_.append(": ", 2);
  return *this;
}

void JsonStream::open(char bracket, bool object) {
  before_value();
  out_ += bracket;
  stack_.push_back({.object = object});
}

void JsonStream::close(char bracket, bool object) {
  if (stack_.empty() || stack_.back().object != object || after_key_) {
    throw std::logic_error(std::string("JsonStream: '") + bracket + "' without its opening");
  }
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) newline_indent();
  out_ += bracket;
}

JsonStream JsonStream::continued_in(std::string& out, bool after_elements) const {
  if (stack_.empty() || stack_.back().object || after_key_) {
    throw std::logic_error("JsonStream: continued outside an array");
  }
  JsonStream chunk(out);
  chunk.stack_ = stack_;
  chunk.stack_.back().empty = !after_elements;
  chunk.started_ = true;
  return chunk;
}

void JsonStream::mark_filled() {
  if (stack_.empty() || stack_.back().object || after_key_) {
    throw std::logic_error("JsonStream: filled outside an array");
  }
  stack_.back().empty = false;
}

std::size_t JsonStream::members_begin() const {
  if (stack_.empty() || !stack_.back().object || after_key_) {
    throw std::logic_error("JsonStream: members outside an object");
  }
  return stack_.size();
}

void JsonStream::members_end(std::size_t depth) const {
  if (stack_.size() != depth || after_key_) {
    throw std::logic_error("JsonStream: members left a container or a key open");
  }
}

JsonStream& JsonStream::append_members(std::string_view bytes) {
  members_begin();
  out_.append(bytes);
  if (!bytes.empty()) stack_.back().empty = false;
  return *this;
}

JsonStream& JsonStream::begin_object() {
  open('{', true);
  return *this;
}

JsonStream& JsonStream::begin_array() {
  open('[', false);
  return *this;
}

JsonStream& JsonStream::end_object() {
  close('}', true);
  return *this;
}

JsonStream& JsonStream::end_array() {
  close(']', false);
  return *this;
}

JsonStream& JsonStream::value(std::string_view text) {
  before_value();
  append_string(text);
  return *this;
}

JsonStream& JsonStream::value(int64_t number) {
  before_value();
  out_ += std::to_string(number);
  return *this;
}

JsonStream& JsonStream::value(size_t number) {
  before_value();
  out_ += std::to_string(number);
  return *this;
}

JsonStream& JsonStream::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
  return *this;
}

JsonStream& JsonStream::null() {
  before_value();
  out_ += "null";
  return *this;
}

}  // namespace hardock::report::detail
