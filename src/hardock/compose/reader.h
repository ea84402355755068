// The reader of one Compose file's YAML (internal to read_file.cpp and read_service.cpp): the
// generic scalar, list and mapping readers here, the Compose shape in the two sources.
#pragma once

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "hardock/compose/detail.h"
#include "hardock/io/escape.h"

namespace hardock::compose::detail::read_file_impl {

using Pairs = std::vector<std::pair<YAML::Node, YAML::Node>>;

inline std::string shown(std::string_view value) {
  return "\"" + io::one_line(io::truncate(value, 80)) + "\"";
}

inline std::string kind_of(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a sequence";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Null:
      return "null";
    case YAML::NodeType::Scalar:
      return "a scalar";
    default:
      return "nothing";
  }
}

inline std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return text;
}

class Reader {
 public:
  explicit Reader(const ReadContext& context) : context_(context) {}

  Pos pos(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    if (mark.line < 0 || mark.column < 0) return {context_.file, 0, 0};
    return {context_.file, static_cast<std::uint32_t>(mark.line) + 1,
            static_cast<std::uint32_t>(mark.column) + 1};
  }

  [[noreturn]] void fail(const YAML::Node& node, const std::string& path,
                         const std::string& message) const {
    throw ParseError(pos(node), path + ": " + message);
  }

  void visit(const YAML::Node& node) {
    if (++visited_ > kMaxNodes) {
      throw ParseError(pos(node), "more than " + std::to_string(kMaxNodes) +
                                      " YAML nodes (aliases expanded): refused");
    }
  }

  // The entries of a mapping, `<<` merge keys applied (explicit keys win); `node` must be a map.
  Pairs entries(const YAML::Node& node, const std::string& path) {
    if (!node.IsMap()) fail(node, path, "expected a mapping, got " + kind_of(node));
    Pairs explicit_pairs;
    std::vector<YAML::Node> merged;  // maps named by <<, in order
    for (auto it = node.begin(); it != node.end(); ++it) {
      visit(it->first);
      if (!it->first.IsScalar()) fail(it->first, path, "a key must be a scalar");
      if (it->first.Scalar() == "<<" && it->first.Tag() != "!") {
        const YAML::Node& value = it->second;
        if (value.IsMap()) {
          merged.push_back(value);
        } else if (value.IsSequence()) {
          for (const auto& item : value) {
            visit(item);
            if (!item.IsMap()) fail(item, path + ".<<", "expected mappings to merge");
            merged.push_back(item);
          }
        } else {
          fail(value, path + ".<<", "expected a mapping to merge, got " + kind_of(value));
        }
        continue;
      }
      explicit_pairs.emplace_back(it->first, it->second);
    }
    if (merged.empty()) return explicit_pairs;
    std::set<std::string> seen;
    for (const auto& [key, value] : explicit_pairs) seen.insert(key.Scalar());
    // A merged map's own `<<` is followed too, iteratively, each map once.
    for (size_t idx = 0; idx < merged.size(); ++idx) {
      const YAML::Node source = merged[idx];
      for (auto it = source.begin(); it != source.end(); ++it) {
        visit(it->first);
        if (!it->first.IsScalar()) fail(it->first, path, "a key must be a scalar");
        if (it->first.Scalar() == "<<") {
          const YAML::Node next = it->second;
          const bool known = std::any_of(merged.begin(), merged.end(),
                                         [&](const YAML::Node& kept) { return kept.is(next); });
          if (next.IsMap() && !known && merged.size() < 64) {
            merged.push_back(next);
          }
          continue;
        }
        if (seen.insert(it->first.Scalar()).second)
          explicit_pairs.emplace_back(it->first, it->second);
      }
    }
    return explicit_pairs;
  }

  std::string text(const YAML::Node& node, const std::string& path) {
    visit(node);
    if (node.IsNull()) return {};
    if (!node.IsScalar()) fail(node, path, "expected a string, got " + kind_of(node));
    return interpolated(node, path);
  }

  std::string interpolated(const YAML::Node& node, const std::string& path) {
    std::vector<std::string> unset;
    try {
      std::string value = interpolate(node.Scalar(), *context_.variables, &unset);
      for (const auto& name : unset) warn(node, "variable " + name + " is not set, using \"\"");
      return value;
    } catch (const std::invalid_argument& error) {
      fail(node, path, error.what());
    }
  }

  void warn(const YAML::Node& node, const std::string& message) {
    if (context_.warnings == nullptr) return;
    const Pos where = pos(node);
    context_.warnings->push_back(context_.path + ":" + std::to_string(where.line) + ":" +
                                 std::to_string(where.column) + ": " + message);
  }

  bool boolean(const YAML::Node& node, const std::string& path) {
    const std::string value = lower(text(node, path));
    if (value == "true" || value == "yes" || value == "on") return true;
    if (value == "false" || value == "no" || value == "off") return false;
    fail(node, path, "expected true or false, got " + shown(value));
  }

  std::int64_t integer(const YAML::Node& node, const std::string& path) {
    const std::string value = text(node, path);
    std::int64_t number = 0;
    const char* end = value.data() + value.size();
    auto [stop, error] = std::from_chars(value.data(), end, number);
    if (error != std::errc() || stop != end || value.empty()) {
      fail(node, path, "expected an integer, got " + shown(value));
    }
    return number;
  }

  double number(const YAML::Node& node, const std::string& path) {
    const std::string value = text(node, path);
    double result = 0;
    const char* end = value.data() + value.size();
    auto [stop, error] = std::from_chars(value.data(), end, result);
    if (error != std::errc() || stop != end || value.empty() || !std::isfinite(result) ||
        result < 0) {
      fail(node, path, "expected a non-negative number, got " + shown(value));
    }
    return result;
  }

  std::int64_t bytes(const YAML::Node& node, const std::string& path) {
    const std::string value = text(node, path);
    auto parsed = parse_bytes(value);
    if (!parsed) fail(node, path, "expected a size (\"512m\", \"1g\", bytes), got " + shown(value));
    return *parsed;
  }

  // A string or a sequence of strings.
  std::vector<Item> items(const YAML::Node& node, const std::string& path) {
    std::vector<Item> out;
    if (node.IsNull()) return out;
    if (node.IsScalar()) {
      out.push_back({pos(node), text(node, path)});
      return out;
    }
    if (!node.IsSequence())
      fail(node, path, "expected a string or a sequence, got " + kind_of(node));
    visit(node);
    size_t idx = 0;
    for (const auto& item : node) {
      const std::string item_path = path + "[" + std::to_string(idx++) + "]";
      visit(item);
      if (!item.IsScalar()) fail(item, item_path, "expected a string, got " + kind_of(item));
      out.push_back({pos(item), interpolated(item, item_path)});
    }
    return out;
  }

  std::vector<std::string> words(const YAML::Node& node, const std::string& path) {
    std::vector<std::string> out;
    for (auto& item : items(node, path)) out.push_back(std::move(item.value));
    return out;
  }

  // A list of "KEY=VALUE" (or "KEY") or a mapping KEY: VALUE (null: no value).
  std::map<std::string, Entry> list_or_map(const YAML::Node& node, const std::string& path,
                                           char separator = '=') {
    std::map<std::string, Entry> out;
    if (node.IsNull()) return out;
    if (node.IsSequence()) {
      visit(node);
      size_t idx = 0;
      for (const auto& item : node) {
        const std::string item_path = path + "[" + std::to_string(idx++) + "]";
        visit(item);
        if (!item.IsScalar()) fail(item, item_path, "expected a string, got " + kind_of(item));
        const std::string value = interpolated(item, item_path);
        const size_t split = value.find(separator);
        Entry entry{pos(item), std::nullopt};
        if (split != std::string::npos) entry.value = value.substr(split + 1);
        out[value.substr(0, split)] = std::move(entry);
      }
      return out;
    }
    for (const auto& [key, value] : entries(node, path)) {
      const std::string key_path = path + "." + key.Scalar();
      visit(value);
      Entry entry{pos(key), std::nullopt};
      if (!value.IsNull()) {
        if (!value.IsScalar()) fail(value, key_path, "expected a scalar, got " + kind_of(value));
        entry.value = interpolated(value, key_path);
      }
      out[key.Scalar()] = std::move(entry);
    }
    return out;
  }

  // The Compose shape (read_service.cpp, and read_file.cpp for file()).
  std::string absolute_host_path(const std::string& source) const;
  PortItem port(const YAML::Node& node, const std::string& path);
  VolumeItem volume(const YAML::Node& node, const std::string& path);
  Healthcheck healthcheck(const YAML::Node& node, const std::string& path);
  void deploy(Service& service, const YAML::Node& node, const std::string& path);
  Service service(const YAML::Node& key, const YAML::Node& node);
  Network network(const YAML::Node& key, const YAML::Node& node);
  Volume volume_definition(const YAML::Node& key, const YAML::Node& node);
  FileModel file(const YAML::Node& root);

 private:
  const ReadContext& context_;
  size_t visited_ = 0;
};

}  // namespace hardock::compose::detail::read_file_impl
