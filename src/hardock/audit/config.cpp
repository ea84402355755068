#include "hardock/audit/config.h"

#include <nlohmann/json.hpp>
#include <set>

#include "hardock/io/bounded_read.h"
#include "hardock/io/json_guard.h"

namespace hardock::audit {

using core::ErrorCode;
using nlohmann::json;

int AuditConfig::level_index(const std::string& level) const {
  for (size_t index = 0; index < sensitivity_levels.size(); ++index) {
    if (sensitivity_levels[index] == level) return static_cast<int>(index);
  }
  return -1;
}

namespace {

core::Result<void> reject_unknown(const json& object, const std::set<std::string>& known,
                                  const std::string& where) {
  for (const auto& [key, unused] : object.items()) {
    if (!known.contains(key)) {
      return core::fail(ErrorCode::kInvalidArgument, "unknown key '" + key + "' in " + where);
    }
  }
  return {};
}

}  // namespace

core::Result<AuditConfig> load_audit_config(const std::string& path) {
  // A policy file: a regular file of at most io::kMaxConfigFileBytes, never a FIFO or a device.
  auto text = io::read_regular_file(path, io::kMaxConfigFileBytes);
  if (!text) {
    core::Error error = text.error().to_error();
    error.message = "config " + path + ": cannot open: " + text.error().reason;
    return core::fail(std::move(error));
  }
  if (const std::string nesting = io::json_nesting_error(*text); !nesting.empty()) {
    return core::fail(ErrorCode::kMalformedInput, "config " + path + ": " + nesting);
  }
  json document;
  try {
    document = json::parse(*text);
  } catch (const json::parse_error& error) {
    return core::fail(ErrorCode::kMalformedInput,
                      "config " + path + ": invalid JSON at byte " + std::to_string(error.byte));
  } catch (const json::exception& error) {
    return core::fail(ErrorCode::kMalformedInput, "config " + path + ": " + error.what());
  }
  AuditConfig config;
  try {
    if (!document.is_object()) {
      return core::fail(ErrorCode::kMalformedInput, "config " + path + ": expected an object");
    }
    if (auto ok =
            reject_unknown(document, {"sensitivity", "sprawl", "engine", "image", "secrets"}, path);
        !ok) {
      return core::fail(ok.error());
    }
    if (document.contains("sensitivity")) {
      const json& section = document.at("sensitivity");
      if (auto ok = reject_unknown(section, {"label", "levels"}, path + " sensitivity"); !ok) {
        return core::fail(ok.error());
      }
      if (section.contains("label"))
        config.sensitivity_label = section.at("label").get<std::string>();
      if (section.contains("levels")) {
        config.sensitivity_levels = section.at("levels").get<std::vector<std::string>>();
        if (config.sensitivity_levels.empty()) {
          return core::fail(ErrorCode::kInvalidArgument,
                            "config " + path + ": sensitivity.levels must not be empty");
        }
      }
    }
    if (document.contains("sprawl")) {
      const json& section = document.at("sprawl");
      if (auto ok = reject_unknown(
              section, {"max_unused_images", "max_stopped_containers", "max_stopped_ratio"},
              path + " sprawl");
          !ok) {
        return core::fail(ok.error());
      }
      config.max_unused_images = section.value("max_unused_images", config.max_unused_images);
      config.max_stopped_containers =
          section.value("max_stopped_containers", config.max_stopped_containers);
      config.max_stopped_ratio = section.value("max_stopped_ratio", config.max_stopped_ratio);
    }
    if (document.contains("image")) {
      const json& section = document.at("image");
      if (auto ok =
              reject_unknown(section, {"max_age_days", "trusted_registries"}, path + " image");
          !ok) {
        return core::fail(ok.error());
      }
      config.max_image_age_days = section.value("max_age_days", config.max_image_age_days);
      if (section.contains("trusted_registries")) {
        config.trusted_registries =
            section.at("trusted_registries").get<std::vector<std::string>>();
      }
    }
    if (document.contains("secrets")) {
      const json& section = document.at("secrets");
      if (auto ok = reject_unknown(section, {"accept"}, path + " secrets"); !ok) {
        return core::fail(ok.error());
      }
      if (section.contains("accept")) {
        config.accepted_secret_keys = section.at("accept").get<std::vector<std::string>>();
      }
    }
    if (document.contains("engine")) {
      const json& section = document.at("engine");
      if (auto ok = reject_unknown(section, {"max_age_months"}, path + " engine"); !ok) {
        return core::fail(ok.error());
      }
      config.max_engine_age_months = section.value("max_age_months", config.max_engine_age_months);
    }
  } catch (const json::exception& error) {
    return core::fail(ErrorCode::kMalformedInput, "config " + path + ": " + error.what());
  }
  return config;
}

}  // namespace hardock::audit
