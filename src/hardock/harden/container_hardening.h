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

#include "hardock/core/result.h"
#include "hardock/docker/snapshot.h"
#include "hardock/harden/level.h"
#include "hardock/harden/observe.h"
#include "hardock/harden/run_spec.h"

namespace hardock::harden {

struct Reason {
  std::string change;  // "--cap-add NET_BIND_SERVICE", "--read-only", "--memory 96m"
  std::string why;     // "port 80/tcp is bound inside the container"
};

struct HardenOptions {
  double memory_headroom = 2.0;  // limit = max(observed * headroom, floor)
  int64_t memory_floor_bytes = 64 << 20;
  int64_t pids_floor = 64;                 // pids limit = max(observed * 4, floor)
  std::string bind_address = "127.0.0.1";  // published ports are bound here
  // A container labelled public (the lowest sensitivity level) publishes on public_address
  // instead, when one is given (--publish-address); otherwise on bind_address, with an exception
  // saying its clients on other hosts lose it.
  bool labelled_public = false;
  std::string public_address;
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
