// The EngineSnapshot collector: reads one engine into the on-disk snapshot
// document described in docker/snapshot.h. It only reads.
//
//   auto endpoint = hardock::docker::resolve_endpoint({.host = flag_host});
//   if (!endpoint) return fail(endpoint.error());
//   auto client = hardock::docker::EngineClient::connect(*endpoint);
//   if (!client) return fail(client.error());      // no engine, TLS, API too old ...
//   auto document = hardock::docker::collect_snapshot_document(*client, {});
//   if (!document) return fail(document.error());  // the engine stopped answering /info
//   auto snapshot = hardock::docker::decode_snapshot(*document);
//
// Requests, with at most endpoint.parallelism in flight: first /info, /version (unless
// connect() read it), /containers/json?all=1 and /networks side by side; then
// /containers/{id}/json for each container and /networks/{id} for each network in one batch;
// then /images/{id}/json for each image a container uses, and /system/df (disk use). Processes of
// running containers come from /proc when the engine is local and /proc shows the container (read
// as each inspect arrives, no API call), otherwise from /containers/{id}/top.
//
// A read that fails for one object is recorded in "errors" (and, for processes,
// in that container's processes.error) and never aborts the collection, so
// "could not look" never reads as "nothing there". Only a failing /info, which
// means the engine is gone, fails the whole call.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "hardock/core/result.h"
#include "hardock/docker/engine_client.h"
#include "hardock/docker/proc_reader.h"
#include "hardock/docker/snapshot.h"

namespace hardock::docker {

struct CollectOptions {
  bool processes = true;     // read the processes of running containers at all
  bool allow_proc = true;    // local engines: read /proc instead of calling /top
  ProcRoots roots;           // where /proc and the cgroup filesystem are
  std::string collected_at;  // RFC 3339; empty means now
  bool disk_usage = true;    // GET /system/df (the engine sizes every writable layer for it)
};

[[nodiscard]] core::Result<nlohmann::json> collect_snapshot_document(EngineClient& client,
                                                                     const CollectOptions& options);

// The same collection decoded straight into the typed model, each body parsed and dropped as it
// arrives (no document kept): what `audit` uses when it does not save the snapshot. Gives the
// snapshot decode_snapshot(collect_snapshot_document(...)) would.
[[nodiscard]] core::Result<EngineSnapshot> collect_snapshot(EngineClient& client,
                                                            const CollectOptions& options);

// Now as RFC 3339 UTC with seconds: "2024-05-01T12:00:00Z".
[[nodiscard]] std::string rfc3339_now();

}  // namespace hardock::docker
