#include "hardock/image/image_config.h"

#include <nlohmann/json.hpp>

#include "hardock/image/json_fields.h"
#include "hardock/io/json_guard.h"

namespace hardock::image {
namespace {

using nlohmann::json;

using json_fields::FieldError;
using json_fields::member;
using json_fields::text;
using json_fields::texts;

}  // namespace

core::Result<ImageConfig> parse_image_config(std::string_view text_json) {
  if (auto nesting = io::json_nesting_error(text_json); !nesting.empty()) {
    return core::fail(core::ErrorCode::kMalformedInput, "image config: " + nesting);
  }
  const json document = json::parse(text_json, nullptr, false);
  if (document.is_discarded() || !document.is_object()) {
    return core::fail(core::ErrorCode::kMalformedInput, "image config: not a JSON object");
  }
  try {
    ImageConfig out;
    out.architecture = text(document, "architecture", "");
    out.os = text(document, "os", "");
    out.variant = text(document, "variant", "");
    out.created = text(document, "created", "");
    const json& config = member(document, "config");
    if (!config.is_null() && !config.is_object()) throw FieldError{"config: expected an object"};
    out.user = text(config, "User", "config.");
    out.env = texts(config, "Env", "config.");
    out.entrypoint = texts(config, "Entrypoint", "config.");
    out.cmd = texts(config, "Cmd", "config.");
    const json& ports = member(config, "ExposedPorts");
    if (ports.is_object()) {
      for (const auto& [port, ignored] : ports.items()) out.exposed_ports.push_back(port);
    } else if (!ports.is_null()) {
      throw FieldError{"config.ExposedPorts: expected an object"};
    }
    const json& labels = member(config, "Labels");
    if (labels.is_object()) {
      for (const auto& [key, value] : labels.items()) {
        if (!value.is_string()) throw FieldError{"config.Labels." + key + ": expected a string"};
        out.labels[key] = value.get<std::string>();
      }
    } else if (!labels.is_null()) {
      throw FieldError{"config.Labels: expected an object"};
    }
    const json& health = member(config, "Healthcheck");
    if (health.is_object()) out.healthcheck = texts(health, "Test", "config.Healthcheck.");
    out.diff_ids = texts(member(document, "rootfs"), "diff_ids", "rootfs.");
    const json& history = member(document, "history");
    if (history.is_array()) {
      for (const auto& step : history) {
        HistoryStep item;
        item.created = text(step, "created", "history[].");
        item.created_by = text(step, "created_by", "history[].");
        item.comment = text(step, "comment", "history[].");
        const json& empty = member(step, "empty_layer");
        item.empty_layer = empty.is_boolean() && empty.get<bool>();
        out.history.push_back(std::move(item));
      }
    } else if (!history.is_null()) {
      throw FieldError{"history: expected an array"};
    }
    return out;
  } catch (const FieldError& error) {
    return core::fail(core::ErrorCode::kMalformedInput, "image config: " + error.message);
  }
}

}  // namespace hardock::image
