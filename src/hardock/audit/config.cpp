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

bool is_date(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t index : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[index] < '0' || text[index] > '9') return false;
  }
  return true;
}

// "vulnerabilities": {"ignore_unfixed": true, "waivers": [{"id": "CVE-..", "package": "openssl",
// "until": "2027-01-31", "reason": "..."}]}: a waiver without a reason is refused.
core::Result<void> read_vulnerabilities(const json& section, const std::string& path,
                                        AuditConfig& config) {
  const std::string where = path + " vulnerabilities";
  if (auto ok = reject_unknown(section, {"ignore_unfixed", "waivers"}, where); !ok) return ok;
  config.ignore_unfixed = section.value("ignore_unfixed", config.ignore_unfixed);
  if (!section.contains("waivers")) return {};
  std::size_t index = 0;
  for (const json& item : section.at("waivers")) {
    const std::string at = where + " waivers[" + std::to_string(index++) + "]";
    if (auto ok = reject_unknown(item, {"id", "package", "until", "reason"}, at); !ok) return ok;
    AuditConfig::VulnerabilityWaiver waiver{item.value("id", ""), item.value("package", ""),
                                            item.value("until", ""), item.value("reason", "")};
    if (waiver.id.empty() || waiver.reason.empty()) {
      return core::fail(ErrorCode::kInvalidArgument,
                        "config " + at + ": id and reason are required");
    }
    if (!waiver.until.empty() && !is_date(waiver.until)) {
      return core::fail(ErrorCode::kInvalidArgument,
                        "config " + at + ": until must be a date YYYY-MM-DD");
    }
    config.vulnerability_waivers.push_back(std::move(waiver));
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
    if (auto ok = reject_unknown(
            document,
            {"sensitivity", "sprawl", "engine", "image", "secrets", "vulnerabilities", "store"},
            path);
        !ok) {
      return core::fail(ok.error());
    }
    // "store": where runs are recorded, a SQLite file or a postgresql:// URL (store/store.h).
    if (document.contains("store")) config.store = document.at("store").get<std::string>();
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
    if (document.contains("vulnerabilities")) {
      if (auto ok = read_vulnerabilities(document.at("vulnerabilities"), path, config); !ok) {
        return core::fail(ok.error());
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
