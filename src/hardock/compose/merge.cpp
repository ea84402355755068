// Compose's merge rules (compose-spec merge.md): a later file, or an extending service, over an
// earlier one. Only the keys `over` sets are applied: its `keys` map says which.
#include <algorithm>

#include "hardock/compose/detail.h"

namespace hardock::compose::detail {
namespace merge_impl {

template <class T>
void append_unique(std::vector<T>& base, const std::vector<T>& over) {
  for (const auto& item : over) {
    auto same = std::find_if(base.begin(), base.end(),
                             [&](const T& kept) { return kept.value == item.value; });
    if (same == base.end()) {
      base.push_back(item);
    } else {
      *same = item;  // the later position
    }
  }
}

template <class Map>
void merge_map(Map& base, const Map& over) {
  for (const auto& [key, value] : over) base[key] = value;
}

// Sets `field` of `service` back to its value in `defaults` (lists and mappings emptied,
// optional values unset); unknown fields are left alone.
void clear_field(Service& service, const Service& defaults, const std::string& field) {
  const std::pair<const char*, std::vector<Item> Service::*> lists[] = {
      {"cap_add", &Service::cap_add},           {"cap_drop", &Service::cap_drop},
      {"security_opt", &Service::security_opt}, {"tmpfs", &Service::tmpfs},
      {"devices", &Service::devices},           {"env_file", &Service::env_file},
      {"group_add", &Service::group_add},       {"expose", &Service::expose}};
  for (const auto& [key, member] : lists) {
    if (field == key) service.*member = defaults.*member;
  }
  const std::pair<const char*, std::map<std::string, Entry> Service::*> maps[] = {
      {"environment", &Service::environment},
      {"labels", &Service::labels},
      {"sysctls", &Service::sysctls}};
  for (const auto& [key, member] : maps) {
    if (field == key) service.*member = defaults.*member;
  }
  if (field == "ports") service.ports.clear();
  if (field == "volumes") service.volumes.clear();
  if (field == "networks") service.networks.clear();
  if (field == "ulimits") service.ulimits.clear();
  if (field == "user") service.user.reset();
  if (field == "healthcheck") service.healthcheck.reset();
  if (field == "pids_limit") service.pids_limit.reset();
  if (field == "logging") {
    service.logging_driver.clear();
    service.logging_options.clear();
  }
  if (field == "env_file") service.env_file_values.clear();
}

}  // namespace merge_impl

void merge_service(Service& base, const Service& over) {
  using merge_impl::append_unique;
  using merge_impl::merge_map;
  // `!override` and `!reset`: the earlier value goes first, so what follows replaces it.
  const Service defaults;
  // A !reset key keeps its position: a finding about the missing setting points at the line
  // that removed it.
  for (const auto& entry : over.replaced) merge_impl::clear_field(base, defaults, entry.first);
  auto has = [&](const char* key) { return over.keys.contains(key); };
  if (has("image")) base.image = over.image;
  if (has("build")) base.build = over.build;
  if (has("container_name")) base.container_name = over.container_name;
  if (has("user")) base.user = over.user;
  if (has("privileged")) base.privileged = over.privileged;
  if (has("read_only")) base.read_only = over.read_only;
  append_unique(base.cap_add, over.cap_add);
  append_unique(base.cap_drop, over.cap_drop);
  append_unique(base.security_opt, over.security_opt);
  append_unique(base.tmpfs, over.tmpfs);
  append_unique(base.devices, over.devices);
  append_unique(base.env_file, over.env_file);
  append_unique(base.group_add, over.group_add);
  append_unique(base.expose, over.expose);
  const std::pair<const char*, std::string Service::*> strings[] = {
      {"network_mode", &Service::network_mode},
      {"pid", &Service::pid},
      {"ipc", &Service::ipc},
      {"uts", &Service::uts},
      {"userns_mode", &Service::userns_mode},
      {"cgroup_parent", &Service::cgroup_parent},
      {"cgroup", &Service::cgroupns_mode},
      {"runtime", &Service::runtime},
      {"restart", &Service::restart},
      {"stop_signal", &Service::stop_signal},
      {"hostname", &Service::hostname},
      {"working_dir", &Service::working_dir},
      {"cpuset", &Service::cpuset}};
  for (const auto& [key, member] : strings) {
    if (has(key)) base.*member = over.*member;
  }
  const std::pair<const char*, std::int64_t Service::*> integers[] = {
      {"mem_limit", &Service::mem_limit},
      {"memswap_limit", &Service::memswap_limit},
      {"mem_reservation", &Service::mem_reservation},
      {"cpu_shares", &Service::cpu_shares},
      {"cpu_quota", &Service::cpu_quota},
      {"cpu_period", &Service::cpu_period},
      {"deploy.resources.limits.memory", &Service::deploy_memory}};
  for (const auto& [key, member] : integers) {
    if (has(key)) base.*member = over.*member;
  }
  if (has("cpus")) base.cpus = over.cpus;
  if (has("deploy.resources.limits.cpus")) base.deploy_cpus = over.deploy_cpus;
  if (has("pids_limit")) base.pids_limit = over.pids_limit;
  if (has("deploy.resources.limits.pids")) base.deploy_pids = over.deploy_pids;
  if (has("oom_kill_disable")) base.oom_kill_disable = over.oom_kill_disable;
  if (has("command")) base.command = over.command;
  if (has("entrypoint")) base.entrypoint = over.entrypoint;
  // ports: unique by {ip, target, published, protocol}; volumes: unique by target.
  for (const auto& port : over.ports) {
    auto same = std::find_if(base.ports.begin(), base.ports.end(), [&](const PortItem& kept) {
      return kept.host_ip == port.host_ip && kept.target == port.target &&
             kept.published == port.published && kept.protocol == port.protocol;
    });
    if (same == base.ports.end()) {
      base.ports.push_back(port);
    } else {
      *same = port;
    }
  }
  for (const auto& volume : over.volumes) {
    auto same = std::find_if(base.volumes.begin(), base.volumes.end(),
                             [&](const VolumeItem& kept) { return kept.target == volume.target; });
    if (same == base.volumes.end()) {
      base.volumes.push_back(volume);
    } else {
      *same = volume;
    }
  }
  merge_map(base.environment, over.environment);
  merge_map(base.labels, over.labels);
  merge_map(base.sysctls, over.sysctls);
  merge_map(base.networks, over.networks);
  merge_map(base.ulimits, over.ulimits);
  if (has("healthcheck")) {
    if (!base.healthcheck || !over.healthcheck) {
      base.healthcheck = over.healthcheck;
    } else {
      // Mapping merged; test replaced (a shell command).
      Healthcheck& kept = *base.healthcheck;
      const Healthcheck& later = *over.healthcheck;
      if (!later.test.empty()) kept.test = later.test;
      if (!later.interval.empty()) kept.interval = later.interval;
      if (!later.timeout.empty()) kept.timeout = later.timeout;
      if (!later.start_period.empty()) kept.start_period = later.start_period;
      if (later.retries) kept.retries = later.retries;
    }
  }
  if (has("logging")) {
    if (!over.logging_driver.empty()) base.logging_driver = over.logging_driver;
    merge_map(base.logging_options, over.logging_options);
  }
  for (const auto& [key, where] : over.keys) base.keys[key] = where;
}

void merge_network(Network& base, const Network& over) {
  auto has = [&](const char* key) { return over.keys.contains(key); };
  if (has("driver")) base.driver = over.driver;
  if (has("name")) base.name = over.name;
  if (has("internal")) base.internal = over.internal;
  if (has("attachable")) base.attachable = over.attachable;
  if (has("enable_ipv6")) base.enable_ipv6 = over.enable_ipv6;
  if (has("external")) base.external = over.external;
  merge_impl::merge_map(base.driver_opts, over.driver_opts);
  merge_impl::merge_map(base.labels, over.labels);
  for (const auto& [key, where] : over.keys) base.keys[key] = where;
}

}  // namespace hardock::compose::detail
