// Container hardening: from the RunSpec that recreates a container as it is, and what hardock
// observed of the running workload, derive the hardened RunSpec and the reasoning behind every
// change (so a reviewer can see why a capability was kept or a path made writable).
//
//   auto original = run_spec_from_inspect(inspect);
//   auto seen = observe_container(client, container);      // stats + changes (engine I/O)
//   auto hardened = harden_container(*original, *seen, Level::kBaseline, {});
//   // hardened.spec: cap_drop ALL + justified cap_add, no-new-privileges, read_only + tmpfs for
//   // the writable paths seen, non-root user where the image allows, limits from usage, ports
//   // bound to an address and above 1023, restart on-failure:5, healthcheck kept or proposed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hardock/core/result.h"
#include "hardock/docker/engine_client.h"
#include "hardock/docker/snapshot.h"
#include "hardock/harden/level.h"
#include "hardock/harden/run_spec.h"

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

struct Reason {
  std::string change;  // "--cap-add NET_BIND_SERVICE", "--read-only", "--memory 96m"
  std::string why;     // "port 80/tcp is bound inside the container"
};

struct HardenOptions {
  double memory_headroom = 2.0;  // limit = max(observed * headroom, floor)
  int64_t memory_floor_bytes = 64 << 20;
  int64_t pids_floor = 64;                  // pids limit = max(observed * 4, floor)
  std::string bind_address = "127.0.0.1";   // published ports are bound here
  int64_t unprivileged_port_offset = 8000;  // host port 80 -> 8080
  std::string seccomp_profile_path;         // when set, added as seccomp=PATH
  std::string apparmor_profile_name;        // when set, added as apparmor=NAME
  double cpu_headroom = 2.0;                // cpus = max(observed cores * headroom, min)
  int64_t min_nano_cpus = 500'000'000;      // at least half a core
  std::string tmpfs_size = "64m";
  int64_t restart_max_retries = 5;
  // Without observed usage (stopped container, stats unreadable): limits generous enough not to
  // break a typical service, yet bounding a runaway one. Each comes with a Reason saying so.
  int64_t default_memory_bytes = int64_t{1} << 30;  // 1 GiB
  int64_t default_pids = 1024;
  int64_t default_nano_cpus = 1'000'000'000;  // one core
};

struct HardenedContainer {
  std::string container_id;
  RunSpec original;
  RunSpec spec;  // hardened
  std::vector<Reason> reasoning;
  // What may need a per-workload exception (strict level mostly), e.g. "--user 65534: the image
  // runs as root; the workload may need to write files owned by root".
  std::vector<std::string> exceptions;
  // Writable paths seen in the container's own layer (changes) outside tmpfs and scratch paths:
  // data a recreate would drop unless copied (--keep-changes). When the root is made read-only,
  // the hardened spec mounts a named volume at each of them (volume_for_data_path) so the
  // workload can still write there; the copy goes into that volume.
  std::vector<std::string> data_paths;
};

// The named volume the hardened spec mounts at a data path: "hardock-NAME-var-lib-app".
[[nodiscard]] std::string volume_for_data_path(const std::string& container_name,
                                               const std::string& path);

[[nodiscard]] HardenedContainer harden_container(const std::string& container_id,
                                                 const RunSpec& original, const Observations& seen,
                                                 Level level, const HardenOptions& options);

}  // namespace hardock::harden
