// Decoding of Engine API JSON into the typed snapshot model.
//
// Docker omits empty fields and uses null for "unset" freely, so a missing or
// null field takes its zero value. A field of the wrong type is an error that
// names its path: the object that lies about its shape is not audited (it is an
// error entry), the rest of the snapshot is.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "hardock/docker/json_reader.h"
#include "hardock/docker/request_path.h"
#include "hardock/docker/snapshot.h"
#include "hardock/docker/snapshot_read.h"

namespace hardock::docker {

// PortBindings and NetworkSettings.Ports share the shape {"80/tcp": [{HostIp, HostPort}] | null}.
// Found by snapshot_read's templates through argument-dependent lookup (JsonReader's namespace).
static std::vector<PortMapping> read_ports(const JsonReader& parent, const char* key) {
  std::vector<PortMapping> out;
  const nlohmann::json& item = parent.raw(key);
  if (item.is_null()) return out;
  if (!item.is_object()) throw DecodeError{parent.field(key), "expected an object"};
  for (const auto& [port, bindings] : item.items()) {
    PortMapping mapping;
    mapping.container_port = port;
    if (!bindings.is_null()) {
      if (!bindings.is_array())
        throw DecodeError{parent.field(key) + "." + port, "expected an array"};
      for (const auto& binding : bindings) {
        JsonReader reader(binding, parent.field(key) + "." + port);
        mapping.bindings.push_back({reader.str("HostIp"), reader.str("HostPort")});
      }
    }
    out.push_back(std::move(mapping));
  }
  return out;
}

namespace {

using core::ErrorCode;
using nlohmann::json;

using Reader = JsonReader;
using snapshot_read::read_container;
using snapshot_read::read_container_entry;
using snapshot_read::read_exec;
using snapshot_read::read_image;
using snapshot_read::read_network;

SecurityOption parse_security_option(const std::string& text) {
  // "name=seccomp,profile=default"
  SecurityOption option;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string part =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    size_t equals = part.find('=');
    std::string key = part.substr(0, equals);
    std::string value = equals == std::string::npos ? std::string() : part.substr(equals + 1);
    if (key == "name") {
      option.name = value;
    } else if (!key.empty()) {
      option.params[key] = value;
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  // Very old engines sent bare words ("seccomp"), keep them readable.
  if (option.name.empty() && !text.empty() && text.find('=') == std::string::npos)
    option.name = text;
  return option;
}

EngineInfo read_info(const Reader& root) {
  EngineInfo info;
  info.id = root.str("ID");
  info.name = root.str("Name");
  info.server_version = root.str("ServerVersion");
  info.operating_system = root.str("OperatingSystem");
  info.os_type = root.str("OSType");
  info.kernel_version = root.str("KernelVersion");
  info.architecture = root.str("Architecture");
  info.docker_root_dir = root.str("DockerRootDir");
  info.storage_driver = root.str("Driver");
  info.logging_driver = root.str("LoggingDriver");
  info.cgroup_driver = root.str("CgroupDriver");
  info.cgroup_version = root.str("CgroupVersion");
  info.default_runtime = root.str("DefaultRuntime");
  info.live_restore_enabled = root.boolean("LiveRestoreEnabled");
  info.experimental_build = root.boolean("ExperimentalBuild");
  info.debug = root.boolean("Debug");
  info.containers = root.integer("Containers");
  info.containers_running = root.integer("ContainersRunning");
  info.images = root.integer("Images");
  for (const auto& text : root.strings("SecurityOptions")) {
    info.security_options.push_back(parse_security_option(text));
  }
  Reader plugins = root.object("Plugins");
  info.authorization_plugins = plugins.strings("Authorization");
  info.log_plugins = plugins.strings("Log");
  Reader registry = root.object("RegistryConfig");
  info.insecure_registry_cidrs = registry.strings("InsecureRegistryCIDRs");
  info.registry_mirrors = registry.strings("Mirrors");
  registry.each_member("IndexConfigs", [&](const std::string& name, const Reader& index) {
    if (index.has("Secure") && !index.boolean("Secure")) info.insecure_registries.push_back(name);
  });
  Reader swarm = root.object("Swarm");
  info.swarm_state = swarm.str("LocalNodeState");
  info.swarm_control_available = swarm.boolean("ControlAvailable");
  info.warnings = root.strings("Warnings");
  return info;
}

EngineVersion read_version(const Reader& root) {
  EngineVersion version;
  version.version = root.str("Version");
  version.api_version = root.str("ApiVersion");
  version.min_api_version = root.str("MinAPIVersion");
  version.go_version = root.str("GoVersion");
  version.os = root.str("Os");
  version.arch = root.str("Arch");
  version.kernel_version = root.str("KernelVersion");
  version.build_time = root.str("BuildTime");
  return version;
}

template <class T, class Fn>
core::Result<T> guarded(const json& value, const char* what, Fn&& fn) {
  try {
    return fn(Reader(value, ""));
  } catch (const DecodeError& error) {
    return core::fail(ErrorCode::kMalformedInput,
                      std::string(what) + ": " +
                          (error.field.empty() ? "" : "field " + error.field + ": ") +
                          error.message);
  } catch (const json::exception& error) {
    return core::fail(ErrorCode::kMalformedInput,
                      std::string(what) + ": " + json_error_text(error));
  }
}

// The request an entry answered, for its error entry: "GET /containers/<id>/json" when the
// entry has a readable id, else where it sits in the snapshot.
std::string entry_request(const json& entry, const std::string& prefix, const std::string& suffix,
                          const std::string& where) {
  if (entry.is_object()) {
    auto id = entry.find("Id");
    if (id != entry.end() && id->is_string() && !id->get_ref<const std::string&>().empty()) {
      return "GET " + prefix + escape_segment(id->get_ref<const std::string&>()) + suffix;
    }
  }
  return where;
}

}  // namespace

void decode_entry(std::string_view member, const json& element, size_t position,
                  EngineSnapshot& snapshot) {
  const std::string where =
      "snapshot " + std::string(member) + "[" + std::to_string(position) + "]";
  if (member == "containers") {
    auto decoded = guarded<Container>(element, "container", read_container_entry<Reader>);
    if (decoded) return snapshot.containers.push_back(std::move(*decoded));
    const json& inspect =
        element.is_object() && element.contains("inspect") ? element["inspect"] : null_json();
    snapshot.errors.push_back(
        {entry_request(inspect, "/containers/", "/json", where), decoded.error().message});
  } else if (member == "networks") {
    auto decoded = decode_network(element);
    if (decoded) return snapshot.networks.push_back(std::move(*decoded));
    snapshot.errors.push_back(
        {entry_request(element, "/networks/", "", where), decoded.error().message});
  } else if (member == "images") {
    auto decoded = decode_image(element);
    if (decoded) return snapshot.images.push_back(std::move(*decoded));
    snapshot.errors.push_back(
        {entry_request(element, "/images/", "/json", where), decoded.error().message});
  }
}

void drop_ended_execs(Container& container, const std::vector<std::string>& ended) {
  if (ended.empty()) return;
  std::erase_if(container.exec_ids, [&](const std::string& id) {
    return std::find(ended.begin(), ended.end(), id) != ended.end();
  });
}

core::Result<Container> decode_container(const json& inspect) {
  return guarded<Container>(inspect, "container", read_container<Reader>);
}
core::Result<Network> decode_network(const json& network) {
  return guarded<Network>(network, "network", read_network<Reader>);
}
core::Result<Image> decode_image(const json& image) {
  return guarded<Image>(image, "image", read_image<Reader>);
}
core::Result<EngineInfo> decode_info(const json& info) {
  return guarded<EngineInfo>(info, "info", read_info);
}
core::Result<EngineVersion> decode_version(const json& version) {
  return guarded<EngineVersion>(version, "version", read_version);
}
core::Result<ExecSession> decode_exec(const json& exec) {
  return guarded<ExecSession>(exec, "exec session", read_exec<Reader>);
}

core::Result<EngineSnapshot> decode_snapshot(const json& document) {
  if (!document.is_object()) {
    return core::fail(ErrorCode::kMalformedInput, "snapshot: expected a JSON object");
  }
  // Fragments (check examples, hand-written fixtures) may omit the schema field.
  if (auto schema = document.find("schema"); schema != document.end()) {
    if (!schema->is_string()) {
      return core::fail(ErrorCode::kMalformedInput, "snapshot: field schema: expected a string");
    }
    const auto text = schema->get<std::string>();
    const std::string prefix = "hardock.engine-snapshot/";
    if (text.rfind(prefix, 0) != 0) {
      return core::fail(ErrorCode::kMalformedInput,
                        "snapshot: schema '" + text + "' is not a hardock engine snapshot");
    }
    if (text.substr(prefix.size()).substr(0, text.substr(prefix.size()).find('.')) !=
        std::to_string(kSnapshotMajor)) {
      return core::fail(ErrorCode::kUnsupportedVersion,
                        "snapshot: schema '" + text + "' is not supported (this hardock reads " +
                            std::string(kSnapshotSchema) + ")");
    }
  }
  return guarded<EngineSnapshot>(document, "snapshot", [&](const Reader& root) {
    EngineSnapshot snapshot;
    snapshot.endpoint = root.str("endpoint");
    snapshot.collected_at = root.str("collected_at");
    snapshot.local = root.boolean("local");
    snapshot.info = read_info(root.object("info"));
    snapshot.version = read_version(root.object("version"));
    // Optional: absent is "not collected"; one that does not decode is an error entry, and the
    // rest of the snapshot is still read.
    if (const json& system_df = root.raw("system_df"); !system_df.is_null()) {
      auto usage = decode_disk_usage(system_df);
      if (usage) {
        snapshot.disk_usage = std::move(*usage);
      } else {
        snapshot.errors.push_back({"GET /system/df", usage.error().message});
      }
    }
    root.each("errors", [&](const Reader& error) {
      snapshot.errors.push_back({error.str("what"), error.str("message")});
    });
    for (const char* member : {"containers", "networks", "images"}) {
      const json& list = root.raw(member);
      if (list.is_null()) continue;
      if (!list.is_array()) throw DecodeError{member, "expected an array"};
      for (size_t position = 0; position < list.size(); ++position) {
        decode_entry(member, list[position], position, snapshot);
      }
    }
    snapshot.normalize();
    return snapshot;
  });
}

namespace {

bool kept_original(const Container& container, const std::set<std::string>& replaced) {
  if (replaced.contains(container.id)) return true;
  const auto infix = container.name.rfind(kKeptOriginalInfix);
  if (infix == std::string::npos) return false;
  const std::string_view stamp =
      std::string_view(container.name).substr(infix + kKeptOriginalInfix.size());
  return !stamp.empty() &&
         std::all_of(stamp.begin(), stamp.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

void EngineSnapshot::normalize() {
  std::sort(networks.begin(), networks.end(), [](const Network& a, const Network& b) {
    return std::tie(a.name, a.id) < std::tie(b.name, b.id);
  });
  std::sort(errors.begin(), errors.end(), [](const CollectionError& a, const CollectionError& b) {
    return std::tie(a.what, a.message) < std::tie(b.what, b.message);
  });
  std::set<std::string> replaced;
  for (const auto& container : containers) {
    if (auto label = container.labels.find(std::string(kReplacesLabel));
        label != container.labels.end()) {
      replaced.insert(label->second);
    }
  }
  // Usually none is: the containers stay where they are, in a vector of their exact size (moving
  // 10,000 again costs 25 MB of new pages; a vector grown by doubling holds up to twice that).
  if (std::none_of(containers.begin(), containers.end(), [&](const Container& container) {
        return kept_original(container, replaced);
      })) {
    if (containers.capacity() != containers.size()) containers.shrink_to_fit();
    return;
  }
  std::vector<Container> live;
  live.reserve(containers.size());
  for (auto& container : containers) {
    (kept_original(container, replaced) ? kept_for_rollback : live).push_back(std::move(container));
  }
  containers = std::move(live);
}

const Network* EngineSnapshot::find_network(std::string_view id_or_name) const {
  for (const auto& network : networks) {
    if (network.id == id_or_name || network.name == id_or_name) return &network;
  }
  return nullptr;
}

const Image* EngineSnapshot::find_image(std::string_view id) const {
  for (const auto& image : images) {
    if (image.id == id) return &image;
  }
  return nullptr;
}

const Container* EngineSnapshot::find_container(std::string_view id_or_name) const {
  for (const auto& container : containers) {
    if (container.id == id_or_name || container.name == id_or_name) return &container;
  }
  return nullptr;
}

}  // namespace hardock::docker
