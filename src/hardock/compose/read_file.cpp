// One Compose file's YAML into the model, every key and item with its position. yaml-cpp's own
// recursion is bounded by its DepthGuard (2000 levels, YAML::DeepRecursion), and this reader only
// descends the fixed shape of a Compose file, so nothing here recurses on the input's depth.
// Aliases share nodes in yaml-cpp's graph; every node this reader visits is counted, so an alias
// bomb ends at kMaxNodes instead of expanding.
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <set>
#include <stdexcept>

#include "hardock/compose/detail.h"
#include "hardock/io/escape.h"

namespace hardock::compose::detail {
namespace read_file_impl {

namespace fs = std::filesystem;
using Pairs = std::vector<std::pair<YAML::Node, YAML::Node>>;

std::string shown(std::string_view value) {
  return "\"" + io::one_line(io::truncate(value, 80)) + "\"";
}

std::string kind_of(const YAML::Node& node) {
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

std::string lower(std::string text) {
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

  std::string absolute_host_path(const std::string& source) const {
    fs::path path(source);
    if (source.rfind("~/", 0) == 0 || source == "~") {
      const std::string* home = context_.variables->find("HOME");
      path = fs::path(home != nullptr ? *home : "/root") /
             source.substr(std::min<size_t>(2, source.size()));
    } else if (path.is_relative()) {
      path = fs::path(context_.project_directory) / path;
    }
    return path.lexically_normal().string();
  }

  PortItem port(const YAML::Node& node, const std::string& path) {
    PortItem port{pos(node), "", "", "", "tcp"};
    if (node.IsMap()) {
      for (const auto& [key, value] : entries(node, path)) {
        const std::string& name = key.Scalar();
        const std::string key_path = path + "." + name;
        if (name == "target") {
          port.target = text(value, key_path);
        } else if (name == "published") {
          port.published = text(value, key_path);
        } else if (name == "host_ip") {
          port.host_ip = text(value, key_path);
        } else if (name == "protocol") {
          port.protocol = lower(text(value, key_path));
        } else {
          visit(value);
        }
      }
      if (port.target.empty()) fail(node, path, "a port needs a target");
    } else {
      std::string value = text(node, path);
      if (const size_t slash = value.rfind('/'); slash != std::string::npos) {
        port.protocol = lower(value.substr(slash + 1));
        value.resize(slash);
      }
      if (!value.empty() && value.front() == '[') {  // [::1]:8080:80
        const size_t close = value.find(']');
        if (close == std::string::npos || close + 1 >= value.size() || value[close + 1] != ':') {
          fail(node, path, "malformed port " + shown(value));
        }
        port.host_ip = value.substr(1, close - 1);
        value = value.substr(close + 2);
      }
      std::vector<std::string> parts;
      size_t start = 0;
      while (true) {
        const size_t colon = value.find(':', start);
        parts.push_back(value.substr(start, colon - start));
        if (colon == std::string::npos) break;
        start = colon + 1;
      }
      port.target = parts.back();
      if (parts.size() >= 2) port.published = parts[parts.size() - 2];
      if (parts.size() >= 3) {
        std::string ip;
        for (size_t idx = 0; idx + 2 < parts.size(); ++idx) ip += (idx ? ":" : "") + parts[idx];
        if (!port.host_ip.empty()) fail(node, path, "malformed port " + shown(value));
        port.host_ip = ip;
      }
    }
    auto valid_range = [](const std::string& ports, bool may_be_empty) {
      if (ports.empty()) return may_be_empty;
      const size_t dash = ports.find('-');
      auto number = [](std::string_view digits) {
        int parsed = 0;
        auto [stop, error] = std::from_chars(digits.data(), digits.data() + digits.size(), parsed);
        return error == std::errc() && stop == digits.data() + digits.size() && parsed >= 0 &&
               parsed <= 65535 && !digits.empty();
      };
      if (dash == std::string::npos) return number(ports);
      return number(std::string_view(ports).substr(0, dash)) &&
             number(std::string_view(ports).substr(dash + 1));
    };
    if (!valid_range(port.target, false) || !valid_range(port.published, true)) {
      fail(node, path,
           "malformed port (target " + shown(port.target) + ", published " + shown(port.published) +
               ")");
    }
    if (port.protocol != "tcp" && port.protocol != "udp" && port.protocol != "sctp") {
      fail(node, path, "unknown protocol " + shown(port.protocol));
    }
    return port;
  }

  VolumeItem volume(const YAML::Node& node, const std::string& path) {
    VolumeItem volume{pos(node), "", "", "", false, "", ""};
    if (node.IsMap()) {
      for (const auto& [key, value] : entries(node, path)) {
        const std::string& name = key.Scalar();
        const std::string key_path = path + "." + name;
        if (name == "type") {
          volume.type = text(value, key_path);
        } else if (name == "source") {
          volume.source = text(value, key_path);
        } else if (name == "target") {
          volume.target = text(value, key_path);
        } else if (name == "read_only") {
          volume.read_only = boolean(value, key_path);
        } else if (name == "bind") {
          for (const auto& [bind_key, bind_value] : entries(value, key_path)) {
            if (bind_key.Scalar() == "propagation") {
              volume.propagation = text(bind_value, key_path + ".propagation");
            } else {
              visit(bind_value);
            }
          }
        } else {
          visit(value);
        }
      }
      if (volume.type.empty()) fail(node, path, "a volume needs a type");
      if (volume.target.empty()) fail(node, path, "a volume needs a target");
      if (volume.type == "bind") {
        if (volume.source.empty()) fail(node, path, "a bind mount needs a source");
        volume.source = absolute_host_path(volume.source);
      }
      return volume;
    }
    const std::string value = text(node, path);
    if (value.empty()) fail(node, path, "empty volume");
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
      const size_t colon = value.find(':', start);
      parts.push_back(value.substr(start, colon - start));
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
    if (parts.size() > 3) fail(node, path, "malformed volume " + shown(value));
    if (parts.size() == 1) {
      volume.type = "volume";  // anonymous
      volume.target = parts[0];
      return volume;
    }
    const std::string& source = parts[0];
    volume.target = parts[1];
    if (parts.size() == 3) volume.mode = parts[2];
    const bool is_path =
        !source.empty() && (source[0] == '/' || source[0] == '.' || source[0] == '~');
    volume.type = is_path ? "bind" : "volume";
    volume.source = is_path ? absolute_host_path(source) : source;
    size_t option_start = 0;
    while (option_start <= volume.mode.size() && !volume.mode.empty()) {
      const size_t comma = volume.mode.find(',', option_start);
      const std::string option = volume.mode.substr(option_start, comma - option_start);
      if (option == "ro") volume.read_only = true;
      if (option == "rw") volume.read_only = false;
      if (option == "shared" || option == "rshared" || option == "slave" || option == "rslave" ||
          option == "private" || option == "rprivate") {
        volume.propagation = option;
      }
      if (comma == std::string::npos) break;
      option_start = comma + 1;
    }
    if (volume.target.empty()) fail(node, path, "malformed volume " + shown(value));
    return volume;
  }

  Healthcheck healthcheck(const YAML::Node& node, const std::string& path) {
    Healthcheck check;
    for (const auto& [key, value] : entries(node, path)) {
      const std::string& name = key.Scalar();
      const std::string key_path = path + "." + name;
      if (name == "test") {
        if (value.IsScalar()) {
          check.test = {"CMD-SHELL", text(value, key_path)};
        } else {
          check.test = words(value, key_path);
        }
      } else if (name == "disable") {
        if (boolean(value, key_path)) check.test = {"NONE"};
      } else if (name == "interval") {
        check.interval = text(value, key_path);
      } else if (name == "timeout") {
        check.timeout = text(value, key_path);
      } else if (name == "start_period") {
        check.start_period = text(value, key_path);
      } else if (name == "retries") {
        check.retries = integer(value, key_path);
      } else {
        visit(value);
      }
    }
    return check;
  }

  void deploy(Service& service, const YAML::Node& node, const std::string& path) {
    for (const auto& [key, value] : entries(node, path)) {
      const std::string key_path = path + "." + key.Scalar();
      if (key.Scalar() != "resources") {
        visit(value);
        continue;
      }
      for (const auto& [res_key, res_value] : entries(value, key_path)) {
        const std::string res_path = key_path + "." + res_key.Scalar();
        if (res_key.Scalar() != "limits") {
          visit(res_value);
          continue;
        }
        for (const auto& [limit_key, limit_value] : entries(res_value, res_path)) {
          const std::string& name = limit_key.Scalar();
          const std::string limit_path = res_path + "." + name;
          service.keys["deploy.resources.limits." + name] = pos(limit_key);
          if (name == "memory") {
            service.deploy_memory = bytes(limit_value, limit_path);
          } else if (name == "cpus") {
            service.deploy_cpus = number(limit_value, limit_path);
          } else if (name == "pids") {
            service.deploy_pids = integer(limit_value, limit_path);
          } else {
            visit(limit_value);
          }
        }
      }
    }
  }

  Service service(const YAML::Node& key, const YAML::Node& node) {
    Service service;
    service.name = key.Scalar();
    service.pos = pos(key);
    const std::string path = "services." + service.name;
    if (node.IsNull()) return service;
    for (const auto& [field_key, value] : entries(node, path)) {
      const std::string& name = field_key.Scalar();
      const std::string field = path + "." + name;
      service.keys[name] = pos(field_key);
      if (name == "image") {
        service.image = text(value, field);
      } else if (name == "build") {
        visit(value);
        service.build = true;
      } else if (name == "container_name") {
        service.container_name = text(value, field);
      } else if (name == "user") {
        service.user = text(value, field);
      } else if (name == "privileged") {
        service.privileged = boolean(value, field);
      } else if (name == "read_only") {
        service.read_only = boolean(value, field);
      } else if (name == "cap_add") {
        service.cap_add = items(value, field);
      } else if (name == "cap_drop") {
        service.cap_drop = items(value, field);
      } else if (name == "security_opt") {
        service.security_opt = items(value, field);
      } else if (name == "tmpfs") {
        service.tmpfs = items(value, field);
      } else if (name == "devices") {
        service.devices = items(value, field);
      } else if (name == "env_file") {
        service.env_file = items(value, field);
      } else if (name == "group_add") {
        service.group_add = items(value, field);
      } else if (name == "expose") {
        service.expose = items(value, field);
      } else if (name == "network_mode") {
        service.network_mode = text(value, field);
      } else if (name == "pid") {
        service.pid = text(value, field);
      } else if (name == "ipc") {
        service.ipc = text(value, field);
      } else if (name == "uts") {
        service.uts = text(value, field);
      } else if (name == "userns_mode") {
        service.userns_mode = text(value, field);
      } else if (name == "cgroup_parent") {
        service.cgroup_parent = text(value, field);
      } else if (name == "cgroup") {
        service.cgroupns_mode = text(value, field);
      } else if (name == "runtime") {
        service.runtime = text(value, field);
      } else if (name == "restart") {
        service.restart = text(value, field);
      } else if (name == "stop_signal") {
        service.stop_signal = text(value, field);
      } else if (name == "hostname") {
        service.hostname = text(value, field);
      } else if (name == "working_dir") {
        service.working_dir = text(value, field);
      } else if (name == "cpuset") {
        service.cpuset = text(value, field);
      } else if (name == "mem_limit") {
        service.mem_limit = bytes(value, field);
      } else if (name == "memswap_limit") {
        service.memswap_limit =
            value.IsScalar() && value.Scalar() == "-1" ? -1 : bytes(value, field);
      } else if (name == "mem_reservation") {
        service.mem_reservation = bytes(value, field);
      } else if (name == "cpu_shares") {
        service.cpu_shares = integer(value, field);
      } else if (name == "cpu_quota") {
        service.cpu_quota = integer(value, field);
      } else if (name == "cpu_period") {
        service.cpu_period = integer(value, field);
      } else if (name == "cpus") {
        service.cpus = number(value, field);
      } else if (name == "pids_limit") {
        service.pids_limit = integer(value, field);
      } else if (name == "oom_kill_disable") {
        service.oom_kill_disable = boolean(value, field);
      } else if (name == "command") {
        service.command = value.IsScalar()
                              ? std::vector<std::string>{"/bin/sh", "-c", text(value, field)}
                              : words(value, field);
      } else if (name == "entrypoint") {
        service.entrypoint = value.IsScalar()
                                 ? std::vector<std::string>{"/bin/sh", "-c", text(value, field)}
                                 : words(value, field);
      } else if (name == "deploy") {
        deploy(service, value, field);
      } else if (name == "ports") {
        if (!value.IsSequence()) fail(value, field, "expected a sequence, got " + kind_of(value));
        visit(value);
        size_t idx = 0;
        for (const auto& item : value) {
          visit(item);
          service.ports.push_back(port(item, field + "[" + std::to_string(idx++) + "]"));
        }
      } else if (name == "volumes") {
        if (!value.IsSequence()) fail(value, field, "expected a sequence, got " + kind_of(value));
        visit(value);
        size_t idx = 0;
        for (const auto& item : value) {
          visit(item);
          service.volumes.push_back(volume(item, field + "[" + std::to_string(idx++) + "]"));
        }
      } else if (name == "environment") {
        service.environment = list_or_map(value, field);
      } else if (name == "labels") {
        service.labels = list_or_map(value, field);
      } else if (name == "sysctls") {
        service.sysctls = list_or_map(value, field);
      } else if (name == "networks") {
        if (value.IsSequence()) {
          for (const auto& item : items(value, field)) service.networks[item.value] = item.pos;
        } else if (!value.IsNull()) {
          for (const auto& [net_key, net_value] : entries(value, field)) {
            visit(net_value);
            service.networks[net_key.Scalar()] = pos(net_key);
          }
        }
      } else if (name == "ulimits") {
        for (const auto& [limit_key, limit_value] : entries(value, field)) {
          const std::string limit_path = field + "." + limit_key.Scalar();
          Ulimit limit{pos(limit_key), 0, 0};
          if (limit_value.IsMap()) {
            for (const auto& [bound_key, bound_value] : entries(limit_value, limit_path)) {
              if (bound_key.Scalar() == "soft") {
                limit.soft = integer(bound_value, limit_path + ".soft");
              } else if (bound_key.Scalar() == "hard") {
                limit.hard = integer(bound_value, limit_path + ".hard");
              } else {
                visit(bound_value);
              }
            }
          } else {
            limit.soft = limit.hard = integer(limit_value, limit_path);
          }
          service.ulimits[limit_key.Scalar()] = limit;
        }
      } else if (name == "healthcheck") {
        service.healthcheck = healthcheck(value, field);
      } else if (name == "logging") {
        for (const auto& [log_key, log_value] : entries(value, field)) {
          const std::string log_path = field + "." + log_key.Scalar();
          if (log_key.Scalar() == "driver") {
            service.logging_driver = text(log_value, log_path);
          } else if (log_key.Scalar() == "options") {
            for (auto& [option, entry] : list_or_map(log_value, log_path)) {
              service.logging_options[option] = entry.value.value_or("");
            }
          } else {
            visit(log_value);
          }
        }
      } else if (name == "extends") {
        if (value.IsScalar()) {
          service.extends_service = text(value, field);
        } else {
          for (const auto& [ext_key, ext_value] : entries(value, field)) {
            if (ext_key.Scalar() == "service") {
              service.extends_service = text(ext_value, field + ".service");
            } else if (ext_key.Scalar() == "file") {
              service.extends_file = text(ext_value, field + ".file");
            } else {
              visit(ext_value);
            }
          }
        }
        if (service.extends_service.empty()) fail(value, field, "extends needs a service");
      } else {
        visit(value);  // a key hardock does not judge (depends_on, dns, ...)
      }
    }
    return service;
  }

  Network network(const YAML::Node& key, const YAML::Node& node) {
    Network network;
    network.key = key.Scalar();
    network.pos = pos(key);
    const std::string path = "networks." + network.key;
    if (node.IsNull()) return network;
    for (const auto& [field_key, value] : entries(node, path)) {
      const std::string& name = field_key.Scalar();
      const std::string field = path + "." + name;
      network.keys[name] = pos(field_key);
      if (name == "driver") {
        network.driver = text(value, field);
      } else if (name == "driver_opts") {
        network.driver_opts = list_or_map(value, field);
      } else if (name == "labels") {
        network.labels = list_or_map(value, field);
      } else if (name == "internal") {
        network.internal = boolean(value, field);
      } else if (name == "attachable") {
        network.attachable = boolean(value, field);
      } else if (name == "enable_ipv6") {
        network.enable_ipv6 = boolean(value, field);
      } else if (name == "name") {
        network.name = text(value, field);
      } else if (name == "external") {
        if (value.IsMap()) {
          network.external = true;
          for (const auto& [ext_key, ext_value] : entries(value, field)) {
            if (ext_key.Scalar() == "name")
              network.name = text(ext_value, field + ".name");
            else
              visit(ext_value);
          }
        } else {
          network.external = boolean(value, field);
        }
      } else {
        visit(value);
      }
    }
    return network;
  }

  Volume volume_definition(const YAML::Node& key, const YAML::Node& node) {
    Volume volume;
    volume.key = key.Scalar();
    volume.pos = pos(key);
    const std::string path = "volumes." + volume.key;
    if (node.IsNull()) return volume;
    for (const auto& [field_key, value] : entries(node, path)) {
      const std::string& name = field_key.Scalar();
      const std::string field = path + "." + name;
      if (name == "driver") {
        volume.driver = text(value, field);
      } else if (name == "name") {
        volume.name = text(value, field);
      } else if (name == "labels") {
        volume.labels = list_or_map(value, field);
      } else if (name == "external") {
        volume.external = value.IsMap() ? (visit(value), true) : boolean(value, field);
      } else {
        visit(value);
      }
    }
    return volume;
  }

  FileModel file(const YAML::Node& root) {
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

 private:
  const ReadContext& context_;
  size_t visited_ = 0;
};

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
