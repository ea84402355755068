// run_spec_from_inspect: a container's inspect document -> RunSpec.
#include <algorithm>
#include <string_view>
#include <utility>

#include "hardock/docker/capabilities.h"
#include "hardock/docker/json_reader.h"
#include "hardock/harden/run_spec.h"
#include "hardock/harden/run_spec_rules.h"
#include "hardock/harden/text.h"

namespace hardock::harden {
namespace {

using core::ErrorCode;
using nlohmann::json;
using namespace rules;  // NOLINT(google-build-using-namespace): the shared decisions

// Inspect documents are read by the same rules as the snapshot decoder.
using Node = docker::JsonReader;
using FieldError = docker::DecodeError;

// ---- reading inspect ----------------------------------------------------------------------------

MountSpec bind_entry(const std::string& entry) {
  // "source:target[:options]"; a bare "/target" is an anonymous volume.
  MountSpec mount;
  mount.origin = "binds";
  auto parts = split(entry, ':');
  if (parts.size() == 1) {
    mount.type = "volume";
    mount.target = parts[0];
    return mount;
  }
  mount.source = parts[0];
  mount.target = parts[1];
  mount.type = !mount.source.empty() && mount.source.front() == '/' ? "bind" : "volume";
  if (parts.size() > 2) {
    parts.erase(parts.begin(), parts.begin() + 2);
    mount.bind_mode = join(parts, ":");
    for (const auto& option : split(mount.bind_mode, ',')) {
      if (option == "ro") mount.read_only = true;
      if (is_propagation(option)) mount.propagation = option;
    }
  }
  return mount;
}

MountSpec api_mount(const Node& node) {
  MountSpec mount;
  mount.origin = "mounts";
  mount.type = node.str("Type");
  mount.source = node.str("Source");
  mount.target = node.str("Target");
  mount.read_only = node.boolean("ReadOnly");
  mount.propagation = node.object("BindOptions").str("Propagation");
  Node tmpfs = node.object("TmpfsOptions");
  std::vector<std::string> options;
  if (int64_t size = tmpfs.integer("SizeBytes"); size > 0) {
    options.push_back("size=" + std::to_string(size));
  }
  if (int64_t mode = tmpfs.integer("Mode"); mode > 0) options.push_back("mode=" + octal(mode));
  mount.tmpfs_options = join(options, ",");
  return mount;
}

std::optional<HealthSpec> read_health(const Node& config) {
  if (!config.has("Healthcheck")) return std::nullopt;
  Node health = config.object("Healthcheck");
  HealthSpec spec;
  spec.test = health.strings("Test");
  spec.interval_ns = health.integer("Interval");
  spec.timeout_ns = health.integer("Timeout");
  spec.start_period_ns = health.integer("StartPeriod");
  spec.retries = health.integer("Retries");
  return spec;
}

void read_mounts(const Node& root, const Node& host, RunSpec& spec) {
  for (const auto& entry : host.strings("Binds")) spec.mounts.push_back(bind_entry(entry));
  host.each("Mounts", [&](const Node& node) { spec.mounts.push_back(api_mount(node)); });
  for (const auto& [target, options] : host.string_map("Tmpfs")) {
    spec.mounts.push_back({"tmpfs", "", target, false, "", options, "tmpfs", ""});
  }
  // What remains in the effective mounts came from Config.Volumes (-v /path, image VOLUME) or
  // --volumes-from: keep it by name so a recreate reattaches the same data.
  root.each("Mounts", [&](const Node& node) {
    const std::string destination = node.str("Destination");
    const bool known =
        std::any_of(spec.mounts.begin(), spec.mounts.end(),
                    [&](const MountSpec& mount) { return mount.target == destination; });
    if (known) return;
    const std::string type = node.str("Type");
    MountSpec mount;
    mount.type = type;
    mount.target = destination;
    mount.read_only = !node.boolean("RW");
    if (type == "volume") {
      mount.source = node.str("Name");
      mount.origin = "volumes";
    } else if (type == "bind") {
      mount.source = node.str("Source");
      mount.origin = "mounts";
    } else {
      return;
    }
    spec.mounts.push_back(std::move(mount));
  });
}

void read_ports(const Node& host, RunSpec& spec) {
  // {"8080/tcp": [{"HostIp": "127.0.0.1", "HostPort": "18100"}] | null}
  const json& bindings_by_port = host.raw("PortBindings");
  if (bindings_by_port.is_null()) return;
  const std::string field = host.field("PortBindings");
  if (!bindings_by_port.is_object()) throw FieldError{field, "expected an object"};
  for (const auto& [port, bindings] : bindings_by_port.items()) {
    const auto slash = port.find('/');
    const std::string number = port.substr(0, slash);
    const std::string protocol = slash == std::string::npos ? "tcp" : port.substr(slash + 1);
    if (bindings.is_null()) continue;
    if (!bindings.is_array()) throw FieldError{field + "." + port, "expected an array"};
    for (size_t index = 0; index < bindings.size(); ++index) {
      Node binding(bindings[index], field + "." + port + "[" + std::to_string(index) + "]");
      spec.publish.push_back({binding.str("HostIp"), binding.str("HostPort"), number, protocol});
    }
  }
}

void read_networks(const Node& root, RunSpec& spec, const std::string& id,
                   const std::string& hostname) {
  if (spec.network_mode == "none" || joins_other_namespace(spec.network_mode)) return;
  const std::string first =
      is_default_bridge_mode(spec.network_mode) ? std::string("bridge") : spec.network_mode;
  root.object("NetworkSettings")
      .each_member("Networks", [&](const std::string& name, const Node& network) {
        NetworkAttachment attachment;
        attachment.network = name;
        // The engine adds the short id (and, up to 24.0, the hostname) to every user network's
        // aliases.
        for (auto& alias : network.strings("Aliases")) {
          if (alias != id.substr(0, kShortIdLength) && alias != hostname) {
            attachment.aliases.push_back(std::move(alias));
          }
        }
        Node ipam = network.object("IPAMConfig");
        attachment.ipv4_address = ipam.str("IPv4Address");
        attachment.ipv6_address = ipam.str("IPv6Address");
        if (name == first) {
          spec.networks.insert(spec.networks.begin(), std::move(attachment));
        } else {
          spec.networks.push_back(std::move(attachment));
        }
      });
}

RunSpec read_spec(const Node& root) {
  RunSpec spec;
  const std::string id = root.str("Id");
  spec.name = root.str("Name");
  if (!spec.name.empty() && spec.name.front() == '/') spec.name.erase(0, 1);
  spec.image_id = root.str("Image");

  Node config = root.object("Config");
  spec.image = config.str("Image");
  if (config.has("Entrypoint")) spec.entrypoint = config.strings("Entrypoint");
  spec.cmd = config.strings("Cmd");
  spec.env = config.strings("Env");
  spec.user = config.str("User");
  spec.working_dir = config.str("WorkingDir");
  const std::string hostname = config.str("Hostname");
  spec.domainname = config.str("Domainname");
  spec.labels = config.string_map("Labels");
  spec.expose = config.keys("ExposedPorts");
  spec.healthcheck = read_health(config);
  spec.tty = config.boolean("Tty");
  spec.interactive = config.boolean("OpenStdin");
  spec.stop_signal = config.str("StopSignal");
  spec.stop_timeout = config.optional_integer("StopTimeout");

  Node host = root.object("HostConfig");
  read_mounts(root, host, spec);
  read_ports(host, spec);
  spec.publish_all = host.boolean("PublishAllPorts");
  spec.network_mode = host.str("NetworkMode");
  Node restart = host.object("RestartPolicy");
  spec.restart_policy = restart.str("Name");
  spec.restart_max_retries = restart.integer("MaximumRetryCount");
  spec.privileged = host.boolean("Privileged");
  for (const auto& name : host.strings("CapAdd"))
    spec.cap_add.push_back(docker::normalize_capability(name));
  for (const auto& name : host.strings("CapDrop"))
    spec.cap_drop.push_back(docker::normalize_capability(name));
  spec.security_opt = host.strings("SecurityOpt");
  spec.read_only = host.boolean("ReadonlyRootfs");
  spec.init = host.optional_boolean("Init");
  spec.pid_mode = host.str("PidMode");
  spec.ipc_mode = host.str("IpcMode");
  spec.uts_mode = host.str("UTSMode");
  spec.userns_mode = host.str("UsernsMode");
  spec.cgroupns_mode = host.str("CgroupnsMode");
  spec.cgroup_parent = host.str("CgroupParent");
  spec.runtime = host.str("Runtime");
  spec.memory = host.integer("Memory");
  spec.memory_swap = host.integer("MemorySwap");
  spec.memory_reservation = host.integer("MemoryReservation");
  spec.nano_cpus = host.integer("NanoCpus");
  spec.cpu_shares = host.integer("CpuShares");
  spec.cpu_quota = host.integer("CpuQuota");
  spec.cpu_period = host.integer("CpuPeriod");
  spec.cpuset_cpus = host.str("CpusetCpus");
  if (auto limit = host.optional_integer("PidsLimit"); limit && *limit > 0) spec.pids_limit = limit;
  spec.shm_size = host.integer("ShmSize");
  host.each("Devices", [&](const Node& device) {
    spec.devices.push_back(
        {device.str("PathOnHost"), device.str("PathInContainer"), device.str("CgroupPermissions")});
  });
  host.each("Ulimits", [&](const Node& limit) {
    spec.ulimits.push_back({limit.str("Name"), limit.integer("Soft"), limit.integer("Hard")});
  });
  Node log = host.object("LogConfig");
  spec.log_driver = log.str("Type");
  spec.log_options = log.string_map("Config");
  spec.sysctls = host.string_map("Sysctls");
  spec.group_add = host.strings("GroupAdd");
  spec.dns = host.strings("Dns");
  spec.dns_search = host.strings("DnsSearch");
  spec.dns_options = host.strings("DnsOptions");
  spec.extra_hosts = host.strings("ExtraHosts");
  spec.oom_kill_disable = host.optional_boolean("OomKillDisable");
  spec.oom_score_adj = host.integer("OomScoreAdj");
  spec.device_cgroup_rules = host.strings("DeviceCgroupRules");
  spec.auto_remove = host.boolean("AutoRemove");

  // A hostname is the user's only when the engine did not derive it: from the id, or from the
  // host or another container whose UTS namespace it shares.
  const bool inherited = joins_other_namespace(spec.network_mode) || spec.uts_mode == "host";
  if (!inherited && hostname != id.substr(0, kShortIdLength)) spec.hostname = hostname;
  read_networks(root, spec, id, hostname);
  return spec;
}

}  // namespace

core::Result<RunSpec> run_spec_from_inspect(const json& inspect) {
  if (!inspect.is_object()) {
    return core::fail(ErrorCode::kMalformedInput, "container inspect: expected an object");
  }
  try {
    return read_spec(Node(inspect, ""));
  } catch (const FieldError& error) {
    return core::fail(ErrorCode::kMalformedInput,
                      "container inspect: field " + error.field + ": " + error.message);
  } catch (const json::exception& error) {
    return core::fail(ErrorCode::kMalformedInput,
                      std::string("container inspect: ") + error.what());
  }
}

}  // namespace hardock::harden
