// The readers of one container, network and image, written once for both JSON representations
// the snapshot decoders read: nlohmann's tree (JsonReader, json_reader.h: live collection,
// harden, the reference decoder) and simdjson's document (the fast snapshot decoder,
// snapshot_simd.cpp). Internal to src/hardock/docker: included by snapshot_decode.cpp and
// snapshot_simd.cpp only.
//
// A Reader type R offers JsonReader's interface: R(value, path) (throws DecodeError unless the
// value is an object or null), has, str, boolean, optional_boolean, integer, optional_integer,
// strings, keys, string_map, object, each, each_member, raw, field; and an overload
// read_ports(const R&, const char* key) found by argument-dependent lookup. Members are read as
// nlohmann's tree holds them: a key given twice counts as its last value, and members are visited
// in the byte order of their keys; so both readers give the same result, and the same first
// error, for any document.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "hardock/docker/json_reader.h"
#include "hardock/docker/snapshot.h"

namespace hardock::docker::snapshot_read {

template <class R>
std::optional<Healthcheck> read_healthcheck(const R& config) {
  if (!config.has("Healthcheck")) return std::nullopt;
  Healthcheck check;
  check.test = config.object("Healthcheck").strings("Test");
  return check;
}

template <class R>
Container read_container(const R& root) {
  Container c;
  c.id = root.str("Id");
  c.name = root.str("Name");
  if (!c.name.empty() && c.name.front() == '/') c.name.erase(0, 1);
  c.image_id = root.str("Image");
  c.created = root.str("Created");
  c.driver = root.str("Driver");
  c.apparmor_profile = root.str("AppArmorProfile");
  c.mount_label = root.str("MountLabel");
  c.process_label = root.str("ProcessLabel");
  c.exec_ids = root.strings("ExecIDs");

  R config = root.object("Config");
  c.image_ref = config.str("Image");
  c.user = config.str("User");
  c.hostname = config.str("Hostname");
  c.working_dir = config.str("WorkingDir");
  c.env = config.strings("Env");
  c.cmd = config.strings("Cmd");
  c.entrypoint = config.strings("Entrypoint");
  c.labels = config.string_map("Labels");
  c.exposed_ports = config.keys("ExposedPorts");
  c.healthcheck = read_healthcheck(config);

  R state = root.object("State");
  c.status = state.str("Status");
  c.running = state.boolean("Running");
  c.paused = state.boolean("Paused");
  c.pid = state.integer("Pid");
  c.health_status = state.object("Health").str("Status");
  c.restart_count = root.integer("RestartCount");

  R host = root.object("HostConfig");
  c.privileged = host.boolean("Privileged");
  c.cap_add = host.strings("CapAdd");
  c.cap_drop = host.strings("CapDrop");
  c.binds = host.strings("Binds");
  c.network_mode = host.str("NetworkMode");
  c.pid_mode = host.str("PidMode");
  c.ipc_mode = host.str("IpcMode");
  c.uts_mode = host.str("UTSMode");
  c.userns_mode = host.str("UsernsMode");
  c.cgroupns_mode = host.str("CgroupnsMode");
  c.cgroup_parent = host.str("CgroupParent");
  c.runtime = host.str("Runtime");
  host.each("Devices", [&](const R& device) {
    c.devices.push_back(
        {device.str("PathOnHost"), device.str("PathInContainer"), device.str("CgroupPermissions")});
  });
  c.device_cgroup_rules = host.strings("DeviceCgroupRules");
  c.port_bindings = read_ports(host, "PortBindings");
  c.publish_all_ports = host.boolean("PublishAllPorts");
  c.memory = host.integer("Memory");
  c.memory_swap = host.integer("MemorySwap");
  c.memory_reservation = host.integer("MemoryReservation");
  c.nano_cpus = host.integer("NanoCpus");
  c.cpu_shares = host.integer("CpuShares");
  c.cpu_quota = host.integer("CpuQuota");
  c.cpu_period = host.integer("CpuPeriod");
  c.cpuset_cpus = host.str("CpusetCpus");
  c.pids_limit = host.optional_integer("PidsLimit");
  c.readonly_rootfs = host.boolean("ReadonlyRootfs");
  R restart = host.object("RestartPolicy");
  c.restart_policy = {restart.str("Name"), restart.integer("MaximumRetryCount")};
  c.security_opt = host.strings("SecurityOpt");
  host.each("Ulimits", [&](const R& limit) {
    c.ulimits.push_back({limit.str("Name"), limit.integer("Soft"), limit.integer("Hard")});
  });
  R log = host.object("LogConfig");
  c.log_driver = log.str("Type");
  c.log_options = log.string_map("Config");
  c.oom_kill_disable = host.optional_boolean("OomKillDisable");
  c.sysctls = host.string_map("Sysctls");
  c.tmpfs = host.string_map("Tmpfs");
  c.group_add = host.strings("GroupAdd");

  root.each("Mounts", [&](const R& mount) {
    c.mounts.push_back({mount.str("Type"), mount.str("Name"), mount.str("Source"),
                        mount.str("Destination"), mount.str("Mode"), mount.boolean("RW"),
                        mount.str("Propagation")});
  });
  R settings = root.object("NetworkSettings");
  c.ports = read_ports(settings, "Ports");
  settings.each_member("Networks", [&](const std::string& name, const R& network) {
    c.networks.push_back({name, network.str("NetworkID"), network.str("IPAddress")});
  });
  return c;
}

template <class R>
ExecSession read_exec(const R& exec) {
  R process = exec.object("ProcessConfig");
  std::string command = process.str("entrypoint");
  for (const auto& argument : process.strings("arguments")) command += " " + argument;
  return {exec.str("ID"), exec.boolean("Running"), process.boolean("privileged"),
          process.str("user"), std::move(command)};
}

template <class R>
void read_execs(const R& wrapper, Container& c) {
  if (!wrapper.has("execs")) return;
  c.execs_read = true;
  wrapper.each("execs", [&](const R& exec) { c.execs.push_back(read_exec(exec)); });
  drop_ended_execs(c, wrapper.strings("execs_ended"));
}

template <class R>
void read_processes(const R& wrapper, Container& c) {
  R processes = wrapper.object("processes");
  std::string source = processes.str("source");
  if (source == "proc") {
    c.process_source = ProcessSource::kProc;
  } else if (source == "top") {
    c.process_source = ProcessSource::kTop;
  } else if (source.empty() || source == "none") {
    c.process_source = ProcessSource::kNone;
  } else {
    throw DecodeError{processes.field("source"), "expected proc, top or none"};
  }
  processes.each("list", [&](const R& process) {
    c.processes.push_back({process.integer("pid"), process.str("user"), process.str("command")});
  });
  c.process_error = processes.str("error");
}

template <class R>
Network read_network(const R& root) {
  Network n;
  n.id = root.str("Id");
  n.name = root.str("Name");
  n.driver = root.str("Driver");
  n.scope = root.str("Scope");
  n.internal = root.boolean("Internal");
  n.attachable = root.boolean("Attachable");
  n.ingress = root.boolean("Ingress");
  n.enable_ipv6 = root.boolean("EnableIPv6");
  n.options = root.string_map("Options");
  n.labels = root.string_map("Labels");
  root.object("IPAM").each("Config", [&](const R& config) {
    if (auto subnet = config.str("Subnet"); !subnet.empty()) n.subnets.push_back(subnet);
  });
  root.each_member("Containers", [&](const std::string& id, const R& member) {
    n.containers.push_back({id, member.str("Name"), member.str("IPv4Address")});
  });
  return n;
}

template <class R>
Image read_image(const R& root) {
  Image image;
  image.id = root.str("Id");
  image.repo_tags = root.strings("RepoTags");
  image.repo_digests = root.strings("RepoDigests");
  image.created = root.str("Created");
  image.size = root.integer("Size");
  image.os = root.str("Os");
  image.architecture = root.str("Architecture");
  R config = root.object("Config");
  image.user = config.str("User");
  image.exposed_ports = config.keys("ExposedPorts");
  image.healthcheck = read_healthcheck(config);
  image.labels = config.string_map("Labels");
  image.env = config.strings("Env");
  image.entrypoint = config.strings("Entrypoint");
  image.cmd = config.strings("Cmd");
  if (root.has("History")) {
    image.history.emplace();
    root.each("History", [&](const R& step) {
      image.history->push_back({step.integer("Created"), step.str("CreatedBy"), step.str("Comment"),
                                step.integer("Size")});
    });
  }
  return image;
}

// One container entry of a snapshot: its inspect read as the collector reads an inspect body
// (so the two name a bad field alike), then the parts hardock added.
template <class R>
Container read_container_entry(const R& wrapper) {
  Container container = read_container(R(wrapper.raw("inspect"), ""));
  read_processes(wrapper, container);
  read_execs(wrapper, container);
  return container;
}

}  // namespace hardock::docker::snapshot_read
