// observe_container: stats, changes and listening ports of one container (observe.h). The
// socket-table parser is in proc_net_tcp.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <string_view>

#include "hardock/docker/proc_reader.h"
#include "hardock/harden/observe.h"

namespace hardock::harden {
namespace {

using nlohmann::json;

core::Error malformed(std::string message) {
  return core::Error{core::ErrorCode::kMalformedInput, std::move(message), {}};
}

// An optional integer field at a JSON pointer; null/absent is nullopt.
core::Result<std::optional<int64_t>> integer_at(const json& document, const char* pointer) {
  const json::json_pointer where(pointer);
  if (!document.contains(where) || document.at(where).is_null()) return std::nullopt;
  const auto& value = document.at(where);
  if (!value.is_number_integer()) {
    return core::fail(malformed(fmt::format("field {} is not an integer", pointer)));
  }
  return value.get<int64_t>();
}

// A socket table holds ~150 bytes per socket: 16 MiB is 100,000 sockets, far beyond a container.
constexpr size_t kMaxSocketTableBytes = size_t{16} << 20;

// The text of a /proc file (its size is not known in advance: read until the end or the cap).
// nullopt when it cannot be opened; kMalformedInput above the cap.
core::Result<std::optional<std::string>> read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::optional<std::string>();
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxSocketTableBytes) {
      return core::fail(malformed(
          fmt::format("{} is larger than {} bytes", path.string(), kMaxSocketTableBytes)));
    }
  }
  return std::optional<std::string>(std::move(text));
}

// Socket inodes held open by the processes (their fd links read "socket:[INODE]").
std::set<uint64_t> socket_inodes(const std::string& proc_root, const std::vector<int64_t>& pids) {
  std::set<uint64_t> inodes;
  for (const auto pid : pids) {
    std::error_code error;
    std::filesystem::directory_iterator fds(
        std::filesystem::path(proc_root) / std::to_string(pid) / "fd", error);
    if (error) continue;
    for (const auto& fd : fds) {
      const auto target = std::filesystem::read_symlink(fd.path(), error);
      if (error) continue;
      const std::string text = target.string();
      if (!text.starts_with("socket:[") || !text.ends_with("]")) continue;
      uint64_t inode = 0;
      const auto* first = text.data() + 8;
      const auto* last = text.data() + text.size() - 1;
      if (std::from_chars(first, last, inode).ptr == last) inodes.insert(inode);
    }
  }
  return inodes;
}

}  // namespace

core::Result<StatsSample> parse_stats(const json& stats) {
  if (!stats.is_object()) return core::fail(malformed("stats is not a JSON object"));
  StatsSample sample;
  auto usage = integer_at(stats, "/memory_stats/usage");
  if (!usage) return core::fail(usage.error());
  if (*usage) {
    // As `docker stats`: the inactive file cache is reclaimable, so it is not "in use". cgroup v1
    // reports total_inactive_file (hierarchical; its inactive_file is this group's alone), v2
    // only inactive_file.
    auto inactive = integer_at(stats, "/memory_stats/stats/inactive_file");
    if (!inactive) return core::fail(inactive.error());
    auto total_inactive = integer_at(stats, "/memory_stats/stats/total_inactive_file");
    if (!total_inactive) return core::fail(total_inactive.error());
    const int64_t cache = total_inactive->value_or(inactive->value_or(0));
    sample.memory_usage_bytes = cache < **usage ? **usage - cache : **usage;
  }
  auto max_usage = integer_at(stats, "/memory_stats/max_usage");
  if (!max_usage) return core::fail(max_usage.error());
  sample.memory_max_usage_bytes = *max_usage;
  auto pids = integer_at(stats, "/pids_stats/current");
  if (!pids) return core::fail(pids.error());
  sample.pids_current = *pids;

  auto online = integer_at(stats, "/cpu_stats/online_cpus");
  if (!online) return core::fail(online.error());
  sample.online_cpus = *online;
  const json::json_pointer percpu("/cpu_stats/cpu_usage/percpu_usage");
  if (!sample.online_cpus && stats.contains(percpu) && stats.at(percpu).is_array() &&
      !stats.at(percpu).empty()) {
    sample.online_cpus = static_cast<int64_t>(stats.at(percpu).size());  // older engines
  }
  auto cpu = integer_at(stats, "/cpu_stats/cpu_usage/total_usage");
  auto precpu = integer_at(stats, "/precpu_stats/cpu_usage/total_usage");
  auto system = integer_at(stats, "/cpu_stats/system_cpu_usage");
  auto presystem = integer_at(stats, "/precpu_stats/system_cpu_usage");
  for (const auto* field : {&cpu, &precpu, &system, &presystem}) {
    if (!*field) return core::fail(field->error());
  }
  // CPU time over host CPU time between the two samples, times the CPUs: cores in use (as
  // `docker stats` computes its percentage). The first sample of a fresh container has no
  // precpu; then nothing can be said.
  if (*cpu && *precpu && *system && *presystem && sample.online_cpus) {
    const int64_t cpu_delta = **cpu - **precpu;
    const int64_t system_delta = **system - **presystem;
    if (system_delta > 0 && cpu_delta >= 0 && **precpu > 0) {
      sample.cpu_cores_used = static_cast<double>(cpu_delta) / static_cast<double>(system_delta) *
                              static_cast<double>(*sample.online_cpus);
    }
  }
  return sample;
}

core::Result<std::vector<ChangedPath>> parse_changes(const json& changes) {
  std::vector<ChangedPath> out;
  if (changes.is_null()) return out;
  if (!changes.is_array()) return core::fail(malformed("changes is not a JSON array"));
  for (const auto& entry : changes) {
    if (!entry.is_object() || !entry.contains("Path") || !entry["Path"].is_string() ||
        !entry.contains("Kind") || !entry["Kind"].is_number_integer()) {
      return core::fail(malformed("a change entry lacks a string Path or an integer Kind"));
    }
    out.push_back({entry["Path"].get<std::string>(), entry["Kind"].get<int>()});
  }
  return out;
}

core::Result<std::vector<std::string>> read_listening_ports(const std::string& proc_root,
                                                            int64_t pid,
                                                            const std::vector<int64_t>& pids,
                                                            bool host_network) {
  std::vector<ListeningSocket> sockets;
  bool any_table = false;
  for (const char* table : {"tcp", "tcp6"}) {
    const auto path = std::filesystem::path(proc_root) / std::to_string(pid) / "net" / table;
    auto text = read_text(path);
    if (!text) return core::fail(text.error());
    if (!*text) continue;  // tcp6 is absent without IPv6
    any_table = true;
    auto parsed = parse_proc_net_tcp(**text);
    if (!parsed) return core::fail(parsed.error().with_context(path.string()));
    sockets.insert(sockets.end(), parsed->begin(), parsed->end());
  }
  if (!any_table) {
    return core::fail(core::ErrorCode::kNotFound,
                      fmt::format("{}/{}/net/tcp is not readable", proc_root, pid));
  }
  const auto owned = socket_inodes(proc_root, pids);
  if (owned.empty() && host_network) {
    // The host's network namespace holds every host service: without the fds there is no
    // telling which sockets are the container's.
    return core::fail(core::ErrorCode::kPermissionDenied,
                      "the container's file descriptors are not readable and it uses the host "
                      "network: its listening sockets cannot be told from the host's");
  }
  std::set<int> ports;
  for (const auto& socket : sockets) {
    if (owned.empty() || owned.contains(socket.inode)) ports.insert(socket.port);
  }
  std::vector<std::string> out;
  for (const int port : ports) out.push_back(fmt::format("{}/tcp", port));
  return out;
}

Observations observe_container(docker::EngineClient& client, const docker::Container& container,
                               const docker::Image* image, bool local_proc,
                               const Prefetched& prefetched) {
  Observations seen;
  if (image != nullptr) {
    seen.image_user = image->user;
    seen.image_exposed = image->exposed_ports;
    seen.image_healthcheck = image->healthcheck;
  }
  const std::string base = "/containers/" + container.id;

  seen.processes = container.processes;
  seen.processes_observed = container.process_source != docker::ProcessSource::kNone;
  // The /proc reader confirms the pid is this container's (its cgroup names the id), which also
  // guards the socket tables read below against a pid from another PID namespace.
  bool proc_visible = false;
  if (local_proc && container.running && container.pid > 0) {
    auto processes = docker::read_container_processes({}, container.pid, container.id);
    if (processes) {
      proc_visible = true;
      if (!seen.processes_observed) {
        seen.processes = std::move(*processes);
        seen.processes_observed = true;
      }
    } else {
      seen.errors.push_back("processes from /proc: " + processes.error().to_string());
    }
  }
  if (!seen.processes_observed && container.running) {
    seen.errors.push_back("processes: not observed" + (container.process_error.empty()
                                                           ? std::string()
                                                           : " (" + container.process_error + ")"));
  }

  if (container.running) {
    const auto what = "GET " + base + "/stats?stream=false";
    auto stats = prefetched.stats != nullptr ? *prefetched.stats
                                             : client.get_json(base + "/stats?stream=false");
    auto sample =
        stats ? parse_stats(*stats) : core::Result<StatsSample>(core::fail(stats.error()));
    if (sample) {
      seen.memory_usage_bytes = sample->memory_usage_bytes;
      seen.memory_max_usage_bytes = sample->memory_max_usage_bytes;
      seen.pids_current = sample->pids_current;
      seen.cpu_cores_used = sample->cpu_cores_used;
      seen.online_cpus = sample->online_cpus;
    } else {
      seen.errors.push_back(what + ": " + sample.error().to_string());
    }
  }

  {
    const auto what = "GET " + base + "/changes";
    auto changes =
        prefetched.changes != nullptr ? *prefetched.changes : client.get_json(base + "/changes");
    auto parsed = changes ? parse_changes(*changes)
                          : core::Result<std::vector<ChangedPath>>(core::fail(changes.error()));
    if (parsed) {
      seen.changes = std::move(*parsed);
      seen.changes_observed = true;
    } else {
      seen.errors.push_back(what + ": " + parsed.error().to_string());
    }
  }

  if (proc_visible) {
    std::vector<int64_t> pids;
    for (const auto& process : seen.processes) pids.push_back(process.pid);
    if (pids.empty()) pids.push_back(container.pid);
    auto ports =
        read_listening_ports("/proc", container.pid, pids, container.network_mode == "host");
    if (ports) {
      seen.listening_ports = std::move(*ports);
    } else {
      seen.errors.push_back("listening ports: " + ports.error().to_string());
    }
  } else if (container.running) {
    seen.errors.push_back(
        "listening ports: not observed (the engine is remote or its /proc is not visible here)");
  }
  return seen;
}

std::map<std::string, Observations> observe_containers(docker::EngineClient& client,
                                                       const docker::EngineSnapshot& snapshot) {
  std::vector<std::string> paths;
  std::vector<size_t> stats_slot(snapshot.containers.size(), SIZE_MAX);
  std::vector<size_t> changes_slot(snapshot.containers.size(), SIZE_MAX);
  for (size_t i = 0; i < snapshot.containers.size(); ++i) {
    const auto& container = snapshot.containers[i];
    if (container.running) {
      stats_slot[i] = paths.size();
      paths.push_back("/containers/" + container.id + "/stats?stream=false");
    }
    changes_slot[i] = paths.size();
    paths.push_back("/containers/" + container.id + "/changes");
  }
  auto bodies = client.get_json_many(paths);
  std::map<std::string, Observations> out;
  for (size_t i = 0; i < snapshot.containers.size(); ++i) {
    const auto& container = snapshot.containers[i];
    Prefetched prefetched;
    if (stats_slot[i] != SIZE_MAX) prefetched.stats = &bodies[stats_slot[i]];
    prefetched.changes = &bodies[changes_slot[i]];
    out[container.id] = observe_container(
        client, container, snapshot.find_image(container.image_id), snapshot.local, prefetched);
  }
  return out;
}

}  // namespace hardock::harden
