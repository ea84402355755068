#include "hardock/report/json_stream.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace hardock::report::detail {

void JsonStream::newline_indent() {
  out_ += '\n';
  out_.append(stack_.size() * 2, ' ');
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

void JsonStream::append_string(std::string_view text) {
  // Most strings are plain printable ASCII and need no escaping; anything else goes through
  // nlohmann (escapes, and U+FFFD for invalid UTF-8), so the layout matches its dump exactly.
  const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (plain) {
    out_ += '"';
    out_ += text;
    out_ += '"';
    return;
  }
  out_ += nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

JsonStream& JsonStream::key(std::string_view name) {
  if (stack_.empty() || !stack_.back().object || after_key_) {
    throw std::logic_error("JsonStream: a key outside an object");
  }
  Open& open = stack_.back();
  if (!open.empty) out_ += ',';
  open.empty = false;
  newline_indent();
  append_string(name);
  out_ += ": ";
  after_key_ = true;
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
