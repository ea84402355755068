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
#include <optional>
#include <string>
#include <vector>

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
};

// Reads stats, changes and listening ports of one container. Never fails as a whole: what
// cannot be read is recorded in Observations::errors (hardening then stays conservative).
[[nodiscard]] Observations observe_container(docker::EngineClient& client,
                                             const docker::Container& container,
                                             const docker::Image* image, bool local_proc);

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
  // data a recreate would drop unless copied (--keep-changes).
  std::vector<std::string> data_paths;
};

[[nodiscard]] HardenedContainer harden_container(const std::string& container_id,
                                                 const RunSpec& original, const Observations& seen,
                                                 Level level, const HardenOptions& options);

}  // namespace hardock::harden
