// Spec-level questions the generators ask: its capabilities, and whether it can be rendered.
#include "hardock/harden/run_spec.h"

#include <algorithm>

#include "hardock/docker/capabilities.h"
#include "hardock/harden/run_spec_rules.h"
#include "hardock/io/json_guard.h"

namespace hardock::harden {
namespace {

bool has_nul(const std::string& text) { return text.find('\0') != std::string::npos; }

// The first entry of `items` with a NUL, as "Field[index]".
std::string nul_in(const std::vector<std::string>& items, const char* field) {
  for (size_t index = 0; index < items.size(); ++index) {
    if (has_nul(items[index])) return std::string(field) + "[" + std::to_string(index) + "]";
  }
  return {};
}

std::string nul_in(const std::map<std::string, std::string>& items, const char* field) {
  for (const auto& [key, value] : items) {
    if (has_nul(key) || has_nul(value)) return std::string(field) + " (a key or value)";
  }
  return {};
}

}  // namespace

std::set<std::string> effective_capabilities(const RunSpec& spec) {
  return docker::effective_capabilities(spec.cap_add, spec.cap_drop, spec.privileged);
}

std::string unrepresentable_field(const RunSpec& spec) {
  std::string found;
  auto check = [&](const std::string& where) {
    if (found.empty() && !where.empty()) found = where;
  };
  auto scalar = [&](const std::string& value, const char* field) {
    if (found.empty() && has_nul(value)) found = field;
  };
  scalar(spec.name, "Name");
  scalar(spec.image, "Config.Image");
  if (spec.entrypoint) check(nul_in(*spec.entrypoint, "Config.Entrypoint"));
  check(nul_in(spec.cmd, "Config.Cmd"));
  check(nul_in(spec.env, "Config.Env"));
  scalar(spec.user, "Config.User");
  scalar(spec.working_dir, "Config.WorkingDir");
  scalar(spec.hostname, "Config.Hostname");
  scalar(spec.domainname, "Config.Domainname");
  check(nul_in(spec.labels, "Config.Labels"));
  check(nul_in(spec.expose, "Config.ExposedPorts"));
  if (spec.healthcheck) check(nul_in(spec.healthcheck->test, "Config.Healthcheck.Test"));
  scalar(spec.stop_signal, "Config.StopSignal");
  for (const auto& mount : spec.mounts) {
    for (const std::string* value : {&mount.source, &mount.target, &mount.propagation,
                                     &mount.tmpfs_options, &mount.bind_mode, &mount.type}) {
      scalar(*value, "HostConfig mounts");
    }
  }
  for (const auto& publish : spec.publish) {
    for (const std::string* value :
         {&publish.host_ip, &publish.host_port, &publish.container_port, &publish.protocol}) {
      scalar(*value, "HostConfig.PortBindings");
    }
  }
  scalar(spec.network_mode, "HostConfig.NetworkMode");
  for (const auto& network : spec.networks) {
    scalar(network.network, "NetworkSettings.Networks");
    check(nul_in(network.aliases, "NetworkSettings.Networks.Aliases"));
    scalar(network.ipv4_address, "NetworkSettings.Networks.IPAMConfig");
    scalar(network.ipv6_address, "NetworkSettings.Networks.IPAMConfig");
  }
  scalar(spec.restart_policy, "HostConfig.RestartPolicy");
  check(nul_in(spec.cap_add, "HostConfig.CapAdd"));
  check(nul_in(spec.cap_drop, "HostConfig.CapDrop"));
  check(nul_in(spec.security_opt, "HostConfig.SecurityOpt"));
  for (const std::string* value :
       {&spec.pid_mode, &spec.ipc_mode, &spec.uts_mode, &spec.userns_mode, &spec.cgroupns_mode,
        &spec.cgroup_parent, &spec.runtime, &spec.cpuset_cpus, &spec.log_driver}) {
    scalar(*value, "HostConfig");
  }
  for (const auto& device : spec.devices) {
    for (const std::string* value :
         {&device.path_on_host, &device.path_in_container, &device.permissions}) {
      scalar(*value, "HostConfig.Devices");
    }
  }
  for (const auto& limit : spec.ulimits) scalar(limit.name, "HostConfig.Ulimits");
  check(nul_in(spec.log_options, "HostConfig.LogConfig.Config"));
  check(nul_in(spec.sysctls, "HostConfig.Sysctls"));
  check(nul_in(spec.group_add, "HostConfig.GroupAdd"));
  check(nul_in(spec.dns, "HostConfig.Dns"));
  check(nul_in(spec.dns_search, "HostConfig.DnsSearch"));
  check(nul_in(spec.dns_options, "HostConfig.DnsOptions"));
  check(nul_in(spec.extra_hosts, "HostConfig.ExtraHosts"));
  check(nul_in(spec.device_cgroup_rules, "HostConfig.DeviceCgroupRules"));
  if (!found.empty()) return found + " holds a NUL byte, which no shell word or argv can carry";
  // The CLI reads `-e KEY` (no '=') from the caller's own environment: a recreate would hand
  // the reviewer's variable to the container.
  for (size_t index = 0; index < spec.env.size(); ++index) {
    if (spec.env[index].find('=') == std::string::npos) {
      return "Config.Env[" + std::to_string(index) +
             "] has no '=': `docker run -e` would copy that variable from the caller's "
             "environment";
    }
  }
  // --label, --log-opt and --sysctl split KEY=VALUE at the first '=': a key holding one would
  // come back as another key.
  auto key_with_equals = [](const std::map<std::string, std::string>& items) {
    return std::any_of(items.begin(), items.end(),
                       [](const auto& item) { return item.first.find('=') != std::string::npos; });
  };
  if (key_with_equals(spec.labels)) {
    return "Config.Labels has a key holding '=', which --label cannot carry";
  }
  if (key_with_equals(spec.log_options)) {
    return "HostConfig.LogConfig.Config has a key holding '=', which --log-opt cannot carry";
  }
  if (key_with_equals(spec.sysctls)) {
    return "HostConfig.Sysctls has a key holding '=', which --sysctl cannot carry";
  }
  for (const auto& option : spec.security_opt) {
    if (!rules::is_inline_seccomp(option)) continue;
    if (!io::json_nesting_error(option.substr(8)).empty() ||
        nlohmann::json::parse(option.substr(8), nullptr, false).is_discarded()) {
      return "HostConfig.SecurityOpt holds an inline seccomp profile that is not JSON";
    }
  }
  return {};
}

}  // namespace hardock::harden
