// The Compose shape of a file: services (ports and volumes in both syntaxes, deploy limits,
// healthcheck, extends ...), networks and volumes.
#include "hardock/compose/reader.h"

namespace hardock::compose::detail::read_file_impl {

namespace fs = std::filesystem;

std::string Reader::absolute_host_path(const std::string& source) const {
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

PortItem Reader::port(const YAML::Node& node, const std::string& path) {
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

VolumeItem Reader::volume(const YAML::Node& node, const std::string& path) {
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

Healthcheck Reader::healthcheck(const YAML::Node& node, const std::string& path) {
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

void Reader::deploy(Service& service, const YAML::Node& node, const std::string& path) {
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

Service Reader::service(const YAML::Node& key, const YAML::Node& node) {
  Service service;
  service.name = key.Scalar();
  service.pos = pos(key);
  const std::string path = "services." + service.name;
  if (node.IsNull()) return service;
  for (const auto& [field_key, value] : entries(node, path)) {
    const std::string& name = field_key.Scalar();
    const std::string field = path + "." + name;
    service.keys[name] = pos(field_key);
    if (value.Tag() == "!reset") {
      visit(value);
      service.replaced[name] = true;  // the field keeps its default: merge drops the earlier one
      continue;
    }
    if (value.Tag() == "!override") service.replaced[name] = false;
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
      service.memswap_limit = value.IsScalar() && value.Scalar() == "-1" ? -1 : bytes(value, field);
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

Network Reader::network(const YAML::Node& key, const YAML::Node& node) {
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

Volume Reader::volume_definition(const YAML::Node& key, const YAML::Node& node) {
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

}  // namespace hardock::compose::detail::read_file_impl
