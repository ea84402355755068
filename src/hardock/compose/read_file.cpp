// One Compose file's YAML into the model, every key and item with its position. yaml-cpp's own
// recursion is bounded by its DepthGuard (2000 levels, YAML::DeepRecursion), and this reader only
// descends the fixed shape of a Compose file, so nothing here recurses on the input's depth.
// Aliases share nodes in yaml-cpp's graph; every node this reader visits is counted, so an alias
// bomb ends at kMaxNodes instead of expanding.
#include <yaml-cpp/depthguard.h>

#include "hardock/compose/reader.h"

namespace hardock::compose::detail {
namespace read_file_impl {

FileModel Reader::file(const YAML::Node& root) {
  FileModel model;
  if (root.IsNull()) return model;  // an empty file: nothing declared
  for (const auto& [key, value] : entries(root, "(top level)")) {
    const std::string& name = key.Scalar();
    if (name == "services") {
      if (value.IsNull()) continue;
      for (const auto& [service_key, service_value] : entries(value, "services")) {
        visit(service_value);
        if (!service_value.IsMap() && !service_value.IsNull()) {
          fail(service_value, "services." + service_key.Scalar(),
               "expected a mapping, got " + kind_of(service_value));
        }
        model.services.push_back(service(service_key, service_value));
      }
    } else if (name == "networks") {
      if (value.IsNull()) continue;
      for (const auto& [net_key, net_value] : entries(value, "networks")) {
        visit(net_value);
        model.networks.push_back(network(net_key, net_value));
      }
    } else if (name == "volumes") {
      if (value.IsNull()) continue;
      for (const auto& [vol_key, vol_value] : entries(value, "volumes")) {
        visit(vol_value);
        model.volumes.push_back(volume_definition(vol_key, vol_value));
      }
    } else if (name == "name") {
      model.name = text(value, "name");
      model.name_pos = pos(key);
    } else {
      visit(value);  // version, secrets, configs, x-*
    }
  }
  return model;
}

}  // namespace read_file_impl

FileModel read_file(std::string_view text, const ReadContext& context) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::DeepRecursion& error) {
    // yaml-cpp's DepthGuard (2000 parser levels, about 500 levels of block mappings).
    throw ParseError(Pos{context.file, static_cast<std::uint32_t>(std::max(error.mark.line, 0)) + 1,
                         static_cast<std::uint32_t>(std::max(error.mark.column, 0)) + 1},
                     "YAML: nested too deeply for the parser: refused");
  } catch (const YAML::Exception& error) {
    Pos where{context.file, 0, 0};
    if (error.mark.line >= 0) {
      where.line = static_cast<std::uint32_t>(error.mark.line) + 1;
      where.column = static_cast<std::uint32_t>(error.mark.column) + 1;
    }
    throw ParseError(where, "YAML: " + error.msg);
  }
  read_file_impl::Reader reader(context);
  try {
    return reader.file(root);
  } catch (const YAML::Exception& error) {
    throw ParseError(Pos{context.file, 0, 0}, "YAML: " + error.msg);
  }
}

std::optional<std::int64_t> parse_bytes(std::string_view text) {
  size_t end = 0;
  while (end < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.')) {
    ++end;
  }
  if (end == 0) return std::nullopt;
  double number = 0;
  auto [stop, error] = std::from_chars(text.data(), text.data() + end, number);
  if (error != std::errc() || stop != text.data() + end || !std::isfinite(number)) {
    return std::nullopt;
  }
  std::string unit = read_file_impl::lower(std::string(text.substr(end)));
  if (unit.size() == 2 && unit[1] == 'b') unit.resize(1);
  double scale = 1;
  if (unit.empty() || unit == "b") {
    scale = 1;
  } else if (unit == "k") {
    scale = 1024.0;
  } else if (unit == "m") {
    scale = 1024.0 * 1024;
  } else if (unit == "g") {
    scale = 1024.0 * 1024 * 1024;
  } else if (unit == "t") {
    scale = 1024.0 * 1024 * 1024 * 1024;
  } else {
    return std::nullopt;
  }
  const double value = number * scale;
  if (value >= 9.0e18) return std::nullopt;
  return static_cast<std::int64_t>(value);
}

}  // namespace hardock::compose::detail
