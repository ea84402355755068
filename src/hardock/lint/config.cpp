#include "hardock/lint/config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "hardock/audit/registry.h"
#include "hardock/io/bounded_read.h"
#include "hardock/io/escape.h"

namespace hardock::lint {
namespace {

using core::ErrorCode;

constexpr std::size_t kMaxConfigBytes = 256 * 1024;
// yaml-cpp parses flow collections recursively: deeper input is refused before it parses.
constexpr int kMaxFlowDepth = 32;

std::vector<std::string_view> split_ids(std::string_view list) {
  std::vector<std::string_view> out;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string_view id = list.substr(0, comma);
    while (!id.empty() && id.front() == ' ') id.remove_prefix(1);
    while (!id.empty() && id.back() == ' ') id.remove_suffix(1);
    if (!id.empty()) out.push_back(id);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

bool shellcheck_id(std::string_view id) {
  return id.size() > 2 && id.starts_with("SC") &&
         std::all_of(id.begin() + 2, id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

core::Result<YAML::Node> load_yaml(const std::string& path) {
  auto text = io::read_regular_file(path, kMaxConfigBytes);
  if (!text) return core::fail(text.error().to_error());
  int depth = 0;
  for (const char c : *text) {
    if (c == '[' || c == '{') ++depth;
    if (c == ']' || c == '}') depth = std::max(0, depth - 1);
    if (depth > kMaxFlowDepth) {
      return core::fail(ErrorCode::kMalformedInput,
                        path + ": nested deeper than " + std::to_string(kMaxFlowDepth));
    }
  }
  try {
    YAML::Node root = YAML::Load(*text);
    if (root.IsNull()) return YAML::Node(YAML::NodeType::Map);
    if (!root.IsMap()) {
      return core::fail(ErrorCode::kMalformedInput, path + ": not a YAML mapping");
    }
    return root;
  } catch (const YAML::Exception& error) {
    return core::fail(ErrorCode::kMalformedInput, path + ":" + std::to_string(error.mark.line + 1) +
                                                      ": " + io::one_line(error.msg));
  }
}

std::string where(const std::string& path, const YAML::Node& node, std::string_view key) {
  return path + ":" + std::to_string(node.Mark().line + 1) + ": " + std::string(key);
}

core::Result<std::vector<std::string>> string_list(const std::string& path, const YAML::Node& node,
                                                   std::string_view key) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
    return out;
  }
  if (!node.IsSequence()) {
    return core::fail(ErrorCode::kMalformedInput, where(path, node, key) + ": expected a list");
  }
  for (const auto& item : node) {
    if (!item.IsScalar()) {
      return core::fail(ErrorCode::kMalformedInput,
                        where(path, item, key) + ": expected a list of strings");
    }
    out.push_back(item.Scalar());
  }
  return out;
}

core::Result<core::Severity> severity_value(const std::string& path, const YAML::Node& node,
                                            std::string_view key) {
  if (node.IsScalar()) {
    if (auto severity = core::parse_severity(node.Scalar())) return *severity;
  }
  return core::fail(
      ErrorCode::kMalformedInput,
      where(path, node, key) + ": expected a severity (critical, high, medium, low, info)");
}

// hadolint's levels as hardock severities.
std::optional<core::Severity> hadolint_level(std::string_view level) {
  if (level == "error") return core::Severity::kHigh;
  if (level == "warning") return core::Severity::kMedium;
  if (level == "info") return core::Severity::kLow;
  if (level == "style") return core::Severity::kInfo;
  return std::nullopt;
}

}  // namespace

std::vector<std::string> codes_for_id(std::string_view id) {
  std::vector<std::string> codes;
  if (const audit::Check* check = audit::find_check(id)) {
    codes.emplace_back(check->info.code);
    return codes;
  }
  for (const audit::Check* check : audit::all_checks()) {
    for (const std::string_view equivalent : split_ids(check->info.equivalents)) {
      if (equivalent == id) {
        codes.emplace_back(check->info.code);
        break;
      }
    }
  }
  return codes;
}

bool add_ignore(std::string_view id, std::set<std::string, std::less<>>& codes,
                std::set<std::string, std::less<>>& shellcheck_codes) {
  if (shellcheck_id(id)) {
    shellcheck_codes.emplace(id);
    return true;
  }
  const auto found = codes_for_id(id);
  codes.insert(found.begin(), found.end());
  return !found.empty();
}

core::Result<void> load_hardock_config(const std::string& path, LintConfig& config) {
  auto root = load_yaml(path);
  if (!root) return core::fail(root.error());
  for (const auto& entry : *root) {
    const std::string key = entry.first.as<std::string>("");
    const YAML::Node& value = entry.second;
    if (key == "ignore") {
      auto ids = string_list(path, value, key);
      if (!ids) return core::fail(ids.error());
      for (const auto& id : *ids) {
        if (!add_ignore(id, config.ignored, config.ignored_shellcheck)) {
          return core::fail(ErrorCode::kInvalidArgument,
                            where(path, value, key) + ": " + io::one_line(id) +
                                " names no check (see `hardock checks`)");
        }
      }
    } else if (key == "severity") {
      if (!value.IsMap()) {
        return core::fail(ErrorCode::kMalformedInput,
                          where(path, value, key) + ": expected a mapping CODE: severity");
      }
      for (const auto& item : value) {
        const std::string id = item.first.as<std::string>("");
        auto severity = severity_value(path, item.second, key);
        if (!severity) return core::fail(severity.error());
        const auto codes = codes_for_id(id);
        if (codes.empty()) {
          return core::fail(ErrorCode::kInvalidArgument,
                            where(path, item.second, key) + ": " + io::one_line(id) +
                                " names no check (see `hardock checks`)");
        }
        for (const auto& code : codes) config.severity[code] = *severity;
      }
    } else if (key == "trusted-registries") {
      auto list = string_list(path, value, key);
      if (!list) return core::fail(list.error());
      config.trusted_registries.insert(config.trusted_registries.end(), list->begin(), list->end());
    } else if (key == "accepted-secret-keys") {
      auto list = string_list(path, value, key);
      if (!list) return core::fail(list.error());
      config.accepted_secret_keys.insert(config.accepted_secret_keys.end(), list->begin(),
                                         list->end());
    } else if (key == "failure-threshold") {
      auto severity = severity_value(path, value, key);
      if (!severity) return core::fail(severity.error());
      config.failure_threshold = *severity;
    } else if (key == "inline-ignores") {
      if (!value.IsScalar() || (value.Scalar() != "true" && value.Scalar() != "false")) {
        return core::fail(ErrorCode::kMalformedInput,
                          where(path, value, key) + ": expected true or false");
      }
      config.inline_ignores = value.Scalar() == "true";
    } else if (key == "store") {
      if (!value.IsScalar() || value.Scalar().empty()) {
        return core::fail(
            ErrorCode::kMalformedInput,
            where(path, value, key) + ": expected a file path or a postgresql:// URL");
      }
      config.store = value.Scalar();
    } else {
      return core::fail(ErrorCode::kInvalidArgument,
                        where(path, entry.first, io::one_line(key)) +
                            ": unknown key (ignore, severity, trusted-registries, "
                            "accepted-secret-keys, failure-threshold, inline-ignores, store)");
    }
  }
  return {};
}

core::Result<void> load_hadolint_config(const std::string& path, LintConfig& config) {
  auto root = load_yaml(path);
  if (!root) return core::fail(root.error());
  for (const auto& entry : *root) {
    const std::string key = entry.first.as<std::string>("");
    const YAML::Node& value = entry.second;
    if (key == "ignored") {
      auto ids = string_list(path, value, key);
      if (!ids) return core::fail(ids.error());
      for (const auto& id : *ids) {
        if (!add_ignore(id, config.ignored, config.ignored_shellcheck)) {
          config.notes.push_back(path + ": " + io::one_line(id) +
                                 " has no hardock equivalent; nothing to ignore");
        }
      }
    } else if (key == "trustedRegistries") {
      auto list = string_list(path, value, key);
      if (!list) return core::fail(list.error());
      config.trusted_registries.insert(config.trusted_registries.end(), list->begin(), list->end());
    } else if (key == "override") {
      if (!value.IsMap()) {
        return core::fail(ErrorCode::kMalformedInput,
                          where(path, value, key) + ": expected a mapping level: [ids]");
      }
      for (const auto& level : value) {
        const auto severity = hadolint_level(level.first.as<std::string>(""));
        if (!severity) {
          return core::fail(
              ErrorCode::kMalformedInput,
              where(path, level.second, key) + ": levels are error, warning, info and style");
        }
        auto ids = string_list(path, level.second, key);
        if (!ids) return core::fail(ids.error());
        for (const auto& id : *ids) {
          for (const auto& code : codes_for_id(id)) config.severity[code] = *severity;
        }
      }
    } else if (key == "failure-threshold") {
      if (!value.IsScalar()) {
        return core::fail(ErrorCode::kMalformedInput, where(path, value, key) + ": a level");
      }
      const std::string level = value.Scalar();
      if (level == "none") {
        config.never_fail = true;
      } else if (const auto severity = hadolint_level(level)) {
        config.failure_threshold = *severity;
      } else {
        return core::fail(
            ErrorCode::kMalformedInput,
            where(path, value, key) + ": levels are error, warning, info, style and none");
      }
    }
    // hadolint's other keys (label-schema, strict-labels, format, no-color ...) do not concern
    // what hardock judges.
  }
  return {};
}

}  // namespace hardock::lint
