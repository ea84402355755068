// JsonStream: writes a JSON document straight into a string, in the layout nlohmann's
// dump(2) gives (two-space indent, `"key": value`, empty containers as {} and []). A report of
// thousands of findings is then written once, instead of first being built as a tree of
// small allocations and copied into it (which cost more than collecting the engine).
//
//   std::string out;
//   JsonStream json(out);
//   json.begin_object().field("schema", "hardock.report/2").key("findings").begin_array();
//   ...
//   json.end_array().end_object();
//
// Strings are escaped by nlohmann, invalid UTF-8 replaced with U+FFFD. Misuse (a value where a
// key is due, unbalanced ends) is a programming error and throws std::logic_error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hardock::report::detail {

class JsonStream {
 public:
  explicit JsonStream(std::string& out) : out_(out) {}

  JsonStream& begin_object();
  JsonStream& end_object();
  JsonStream& begin_array();
  JsonStream& end_array();
  JsonStream& key(std::string_view name);

  JsonStream& value(std::string_view text);
  JsonStream& value(const char* text) { return value(std::string_view(text)); }
  JsonStream& value(const std::string& text) { return value(std::string_view(text)); }
  JsonStream& value(int64_t number);
  JsonStream& value(int number) { return value(static_cast<int64_t>(number)); }
  JsonStream& value(size_t number);
  JsonStream& value(bool flag);
  JsonStream& null();
  // "" as null: an absent reference, which readers can tell from an empty one.
  JsonStream& optional(std::string_view text) { return text.empty() ? null() : value(text); }

  template <typename T>
  JsonStream& field(std::string_view name, const T& item) {
    key(name);
    return value(item);
  }

  // A stream writing into `out` as this one would continue inside its innermost array: the
  // first value takes a comma when `after_elements` (values were written before it). Chunks of
  // an array formatted on several threads, then appended in order, are the bytes one stream
  // would write; mark_filled() tells this stream that the array has elements.
  [[nodiscard]] JsonStream continued_in(std::string& out, bool after_elements) const;
  void mark_filled();

  // Members that repeat from one object to the next (a check's title, its remediation, its
  // references in each of its 137,000 findings) written once and then copied as bytes.
  // write_members(write) runs `write` (whole members: keys with their values) into the current
  // object as usual and returns the bytes it added; append_members(bytes) adds such bytes again.
  // The bytes are only valid for an object at the same depth whose emptiness is the same as when
  // they were written: the caller keys them by where it writes them.
  template <typename Write>
  std::string write_members(const Write& write) {
    const std::size_t depth = members_begin();
    const std::size_t from = out_.size();
    write(*this);
    members_end(depth);
    return out_.substr(from);
  }
  JsonStream& append_members(std::string_view bytes);

  // True once every container opened has been closed again.
  [[nodiscard]] bool complete() const { return stack_.empty() && started_; }

 private:
  struct Open {
    bool object = false;
    bool empty = true;
  };
  std::size_t members_begin() const;
  void members_end(std::size_t depth) const;
  void before_value();
  void open(char bracket, bool object);
  void close(char bracket, bool object);
  void newline_indent();
  void append_string(std::string_view text);

  std::string& out_;
  std::vector<Open> stack_;
  bool after_key_ = false;
  bool started_ = false;
};

}  // namespace hardock::report::detail
