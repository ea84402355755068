// Carrying out a hardening plan, reversibly. Nothing here runs unless the user passed --apply,
// --rollback or --prune, and each runs under the state directory's lock (StateDir), so two runs
// never interleave.
//
// daemon.json (apply_daemon.cpp): backed up next to itself (daemon.json.hardock-<stamp>.bak),
// then replaced atomically (io::write_file_atomic: temporary file, fsync, rename), keeping its
// mode. A daemon.json that is a symbolic link is refused. dockerd is not restarted.
//
// A container is recreated in this order (recreate.cpp), and undone in reverse on any failure:
//   1. refuse if its writable layer holds data unless keep_changes: then each such path is
//      copied into a volume;
//   2. stop the old container and rename it to NAME.hardock-old.<stamp> (never removed here);
//   3. create the hardened one under the old name, labelled kReplacesLabel=<old id> (the
//      engine cannot label the old one), connect its other networks, copy kept data in, start;
//   4. wait until it is healthy (with a healthcheck) or has stayed up for the grace period.
// On failure the new container is removed, the old one renamed back and restarted. Each undo
// step's result is kept: when one fails the outcome says which and where the containers are,
// never "the old container is back", and the journal keeps the state reached so --rollback
// finishes the job.
//
// Every step is written to the journal (journal.h) before the next one starts; --rollback and
// --prune (rollback.cpp) read it.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/docker/engine_client.h"
#include "hardock/harden/run_spec.h"
#include "hardock/harden/state_dir.h"

namespace hardock::harden {

// The label every container --apply creates carries: the id of the container it replaces.
inline constexpr std::string_view kReplacesLabel = "hardock.harden.replaces";

struct ApplyOptions {
  bool keep_changes = false;  // copy data found in a container's writable layer into volumes
  int grace_seconds = 5;      // a container without healthcheck must stay up this long
  int health_timeout_seconds = 60;
  int stop_timeout_seconds = 10;
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
  // True when the apply failed and putting the original back failed too: `message` says where
  // the containers are; --rollback retries from the journal.
  bool undo_failed = false;
  std::string old_name;  // where the old container is now (renamed, stopped)
  std::string new_id;
  std::string message;                        // what happened, one line
  std::vector<std::string> created_networks;  // created for this container, before it
};

// Writes daemon.json (backup first) for the apply `stamp`. Refuses when the file changed since
// the plan was made (expected_current differs from what is on disk) so a concurrent edit is
// never lost, and when `path` is a symbolic link.
[[nodiscard]] core::Result<std::string> apply_daemon_json(const StateDir& state,
                                                          const std::string& stamp,
                                                          const std::string& path,
                                                          const std::string& expected_current,
                                                          const std::string& new_text);

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
    docker::EngineClient& client, const StateDir& state, const std::string& stamp,
    const std::vector<RecreateRequest>& requests, const ApplyOptions& options,
    const std::vector<NetworkRequest>& networks = {});

struct RollbackOutcome {
  std::vector<std::string> restored;  // one line per container or file restored
  std::vector<std::string> failed;    // one line per step that failed, with the reason
};

// Undoes the newest apply not rolled back: for each container whatever its state says is left
// (hardened one removed, original renamed back, restarted if it was running), the networks it
// created removed (one something else joined is a failure line), daemon.json restored from its
// backup or removed. Each step is journalled as it succeeds, so a rerun continues where a
// failure stopped it. The apply is marked rolled back only when every step succeeded.
[[nodiscard]] core::Result<RollbackOutcome> rollback(docker::EngineClient* client,
                                                     const StateDir& state);

struct PruneOutcome {
  std::vector<std::string> removed;  // old container names
  std::vector<std::string> failed;   // one line per container that could not be removed
};

// Removes the old (renamed, stopped) containers of applies that were not rolled back. Volumes
// are kept: the hardened containers use them. Not forced: an old container someone restarted
// is a failure line.
[[nodiscard]] core::Result<PruneOutcome> prune(docker::EngineClient& client, const StateDir& state);

}  // namespace hardock::harden
