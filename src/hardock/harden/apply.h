// Carrying out a hardening plan, reversibly. Nothing here runs unless the user passed --apply,
// --rollback or --prune.
//
// daemon.json: backed up next to itself (daemon.json.hardock-<stamp>.bak), then replaced
// atomically (write a temporary file in the same directory, fsync, rename). dockerd is not
// restarted: the user does that when it suits the workloads.
//
// A container is recreated in this order, and undone in reverse on any failure:
//   1. refuse if its writable layer holds data (GET /containers/{id}/changes outside tmpfs and
//      scratch paths) unless keep_changes: then each such path is copied into a new volume;
//   2. stop the old container and rename it to NAME.hardock-old.<stamp> (never removed here);
//   3. create the hardened one under the old name (same named and anonymous volumes), connect its
//      other networks, copy kept data in, start it;
//   4. wait until it is healthy (when it has a healthcheck) or has stayed up for the grace period.
// On failure the new container is removed, the old one renamed back and restarted, and the
// reason (with the new container's last log lines) is reported.
//
// Every step is written to a journal (state_dir/journal.json) before the next one starts, so
// --rollback can restore the previous containers and daemon.json, and --prune can remove the old
// containers once the user is satisfied.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hardock/core/result.h"
#include "hardock/docker/engine_client.h"
#include "hardock/harden/run_spec.h"

namespace hardock::harden {

struct ApplyOptions {
  std::string state_dir = "/var/lib/hardock/harden";
  bool keep_changes = false;  // copy data found in a container's writable layer into volumes
  int grace_seconds = 5;      // a container without healthcheck must stay up this long
  int health_timeout_seconds = 60;
  int stop_timeout_seconds = 10;
  std::string stamp;  // names backups and old containers; empty means now (UTC, yyyymmddHHMMSS)
};

// One container to recreate.
struct RecreateRequest {
  std::string container_id;
  std::string name;
  bool was_running = true;
  RunSpec hardened;
  std::vector<std::string> data_paths;  // from harden_container: data in the writable layer
};

struct RecreateOutcome {
  std::string name;
  bool replaced = false;
  std::string old_name;  // where the old container is now (renamed, stopped)
  std::string new_id;
  std::string message;                        // what happened, one line
  std::vector<std::string> created_networks;  // created for this container, before it
};

// Now, UTC, as yyyymmddHHMMSS: names backups and old containers, keys the journal.
[[nodiscard]] std::string utc_stamp();

// Writes daemon.json (backup first). Refuses when the file changed since the plan was made
// (expected_current differs from what is on disk) so a concurrent edit is never lost.
[[nodiscard]] core::Result<std::string> apply_daemon_json(const std::string& path,
                                                          const std::string& expected_current,
                                                          const std::string& new_text,
                                                          const ApplyOptions& options);

// A network the plan's hardened specs join and the engine does not have yet.
struct NetworkRequest {
  std::string name;
  bool internal = false;
  std::map<std::string, std::string> options;  // driver options
  std::map<std::string, std::string> labels;
};

// Recreates each container; one failure does not stop the others. Errors only when the journal
// cannot be written (then nothing further is attempted). A network of `networks` is created
// (bridge driver, recorded in the journal so --rollback removes it) when the first container
// that joins it is about to be recreated: a refused container creates none. One that exists
// already is left alone.
[[nodiscard]] core::Result<std::vector<RecreateOutcome>> recreate_containers(
    docker::EngineClient& client, const std::vector<RecreateRequest>& requests,
    const ApplyOptions& options, const std::vector<NetworkRequest>& networks = {});

struct RollbackOutcome {
  std::vector<std::string> restored;  // one line per container or file restored
  std::vector<std::string> failed;    // one line per step that failed, with the reason
};

// Undoes the last apply recorded in the journal: hardened containers removed, old ones renamed
// back and restarted if they were running, the networks it created removed (unless something
// else joined them meanwhile: then that is a failure line), daemon.json restored from its backup.
[[nodiscard]] core::Result<RollbackOutcome> rollback(docker::EngineClient* client,
                                                     const ApplyOptions& options);

// Removes the old (renamed, stopped) containers of applies that were not rolled back. Volumes
// are kept: the hardened containers use them.
[[nodiscard]] core::Result<std::vector<std::string>> prune(docker::EngineClient& client,
                                                           const ApplyOptions& options);

}  // namespace hardock::harden
