// HostSnapshot: what hardock knows about the host an engine runs on, read from
// a host root ("/" or --host-root DIR) and, for exposure, from the network.
//
// Three parts, each owned by its own reader:
//   daemon   effective dockerd configuration with source attribution (daemon_config.h)
//   facts    files, modes, mounts, audit rules, groups, kernel, LSM state (host_facts.h)
//   exposure TCP API probes and registry connections (exposure.h)
// Like the engine snapshot, it serialises to JSON (the "host" member of a
// snapshot document) so `collect` / `audit --from` give identical findings.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "hardock/core/result.h"
#include "hardock/host/daemon_config.h"
#include "hardock/host/exposure.h"
#include "hardock/host/host_facts.h"

namespace hardock::host {

struct HostSnapshot {
  std::string root = "/";  // the host root that was read
  DaemonConfig daemon;
  HostFacts facts;
  Exposure exposure;
};

// Reads all three parts. Fails only when the root is unusable; what one part
// could not read is recorded in that part (and reported as "could not look").
[[nodiscard]] core::Result<HostSnapshot> read_host_snapshot(const ReadContext& context);

// {"root": "...", "daemon": {...}, "facts": {...}, "exposure": {...}}; missing
// parts decode to their empty value. Wrong types fail with kMalformedInput.
[[nodiscard]] core::Result<HostSnapshot> decode_host_snapshot(const nlohmann::json& document);
[[nodiscard]] nlohmann::json encode_host_snapshot(const HostSnapshot& snapshot);

}  // namespace hardock::host
