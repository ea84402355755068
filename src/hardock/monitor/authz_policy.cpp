// The `authz:` section of a policy file:
//
//   authz:
//     mode: enforce                 # or audit: allow everything, log what would be refused
//     severity: {critical: deny, high: deny, medium: log, low: log, info: allow}
//     checks: {HDK-C-024: deny, "CIS 5.23": deny, privileged-container: log}
//     exceptions:
//       - {name: "ci-*", label: "team=infra", checks: [HDK-C-004], reason: "build runners"}
//     trusted_registries: [registry.example:5000]
//     allow_plugin_install: false
//     sensitivity: {label: hardock.sensitivity, levels: [public, internal, restricted]}
#include <yaml-cpp/yaml.h>

#include "hardock/audit/registry.h"
#include "hardock/io/escape.h"
#include "hardock/io/yaml_guard.h"
#include "hardock/monitor/authz.h"

namespace hardock::monitor {
namespace authz_policy_detail {

using core::ErrorCode;

constexpr std::size_t kMaxPolicyBytes = 256 * 1024;

struct Reader {
  std::string name;

  [[nodiscard]] core::Error error(const YAML::Node& node, std::string_view key,
                                  std::string_view what) const {
    core::Error out;
    out.code = ErrorCode::kMalformedInput;
    out.message = name + ":" + std::to_string(node.Mark().line + 1) + ": authz." +
                  std::string(key) + ": " + std::string(what);
    return out;
  }

  [[nodiscard]] core::Result<AuthzAction> action(const YAML::Node& node,
                                                 std::string_view key) const {
    if (node.IsScalar()) {
      const std::string& text = node.Scalar();
      if (text == "deny") return AuthzAction::kDeny;
      if (text == "log") return AuthzAction::kLog;
      if (text == "allow") return AuthzAction::kAllow;
    }
    return core::fail(error(node, key, "expected deny, log or allow"));
  }

  [[nodiscard]] core::Result<std::vector<std::string>> strings(const YAML::Node& node,
                                                               std::string_view key) const {
    std::vector<std::string> out;
    if (!node.IsSequence()) return core::fail(error(node, key, "expected a list"));
    for (const auto& item : node) {
      if (!item.IsScalar()) return core::fail(error(item, key, "expected a list of strings"));
      out.push_back(item.Scalar());
    }
    return out;
  }

  [[nodiscard]] core::Result<std::string> scalar(const YAML::Node& node,
                                                 std::string_view key) const {
    if (!node.IsScalar()) return core::fail(error(node, key, "expected a string"));
    return node.Scalar();
  }
};

core::Result<void> read_severities(const Reader& reader, const YAML::Node& node,
                                   AuthzPolicy& policy) {
  if (!node.IsMap()) return core::fail(reader.error(node, "severity", "expected a mapping"));
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    auto action = reader.action(entry.second, "severity." + key);
    if (!action) return core::fail(action.error());
    if (key == "critical") {
      policy.critical = *action;
    } else if (key == "high") {
      policy.high = *action;
    } else if (key == "medium") {
      policy.medium = *action;
    } else if (key == "low") {
      policy.low = *action;
    } else if (key == "info") {
      policy.info = *action;
    } else {
      return core::fail(reader.error(entry.first, "severity." + io::one_line(key),
                                     "not a severity (critical, high, medium, low, info)"));
    }
  }
  return {};
}

core::Result<void> read_checks(const Reader& reader, const YAML::Node& node, AuthzPolicy& policy) {
  if (!node.IsMap()) return core::fail(reader.error(node, "checks", "expected a mapping"));
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    const bool cis = key.starts_with("CIS ");
    if (!cis && audit::find_check(key) == nullptr) {
      return core::fail(reader.error(entry.first, "checks." + io::one_line(key),
                                     "names no check (a code, a slug or \"CIS x.y\")"));
    }
    auto action = reader.action(entry.second, "checks." + key);
    if (!action) return core::fail(action.error());
    // A policy entry wins over the defaults for the same key (the first match is taken).
    std::vector<std::pair<std::string, AuthzAction>> entries;
    entries.reserve(policy.per_check.size() + 1);
    entries.emplace_back(key, *action);
    for (auto& entry_pair : policy.per_check) {
      if (entry_pair.first != key) entries.push_back(std::move(entry_pair));
    }
    policy.per_check = std::move(entries);
  }
  return {};
}

core::Result<void> read_exceptions(const Reader& reader, const YAML::Node& node,
                                   AuthzPolicy& policy) {
  if (!node.IsSequence()) return core::fail(reader.error(node, "exceptions", "expected a list"));
  for (const auto& item : node) {
    if (!item.IsMap()) return core::fail(reader.error(item, "exceptions", "expected mappings"));
    AuthzException exception;
    for (const auto& entry : item) {
      const std::string key = entry.first.Scalar();
      const std::string where = "exceptions." + io::one_line(key);
      if (key == "name" || key == "label" || key == "reason") {
        auto value = reader.scalar(entry.second, where);
        if (!value) return core::fail(value.error());
        (key == "name"    ? exception.name
         : key == "label" ? exception.label
                          : exception.reason) = *value;
      } else if (key == "checks") {
        auto codes = reader.strings(entry.second, where);
        if (!codes) return core::fail(codes.error());
        for (const auto& code : *codes) {
          const audit::Check* check = audit::find_check(code);
          if (check == nullptr) {
            return core::fail(reader.error(entry.second, where, "names no check: " + code));
          }
          exception.checks.emplace_back(check->info.code);
        }
      } else {
        return core::fail(reader.error(entry.first, where, "unknown key"));
      }
    }
    if (exception.reason.empty()) {
      return core::fail(reader.error(item, "exceptions", "every exception needs a reason"));
    }
    policy.exceptions.push_back(std::move(exception));
  }
  return {};
}

core::Result<void> read_sensitivity(const Reader& reader, const YAML::Node& node,
                                    AuthzPolicy& policy) {
  if (!node.IsMap()) return core::fail(reader.error(node, "sensitivity", "expected a mapping"));
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    if (key == "label") {
      auto value = reader.scalar(entry.second, "sensitivity.label");
      if (!value) return core::fail(value.error());
      policy.audit.sensitivity_label = *value;
    } else if (key == "levels") {
      auto levels = reader.strings(entry.second, "sensitivity.levels");
      if (!levels) return core::fail(levels.error());
      if (levels->empty()) {
        return core::fail(reader.error(entry.second, "sensitivity.levels", "empty"));
      }
      policy.audit.sensitivity_levels = std::move(*levels);
    } else {
      return core::fail(
          reader.error(entry.first, "sensitivity." + io::one_line(key), "unknown key"));
    }
  }
  return {};
}

core::Result<void> read_authz(const Reader& reader, const YAML::Node& section,
                              AuthzPolicy& policy) {
  if (!section.IsMap()) return core::fail(reader.error(section, "", "expected a mapping"));
  for (const auto& entry : section) {
    const std::string key = entry.first.Scalar();
    const YAML::Node& value = entry.second;
    core::Result<void> done;
    if (key == "mode") {
      auto mode = reader.scalar(value, key);
      if (!mode) return core::fail(mode.error());
      if (*mode != "enforce" && *mode != "audit") {
        return core::fail(reader.error(value, key, "expected enforce or audit"));
      }
      policy.enforce = *mode == "enforce";
    } else if (key == "severity") {
      done = read_severities(reader, value, policy);
    } else if (key == "checks") {
      done = read_checks(reader, value, policy);
    } else if (key == "exceptions") {
      done = read_exceptions(reader, value, policy);
    } else if (key == "trusted_registries") {
      auto list = reader.strings(value, key);
      if (!list) return core::fail(list.error());
      policy.trusted_registries = std::move(*list);
    } else if (key == "allow_plugin_install") {
      auto text = reader.scalar(value, key);
      if (!text || (*text != "true" && *text != "false")) {
        return core::fail(reader.error(value, key, "expected true or false"));
      }
      policy.allow_plugin_install = *text == "true";
    } else if (key == "sensitivity") {
      done = read_sensitivity(reader, value, policy);
    } else {
      return core::fail(reader.error(entry.first, io::one_line(key), "unknown key"));
    }
    if (!done) return done;
  }
  return {};
}

}  // namespace authz_policy_detail

core::Result<AuthzPolicy> parse_policy(std::string_view yaml, std::string_view name) {
  using authz_policy_detail::Reader;
  const Reader reader{io::one_line(std::string(name))};
  if (yaml.size() > authz_policy_detail::kMaxPolicyBytes) {
    return core::fail(core::ErrorCode::kMalformedInput, reader.name + ": larger than 256 KiB");
  }
  if (auto nesting = io::yaml_nesting_error(yaml); !nesting.empty()) {
    return core::fail(core::ErrorCode::kMalformedInput, reader.name + ": " + nesting);
  }
  AuthzPolicy policy = default_policy();
  try {
    const YAML::Node root = YAML::Load(std::string(yaml));
    if (root.IsNull()) return policy;
    if (!root.IsMap()) {
      return core::fail(core::ErrorCode::kMalformedInput, reader.name + ": not a YAML mapping");
    }
    // Other sections (lint's, waivers) belong to other commands.
    if (const YAML::Node section = root["authz"]; section && !section.IsNull()) {
      if (auto done = authz_policy_detail::read_authz(reader, section, policy); !done) {
        return core::fail(done.error());
      }
    }
  } catch (const YAML::Exception& error) {
    return core::fail(
        core::ErrorCode::kMalformedInput,
        reader.name + ":" + std::to_string(error.mark.line + 1) + ": " + io::one_line(error.msg));
  }
  return policy;
}

}  // namespace hardock::monitor
