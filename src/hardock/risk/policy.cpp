#include "hardock/risk/policy.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "hardock/io/bounded_read.h"
#include "hardock/io/escape.h"

namespace hardock::risk {
namespace {

using core::ErrorCode;

constexpr std::size_t kMaxPolicyBytes = 256 * 1024;
// yaml-cpp parses flow collections recursively: deeper input is refused before it parses.
constexpr int kMaxFlowDepth = 32;
constexpr std::size_t kMaxWaivers = 10000;

core::Result<void> error_at(const std::string& name, const YAML::Node& node,
                            const std::string& message) {
  return core::fail(ErrorCode::kInvalidArgument,
                    name + ":" + std::to_string(node.Mark().line + 1) + ": " + message);
}

core::Result<double> weight(const std::string& name, const YAML::Node& node,
                            const std::string& key) {
  if (node.IsScalar()) {
    try {
      const double value = node.as<double>();
      if (std::isfinite(value) && value >= 0 && value <= 1e6) return value;
    } catch (const YAML::Exception&) {
      // reported below
    }
  }
  return core::fail(
      error_at(name, node, "risk " + key + ": expected a number from 0 to 1000000").error());
}

std::string scalar(const YAML::Node& node) { return node.IsScalar() ? node.Scalar() : ""; }

core::Result<void> read_risk(const std::string& name, const YAML::Node& section,
                             RiskPolicy& policy) {
  if (!section.IsMap()) return error_at(name, section, "risk: expected a mapping");
  for (const auto& entry : section) {
    const std::string key = scalar(entry.first);
    const YAML::Node& value = entry.second;
    if (key == "impact") {
      if (!value.IsMap()) return error_at(name, value, "risk impact: expected level: weight");
      for (const auto& level : value) {
        const std::string level_name = scalar(level.first);
        if (level_name.empty()) return error_at(name, level.first, "risk impact: a level name");
        auto got = weight(name, level.second, "impact " + io::one_line(level_name));
        if (!got) return core::fail(got.error());
        policy.impact[level_name] = *got;
      }
    } else if (key == "unlabelled") {
      auto got = weight(name, value, key);
      if (!got) return core::fail(got.error());
      policy.unlabelled = *got;
    } else if (key == "severity") {
      if (!value.IsMap()) return error_at(name, value, "risk severity: expected severity: weight");
      for (const auto& item : value) {
        const auto severity = core::parse_severity(scalar(item.first));
        if (!severity) {
          return error_at(name, item.first,
                          "risk severity: " + io::one_line(io::truncate(scalar(item.first), 64)) +
                              " is not critical, high, medium, low or info");
        }
        auto got = weight(name, item.second, "severity");
        if (!got) return core::fail(got.error());
        policy.severity[*severity] = *got;
      }
    } else if (key == "exposure") {
      if (!value.IsMap()) return error_at(name, value, "risk exposure: expected factor: weight");
      for (const auto& item : value) {
        const std::string factor = scalar(item.first);
        double* slot = factor == "all_interfaces" ? &policy.all_interfaces
                       : factor == "public_zone"  ? &policy.public_zone
                       : factor == "privileged"   ? &policy.privileged
                       : factor == "engine_api"   ? &policy.engine_api
                                                  : nullptr;
        if (slot == nullptr) {
          return error_at(name, item.first,
                          "risk exposure: unknown factor " +
                              io::one_line(io::truncate(factor, 64)) +
                              " (all_interfaces, public_zone, privileged, engine_api)");
        }
        auto got = weight(name, item.second, "exposure " + factor);
        if (!got) return core::fail(got.error());
        *slot = *got;
      }
    } else if (key == "public_levels") {
      if (!value.IsSequence()) return error_at(name, value, "risk public_levels: expected a list");
      policy.public_levels.clear();
      for (const auto& item : value) {
        if (!item.IsScalar()) return error_at(name, item, "risk public_levels: level names");
        policy.public_levels.push_back(item.Scalar());
      }
    } else {
      return error_at(name, entry.first,
                      "risk: unknown key " + io::one_line(io::truncate(key, 64)) +
                          " (impact, unlabelled, severity, exposure, public_levels)");
    }
  }
  return {};
}

core::Result<void> read_waivers(const std::string& name, const YAML::Node& section,
                                std::vector<audit::Waiver>& waivers) {
  if (!section.IsSequence()) return error_at(name, section, "waivers: expected a list");
  if (section.size() > kMaxWaivers) return error_at(name, section, "waivers: more than 10000");
  for (const auto& item : section) {
    if (!item.IsMap()) return error_at(name, item, "waivers: each waiver is a mapping");
    const std::string where = name + ":" + std::to_string(item.Mark().line + 1);
    audit::Waiver waiver;
    waiver.source = where;
    for (const auto& field : item) {
      const std::string key = scalar(field.first);
      const YAML::Node& value = field.second;
      if (!value.IsScalar()) {
        return error_at(
            name, value,
            "waiver " + io::one_line(io::truncate(key, 64)) + ": expected a single value");
      }
      const std::string text = value.Scalar();
      if (key == "check") {
        waiver.check = text;
      } else if (key == "target") {
        waiver.target = text;
      } else if (key == "reason") {
        waiver.reason = text;
      } else if (key == "owner") {
        waiver.owner = text;
      } else if (key == "until") {
        waiver.until = text;
      } else if (key == "vulnerability") {
        waiver.vulnerability = text;
      } else if (key == "package") {
        waiver.package = text;
      } else if (key == "allow_critical") {
        if (text != "true" && text != "false") {
          return error_at(name, value, "waiver allow_critical: expected true or false");
        }
        waiver.allow_critical = text == "true";
      } else {
        return error_at(name, field.first,
                        "waiver: unknown key " + io::one_line(io::truncate(key, 64)) +
                            " (check, target, reason, owner, until, allow_critical, "
                            "vulnerability, package)");
      }
    }
    if (auto ok = audit::validate_waiver(waiver, where + ": waiver"); !ok) return ok;
    waivers.push_back(std::move(waiver));
  }
  return {};
}

}  // namespace

core::Result<PolicyFile> parse_policy(std::string_view text, const std::string& name) {
  int depth = 0;
  for (const char c : text) {
    if (c == '[' || c == '{') ++depth;
    if (c == ']' || c == '}') depth = std::max(0, depth - 1);
    if (depth > kMaxFlowDepth) {
      return core::fail(ErrorCode::kMalformedInput,
                        name + ": nested deeper than " + std::to_string(kMaxFlowDepth));
    }
  }
  PolicyFile policy;
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    if (root.IsNull()) return policy;
    if (!root.IsMap()) return core::fail(ErrorCode::kMalformedInput, name + ": not a YAML mapping");
    for (const auto& entry : root) {
      const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
      if (key == "risk") {
        if (auto ok = read_risk(name, entry.second, policy.risk); !ok)
          return core::fail(ok.error());
      } else if (key == "waivers") {
        if (auto ok = read_waivers(name, entry.second, policy.waivers); !ok) {
          return core::fail(ok.error());
        }
      }
    }
  } catch (const YAML::Exception& error) {
    return core::fail(ErrorCode::kMalformedInput, name + ":" + std::to_string(error.mark.line + 1) +
                                                      ": " + io::one_line(error.msg));
  }
  return policy;
}

core::Result<PolicyFile> load_policy_file(const std::string& path) {
  auto text = io::read_regular_file(path, kMaxPolicyBytes);
  if (!text) return core::fail(text.error().to_error());
  return parse_policy(*text, path);
}

std::string default_policy_path() {
  for (const char* name : {".hardock.yaml", ".hardock.yml"}) {
    std::error_code error;
    if (std::filesystem::exists(name, error)) return name;
  }
  return "";
}

}  // namespace hardock::risk
