// A Compose project as the engine would show it after `docker compose create`: each service's
// inspect document and each network's, built in the Engine API's shape and decoded by the same
// functions as a live collection (docker::decode_container, decode_network), so the audit's
// checks read exactly the fields they read on a live engine.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

#include "hardock/compose/detail.h"
#include "hardock/compose/inspect.h"

namespace hardock::compose {
namespace snapshot_impl {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr size_t kMaxPortsPerRange = 65536;

std::string id_of(const std::string& name) { return "compose:" + name; }

// "service:db" names a container of the project; "container:x" passes through.
std::string namespace_mode(const ComposeProject& project, const std::string& mode) {
  constexpr std::string_view kService = "service:";
  if (mode.rfind(kService, 0) != 0) return mode;
  const std::string other = mode.substr(kService.size());
  const Service* service = project.find_service(other);
  return "container:" + (service != nullptr ? project.container_name(*service)
                                            : project.name + "-" + other + "-1");
}

std::optional<std::pair<int, int>> port_range(const std::string& text) {
  if (text.empty()) return std::nullopt;
  const size_t dash = text.find('-');
  auto number = [](std::string_view digits) {
    int parsed = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), parsed);
    return parsed;
  };
  if (dash == std::string::npos) return std::pair{number(text), number(text)};
  return std::pair{number(std::string_view(text).substr(0, dash)),
                   number(std::string_view(text).substr(dash + 1))};
}

// Compose's expansion of one port item into container port -> bindings.
void add_port(const PortItem& port, json& bindings, json& exposed) {
  const auto target = port_range(port.target);
  if (!target) return;
  const auto published = port_range(port.published);
  const int count = target->second - target->first + 1;
  if (count <= 0 || static_cast<size_t>(count) > kMaxPortsPerRange) return;
  const bool paired = published && published->second - published->first + 1 == count;
  for (int offset = 0; offset < count; ++offset) {
    const std::string key = std::to_string(target->first + offset) + "/" + port.protocol;
    exposed[key] = json::object();
    std::string host_port;
    if (paired) {
      host_port = std::to_string(published->first + offset);
    } else if (published) {
      host_port = port.published;  // a host range for one container port: the engine picks
    }
    if (!bindings.contains(key)) bindings[key] = json::array();
    bindings[key].push_back({{"HostIp", port.host_ip}, {"HostPort", host_port}});
  }
}

std::string compose_restart_name(const std::string& restart, int64_t& retries) {
  retries = 0;
  if (restart.rfind("on-failure", 0) == 0) {
    if (const size_t colon = restart.find(':'); colon != std::string::npos) {
      std::from_chars(restart.data() + colon + 1, restart.data() + restart.size(), retries);
    }
    return "on-failure";
  }
  return restart.empty() ? "no" : restart;
}

json labels_json(const std::map<std::string, Entry>& labels) {
  json out = json::object();
  for (const auto& [key, entry] : labels) out[key] = entry.value.value_or("");
  return out;
}

// The networks a service is attached to, by key: its `networks:`, else "default" (none under
// network_mode).
std::vector<std::string> service_networks(const Service& service) {
  std::vector<std::string> keys;
  if (!service.network_mode.empty()) return keys;
  for (const auto& [key, where] : service.networks) keys.push_back(key);
  if (keys.empty()) keys.push_back("default");
  return keys;
}

std::string network_name(const ComposeProject& project, const std::string& key) {
  if (const Network* network = project.find_network(key)) return network->name;
  return project.name + "_" + key;
}

}  // namespace snapshot_impl

nlohmann::json service_inspect(const ComposeProject& project, const Service& service) {
  using namespace snapshot_impl;  // NOLINT: this file's helpers
  const std::string name = project.container_name(service);
  json config_files = json::array();
  std::string files;
  for (size_t idx = 0; idx < project.config_file_count && idx < project.files.size(); ++idx) {
    const std::string& file = project.files[idx];
    const std::string absolute =
        file == "-" ? file : fs::absolute(file).lexically_normal().string();
    files += (files.empty() ? "" : ",") + absolute;
  }
  json labels = labels_json(service.labels);
  labels["com.docker.compose.project"] = project.name;
  labels["com.docker.compose.service"] = service.name;
  labels["com.docker.compose.container-number"] = "1";
  labels["com.docker.compose.oneoff"] = "False";
  labels["com.docker.compose.project.config_files"] = files;
  labels["com.docker.compose.project.working_dir"] = project.working_dir;

  // Environment: env_file first, environment over it; "KEY" without a value is left out when
  // the shell does not set it (as Compose does), which load_project already resolved.
  std::map<std::string, std::string> env;
  for (const auto& [key, entry] : service.env_file_values) {
    if (entry.value) env[key] = *entry.value;
  }
  for (const auto& [key, entry] : service.environment) {
    if (entry.value) env[key] = *entry.value;
  }
  json env_list = json::array();
  for (const auto& [key, value] : env) env_list.push_back(key + "=" + value);

  json bindings = json::object();
  json exposed = json::object();
  for (const auto& port : service.ports) add_port(port, bindings, exposed);
  for (const auto& item : service.expose) {
    std::string port = item.value;
    if (port.find('/') == std::string::npos) port += "/tcp";
    exposed[port] = json::object();
  }

  json mounts = json::array();
  json binds = json::array();
  json tmpfs = json::object();
  for (const auto& volume : service.volumes) {
    json mount = {{"Type", volume.type},
                  {"Destination", volume.target},
                  {"RW", !volume.read_only},
                  {"Mode", volume.mode},
                  {"Propagation", ""}};
    if (volume.type == "bind") {
      mount["Source"] = volume.source;
      mount["Propagation"] = volume.propagation.empty() ? "rprivate" : volume.propagation;
      binds.push_back(volume.source + ":" + volume.target +
                      (volume.mode.empty() ? "" : ":" + volume.mode));
    } else if (volume.type == "volume") {
      std::string volume_name;
      if (!volume.source.empty()) {
        volume_name = project.name + "_" + volume.source;
        for (const auto& declared : project.volumes) {
          if (declared.key == volume.source) volume_name = declared.name;
        }
      }
      mount["Name"] = volume_name;
      mount["Source"] =
          volume_name.empty() ? "" : "/var/lib/docker/volumes/" + volume_name + "/_data";
      mount["Driver"] = "local";
    } else {
      mount["Source"] = volume.source;
    }
    mounts.push_back(std::move(mount));
  }
  for (const auto& item : service.tmpfs) {
    const size_t colon = item.value.find(':');
    tmpfs[item.value.substr(0, colon)] =
        colon == std::string::npos ? "" : item.value.substr(colon + 1);
  }

  json devices = json::array();
  for (const auto& item : service.devices) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
      const size_t colon = item.value.find(':', start);
      parts.push_back(item.value.substr(start, colon - start));
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
    const std::string in_container = parts.size() > 1 ? parts[1] : parts[0];
    const std::string permissions = parts.size() > 2 ? parts[2] : "rwm";
    devices.push_back({{"PathOnHost", parts[0]},
                       {"PathInContainer", in_container},
                       {"CgroupPermissions", permissions}});
  }

  json ulimits = json::array();
  for (const auto& [limit, values] : service.ulimits) {
    ulimits.push_back({{"Name", limit}, {"Soft", values.soft}, {"Hard", values.hard}});
  }
  json sysctls = json::object();
  for (const auto& [key, entry] : service.sysctls) sysctls[key] = entry.value.value_or("");
  json log_options = json::object();
  for (const auto& [key, value] : service.logging_options) log_options[key] = value;

  const std::vector<std::string> attached = service_networks(service);
  std::string network_mode = namespace_mode(project, service.network_mode);
  if (network_mode.empty()) network_mode = network_name(project, attached.front());
  json networks = json::object();
  for (const auto& key : attached) {
    const std::string net_name = network_name(project, key);
    const Network* declared = project.find_network(key);
    const bool external = declared != nullptr && declared->external;
    networks[net_name] = {{"NetworkID", external ? "" : id_of(net_name)}, {"IPAddress", ""}};
  }

  int64_t retries = 0;
  const std::string restart = compose_restart_name(service.restart, retries);
  const int64_t memory = service.mem_limit != 0 ? service.mem_limit : service.deploy_memory;
  const double cpus = service.cpus != 0 ? service.cpus : service.deploy_cpus;
  const std::optional<int64_t> pids = service.pids_limit ? service.pids_limit : service.deploy_pids;

  json host = {
      {"Privileged", service.privileged},
      {"CapAdd", json::array()},
      {"CapDrop", json::array()},
      {"Binds", binds},
      {"NetworkMode", network_mode},
      {"PidMode", namespace_mode(project, service.pid)},
      {"IpcMode",
       service.ipc.empty() ? std::string("private") : namespace_mode(project, service.ipc)},
      {"UTSMode", service.uts},
      {"UsernsMode", service.userns_mode},
      {"CgroupnsMode", service.cgroupns_mode},
      {"CgroupParent", service.cgroup_parent},
      {"Runtime", service.runtime.empty() ? std::string("runc") : service.runtime},
      {"Devices", devices},
      {"PortBindings", bindings},
      {"PublishAllPorts", false},
      {"Memory", memory},
      {"MemorySwap", service.memswap_limit},
      {"MemoryReservation", service.mem_reservation},
      {"NanoCpus", static_cast<int64_t>(std::llround(cpus * 1e9))},
      {"CpuShares", service.cpu_shares},
      {"CpuQuota", service.cpu_quota},
      {"CpuPeriod", service.cpu_period},
      {"CpusetCpus", service.cpuset},
      {"PidsLimit", pids ? json(*pids) : json(nullptr)},
      {"ReadonlyRootfs", service.read_only},
      {"RestartPolicy", {{"Name", restart}, {"MaximumRetryCount", retries}}},
      {"SecurityOpt", json::array()},
      {"Ulimits", ulimits},
      {"LogConfig",
       {{"Type",
         service.logging_driver.empty() ? std::string("json-file") : service.logging_driver},
        {"Config", log_options}}},
      {"Sysctls", sysctls},
      {"Tmpfs", tmpfs},
      {"GroupAdd", json::array()},
  };
  if (service.oom_kill_disable) host["OomKillDisable"] = *service.oom_kill_disable;
  for (const auto& item : service.cap_add) host["CapAdd"].push_back(item.value);
  for (const auto& item : service.cap_drop) host["CapDrop"].push_back(item.value);
  for (const auto& item : service.security_opt) host["SecurityOpt"].push_back(item.value);
  for (const auto& item : service.group_add) host["GroupAdd"].push_back(item.value);

  const std::string image =
      !service.image.empty() ? service.image : project.name + "-" + service.name;
  json config = {{"Image", image},
                 {"User", service.user.value_or("")},
                 {"Hostname", service.hostname},
                 {"WorkingDir", service.working_dir},
                 {"Env", env_list},
                 {"Labels", labels},
                 {"ExposedPorts", exposed}};
  if (service.command) config["Cmd"] = *service.command;
  if (service.entrypoint) config["Entrypoint"] = *service.entrypoint;
  if (!service.stop_signal.empty()) config["StopSignal"] = service.stop_signal;
  if (service.healthcheck) {
    json check = {{"Test", service.healthcheck->test}};
    if (service.healthcheck->retries) check["Retries"] = *service.healthcheck->retries;
    config["Healthcheck"] = check;
  }
  return {{"Id", id_of(name)},
          {"Name", "/" + name},
          {"Image", ""},
          {"Created", ""},
          {"Config", config},
          {"State", {{"Status", "created"}, {"Running", false}, {"Paused", false}, {"Pid", 0}}},
          {"HostConfig", host},
          {"Mounts", mounts},
          {"NetworkSettings", {{"Ports", json::object()}, {"Networks", networks}}}};
}

nlohmann::json network_inspect(const ComposeProject& project, const Network& network,
                               const std::vector<std::pair<std::string, std::string>>& members) {
  using nlohmann::json;
  using snapshot_impl::id_of;
  json options = json::object();
  for (const auto& [key, entry] : network.driver_opts) options[key] = entry.value.value_or("");
  json labels = snapshot_impl::labels_json(network.labels);
  labels["com.docker.compose.project"] = project.name;
  labels["com.docker.compose.network"] = network.key;
  json containers = json::object();
  for (const auto& [id, name] : members) {
    containers[id] = {{"Name", name}, {"IPv4Address", ""}};
  }
  return {{"Id", id_of(network.name)},
          {"Name", network.name},
          {"Driver", network.driver.empty() ? std::string("bridge") : network.driver},
          {"Scope", network.driver == "overlay" ? "swarm" : "local"},
          {"Internal", network.internal},
          {"Attachable", network.attachable},
          {"Ingress", false},
          {"EnableIPv6", network.enable_ipv6},
          {"Options", options},
          {"Labels", labels},
          {"Containers", containers}};
}

docker::EngineSnapshot to_snapshot(const ComposeProject& project) {
  docker::EngineSnapshot snapshot;
  snapshot.endpoint = "compose:" + project.name;
  snapshot.local = false;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> members;
  for (const auto& service : project.services) {
    const std::string name = project.container_name(service);
    for (const auto& key : snapshot_impl::service_networks(service)) {
      members[key].emplace_back(snapshot_impl::id_of(name), name);
    }
    // The on-disk snapshot's entry: the inspect, no process list (none runs), no exec session.
    const nlohmann::json entry = {
        {"inspect", service_inspect(project, service)},
        {"processes", {{"source", "none"}, {"list", nlohmann::json::array()}}},
        {"execs", nlohmann::json::array()},
        {"execs_ended", nlohmann::json::array()}};
    docker::decode_entry("containers", entry, snapshot.containers.size(), snapshot);
  }
  std::vector<Network> networks = project.networks;
  if (members.contains("default") && project.find_network("default") == nullptr) {
    Network implicit;
    implicit.key = "default";
    implicit.name = project.name + "_default";
    implicit.driver = "bridge";
    implicit.declared = false;
    networks.push_back(std::move(implicit));
  }
  for (const auto& network : networks) {
    if (network.external) continue;  // not the project's: its settings are not in the files
    auto found = members.find(network.key);
    static const std::vector<std::pair<std::string, std::string>> kNone;
    docker::decode_entry(
        "networks",
        network_inspect(project, network, found != members.end() ? found->second : kNone),
        snapshot.networks.size(), snapshot);
  }
  snapshot.normalize();
  return snapshot;
}

}  // namespace hardock::compose
