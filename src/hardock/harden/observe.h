// What a workload does, as opposed to how it is configured: memory, CPU and process counts from
// one stats sample, the paths it wrote from the changes list, and the TCP ports it listens on from
// the kernel's socket tables (observe.cpp, proc_net_tcp.cpp). Hardening (container_hardening.h)
// reads these; each read that fails is written down in Observations::errors and hardening stays
// conservative where it could not look.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "hardock/core/result.h"
#include "hardock/docker/engine_client.h"
#include "hardock/docker/snapshot.h"

namespace hardock::harden {

// One entry of GET /containers/{id}/changes.
struct ChangedPath {
  std::string path;
  int kind = 0;  // 0 modified, 1 added, 2 deleted (the API's Kind)
};

// What hardock saw of a workload beyond its configuration.
struct Observations {
  std::vector<docker::Process> processes;  // from the snapshot (/proc or /top)
  std::string image_user;                  // the image's Config.User ("" = root)
  std::vector<std::string> image_exposed;  // the image's ExposedPorts: "80/tcp"
  std::optional<docker::Healthcheck> image_healthcheck;
  // From one GET /containers/{id}/stats?stream=false (running containers only).
  std::optional<int64_t> memory_usage_bytes;
  std::optional<int64_t> memory_max_usage_bytes;  // cgroup v1 only; absent on v2
  std::optional<int64_t> pids_current;
  std::optional<double> cpu_cores_used;  // average over the stats sample, in cores
  // Ports the workload listens on inside the container (from /proc/<pid>/net/tcp{,6} when
  // local), "80/tcp".
  std::vector<std::string> listening_ports;
  std::vector<ChangedPath> changes;  // GET /containers/{id}/changes
  std::vector<std::string> errors;   // what could not be observed, and why
  // Whether processes / changes were actually read: an empty list then means "none", otherwise
  // "unknown", and hardening stays conservative (baseline keeps a writable root when the
  // changes are unknown; no process list means user switching cannot be ruled out).
  bool processes_observed = false;
  bool changes_observed = false;
  std::optional<int64_t> online_cpus;  // from stats: caps the CPU limit (the engine rejects more)
};

// The parts of one stats document hardening uses.
struct StatsSample {
  std::optional<int64_t> memory_usage_bytes;  // usage minus inactive file cache, as `docker stats`
  std::optional<int64_t> memory_max_usage_bytes;
  std::optional<int64_t> pids_current;
  std::optional<double> cpu_cores_used;  // (cpu delta / system delta) * online cpus
  std::optional<int64_t> online_cpus;
};

// Reads GET /containers/{id}/stats?stream=false (cgroup v1 or v2 shape). Absent fields stay
// nullopt; a field of the wrong JSON type is kMalformedInput naming it.
[[nodiscard]] core::Result<StatsSample> parse_stats(const nlohmann::json& stats);

// Reads GET /containers/{id}/changes (null means no changes). kMalformedInput on a bad shape.
[[nodiscard]] core::Result<std::vector<ChangedPath>> parse_changes(const nlohmann::json& changes);

// One listening socket of /proc/<pid>/net/tcp or tcp6.
struct ListeningSocket {
  std::string address;  // as the kernel prints it (hex), "00000000" = every interface
  int port = 0;
  uint64_t inode = 0;
};

// The sockets in state 0A (LISTEN) of a /proc/net/tcp or tcp6 text; the header line is skipped.
// kMalformedInput names the line that does not parse.
[[nodiscard]] core::Result<std::vector<ListeningSocket>> parse_proc_net_tcp(std::string_view text);

// The TCP ports ("8080/tcp", sorted by number, unique) that the processes `pids` of a container
// listen on, read under proc_root (normally "/proc") from the network namespace of `pid`. Only
// sockets owned by those processes count (their fds), so a container on the host network does
// not report the host's ports; when the fds cannot be read and the container has its own
// network namespace, every listening socket of that namespace counts. Errors: kNotFound (no
// socket table for pid), kPermissionDenied (host network, fds unreadable), kMalformedInput.
[[nodiscard]] core::Result<std::vector<std::string>> read_listening_ports(
    const std::string& proc_root, int64_t pid, const std::vector<int64_t>& pids, bool host_network);

// Reads stats, changes and listening ports of one container. Never fails as a whole: what
// cannot be read is recorded in Observations::errors (hardening then stays conservative).
// Processes come from container.processes; when that list is empty, the container runs and
// local_proc is set, they are read from /proc. Stats are read only for running containers.
// Listening ports need local_proc and the container's pid visible in this host's /proc.
// Bodies already fetched for a container (observe_containers fetches them in parallel); a null
// pointer makes observe_container fetch that one itself.
struct Prefetched {
  const core::Result<nlohmann::json>* stats = nullptr;
  const core::Result<nlohmann::json>* changes = nullptr;
};

[[nodiscard]] Observations observe_container(docker::EngineClient& client,
                                             const docker::Container& container,
                                             const docker::Image* image, bool local_proc,
                                             const Prefetched& prefetched = {});

// Every container of the snapshot, by id. Stats (about a second each: the engine waits for a
// second sample) and changes are fetched in parallel, endpoint.parallelism at a time.
[[nodiscard]] std::map<std::string, Observations> observe_containers(
    docker::EngineClient& client, const docker::EngineSnapshot& snapshot);

}  // namespace hardock::harden
