// Typed reads of the JSON an image carries (its config, manifests, indexes), shared by their
// parsers: an absent member reads as empty; one of the wrong type throws FieldError naming its
// path, which the parser turns into one error line. Internal to the image module.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace hardock::image::json_fields {

struct FieldError {
  std::string message;  // "config.User: expected a string"
};

inline const nlohmann::json& member(const nlohmann::json& object, const char* key) {
  static const nlohmann::json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

// A string member; `path` prefixes the key in the error ("config.").
inline std::string text(const nlohmann::json& object, const char* key, const std::string& path) {
  const nlohmann::json& value = member(object, key);
  if (value.is_null()) return {};
  if (!value.is_string()) throw FieldError{path + key + ": expected a string"};
  return value.get<std::string>();
}

// A list of strings; a lone string is a list of one (Cmd and Entrypoint may be either).
inline std::vector<std::string> texts(const nlohmann::json& object, const char* key,
                                      const std::string& path) {
  const nlohmann::json& value = member(object, key);
  std::vector<std::string> out;
  if (value.is_null()) return out;
  if (value.is_string()) return {value.get<std::string>()};
  if (!value.is_array()) throw FieldError{path + key + ": expected an array of strings"};
  for (const auto& item : value) {
    if (!item.is_string()) throw FieldError{path + key + ": expected an array of strings"};
    out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace hardock::image::json_fields
