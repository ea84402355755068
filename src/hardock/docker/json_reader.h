// JsonReader: typed, path-tracking access to the Engine API's JSON objects.
//
// Docker omits empty fields and uses null for "unset" freely, so a missing or null field reads as
// its zero value; a field of another type throws DecodeError naming its path ("HostConfig.Memory:
// expected an integer"), which the caller turns into a core::Error. Shared by the snapshot
// decoder and harden's RunSpec reader so both read inspect documents by the same rules.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hardock::docker {

struct DecodeError {
  std::string field;
  std::string message;
};

// nlohmann's what() without its "[json.exception.out_of_range.406] " tag.
inline std::string json_error_text(const nlohmann::json::exception& error) {
  std::string text = error.what();
  if (text.rfind("[json.exception.", 0) == 0) {
    if (auto end = text.find("] "); end != std::string::npos) text.erase(0, end + 2);
  }
  return text;
}

inline const nlohmann::json& null_json() {
  static const nlohmann::json kNull;
  return kNull;
}

// Typed, path-tracking access to one JSON object.
class JsonReader {
 public:
  JsonReader(const nlohmann::json& value, std::string path)
      : value_(value), path_(std::move(path)) {
    if (!value_.is_null() && !value_.is_object()) throw DecodeError{path_, "expected an object"};
  }

  [[nodiscard]] const nlohmann::json& raw(const char* key) const {
    if (!value_.is_object()) return null_json();
    auto it = value_.find(key);
    return it == value_.end() ? null_json() : *it;
  }
  [[nodiscard]] std::string field(const char* key) const {
    return path_.empty() ? std::string(key) : path_ + "." + key;
  }
  [[nodiscard]] bool has(const char* key) const { return !raw(key).is_null(); }

  [[nodiscard]] std::string str(const char* key) const {
    const nlohmann::json& item = raw(key);
    if (item.is_null()) return {};
    if (!item.is_string()) throw DecodeError{field(key), "expected a string"};
    return item.get<std::string>();
  }
  [[nodiscard]] bool boolean(const char* key) const {
    const nlohmann::json& item = raw(key);
    if (item.is_null()) return false;
    if (!item.is_boolean()) throw DecodeError{field(key), "expected a boolean"};
    return item.get<bool>();
  }
  [[nodiscard]] std::optional<bool> optional_boolean(const char* key) const {
    if (!has(key)) return std::nullopt;
    return boolean(key);
  }
  [[nodiscard]] int64_t integer(const char* key) const {
    const nlohmann::json& item = raw(key);
    if (item.is_null()) return 0;
    if (item.is_number_integer()) return item.get<int64_t>();
    if (item.is_number_unsigned()) {
      auto value = item.get<uint64_t>();
      return value > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(value);
    }
    throw DecodeError{field(key), "expected an integer"};
  }
  [[nodiscard]] std::optional<int64_t> optional_integer(const char* key) const {
    if (!has(key)) return std::nullopt;
    return integer(key);
  }
  [[nodiscard]] std::vector<std::string> strings(const char* key) const {
    const nlohmann::json& item = raw(key);
    std::vector<std::string> out;
    if (item.is_null()) return out;
    if (!item.is_array()) throw DecodeError{field(key), "expected an array of strings"};
    for (const auto& element : item) {
      if (!element.is_string()) throw DecodeError{field(key), "expected an array of strings"};
      out.push_back(element.get<std::string>());
    }
    return out;
  }
  // Docker encodes sets as {"80/tcp": {}}: returns the keys.
  [[nodiscard]] std::vector<std::string> keys(const char* key) const {
    const nlohmann::json& item = raw(key);
    std::vector<std::string> out;
    if (item.is_null()) return out;
    if (!item.is_object()) throw DecodeError{field(key), "expected an object"};
    for (const auto& [name, unused] : item.items()) out.push_back(name);
    return out;
  }
  [[nodiscard]] std::map<std::string, std::string> string_map(const char* key) const {
    const nlohmann::json& item = raw(key);
    std::map<std::string, std::string> out;
    if (item.is_null()) return out;
    if (!item.is_object()) throw DecodeError{field(key), "expected an object of strings"};
    for (const auto& [name, value] : item.items()) {
      if (!value.is_string()) throw DecodeError{field(key) + "." + name, "expected a string"};
      out.emplace(name, value.get<std::string>());
    }
    return out;
  }
  [[nodiscard]] JsonReader object(const char* key) const {
    return JsonReader(raw(key), field(key));
  }
  // Calls fn(JsonReader) for each element of an array of objects.
  template <class Fn>
  void each(const char* key, Fn&& fn) const {
    const nlohmann::json& item = raw(key);
    if (item.is_null()) return;
    if (!item.is_array()) throw DecodeError{field(key), "expected an array"};
    for (size_t index = 0; index < item.size(); ++index) {
      fn(JsonReader(item[index], field(key) + "[" + std::to_string(index) + "]"));
    }
  }
  // Calls fn(name, JsonReader) for each member of an object of objects.
  template <class Fn>
  void each_member(const char* key, Fn&& fn) const {
    const nlohmann::json& item = raw(key);
    if (item.is_null()) return;
    if (!item.is_object()) throw DecodeError{field(key), "expected an object"};
    for (const auto& [name, value] : item.items())
      fn(name, JsonReader(value, field(key) + "." + name));
  }
  [[nodiscard]] const nlohmann::json& value() const { return value_; }
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  const nlohmann::json& value_;
  std::string path_;
};

}  // namespace hardock::docker
