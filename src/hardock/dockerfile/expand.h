// BuildKit's word processing for the instructions it expands (ADD COPY ENV EXPOSE FROM LABEL
// STOPSIGNAL USER VOLUME WORKDIR, ARG defaults, some flags): quotes removed, the escape
// character applied, $VAR ${VAR} ${VAR:-x} ${VAR-x} ${VAR:+x} ${VAR+x} ${VAR:?x} ${VAR?x}
// ${VAR#p} ${VAR##p} ${VAR%p} ${VAR%%p} ${VAR/p/r} ${VAR//p/r} expanded. Iterative: nesting
// such as ${A:-${B:-c}} uses an explicit stack bounded by kMaxExpansionDepth.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hardock::dockerfile {

inline constexpr std::size_t kMaxExpansionDepth = 64;

// Variables in scope. A name mapped to nullopt is declared but its value is unknown (an ARG
// without default, a platform argument): it expands to "" and makes the result incomplete.
// Names and values are views: of the parsed file's words (which outlive the scopes built from
// them) or of literals; nothing is copied. A flat list searched in order (a stage has a handful
// of variables: no node per name to allocate and free, a copy is one allocation), indexed by a
// map once it holds many, so that a file declaring thousands stays linear.
class Env {
 public:
  using Value = std::optional<std::string_view>;
  using Entry = std::pair<std::string_view, Value>;

  Env() = default;
  Env(std::initializer_list<Entry> entries) {
    for (const auto& [name, value] : entries) insert_or_assign(name, value);
  }

  // The value of `name`; null when it is not declared.
  [[nodiscard]] const Value* find(std::string_view name) const {
    const std::size_t at = position(name);
    return at == kNone ? nullptr : &entries_[at].second;
  }

  void insert_or_assign(std::string_view name, Value value) {
    if (const std::size_t at = position(name); at != kNone) {
      entries_[at].second = value;
      return;
    }
    // Room for a stage's usual handful at once, rather than growing through 1, 2, 4 and 8.
    if (entries_.capacity() == 0) entries_.reserve(8);
    entries_.emplace_back(name, value);
    if (!index_.empty()) {
      index_.emplace(entries_.back().first, entries_.size() - 1);
    } else if (entries_.size() > kLinear) {
      for (std::size_t k = 0; k < entries_.size(); ++k) index_.emplace(entries_[k].first, k);
    }
  }

  void reserve(std::size_t count) { entries_.reserve(count); }
  void clear() {
    entries_.clear();
    index_.clear();
  }
  [[nodiscard]] std::size_t size() const { return entries_.size(); }

 private:
  static constexpr std::size_t kLinear = 32;
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  [[nodiscard]] std::size_t position(std::string_view name) const {
    if (!index_.empty()) {
      const auto found = index_.find(name);
      return found == index_.end() ? kNone : found->second;
    }
    for (std::size_t k = 0; k < entries_.size(); ++k) {
      if (entries_[k].first == name) return k;
    }
    return kNone;
  }

  std::vector<Entry> entries_;                     // in declaration order
  std::map<std::string_view, std::size_t> index_;  // name -> entry, past kLinear
};

struct Expanded {
  std::string value;
  bool complete = true;  // no unknown variable was used
  std::string error;     // non-empty: the word is malformed (unterminated quote, bad modifier)
  std::size_t error_offset = 0;
};

// Processes `word` as one word (BuildKit's ProcessWord): whitespace is kept.
[[nodiscard]] Expanded expand_word(std::string_view word, const Env& env, char escape);

}  // namespace hardock::dockerfile
