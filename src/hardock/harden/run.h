// `hardock harden` from the flags to the last line printed, so the command file only wires flags:
//
//   auto session = Session::begin(request);  // flag combinations; --apply takes the state lock
//   ... the front end reads the sources (engine or --from) and connects ...
//   auto complete = session->run(sources, client, console);
//
// run(): make the plan (observing the containers when an engine is connected), write it into a
// fresh output directory, print the summary; with --apply refuse before touching anything when
// a named container is unknown or refused or daemon.json cannot be planned safely, then write
// daemon.json and recreate the containers under one stamp. The lock is taken before the sources
// are read, so the plan --apply carries out reflects the containers as they are after any other
// run. Everything printed goes through io::terminal_safe (names come from the engine).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "hardock/audit/config.h"
#include "hardock/core/result.h"
#include "hardock/docker/engine_client.h"
#include "hardock/docker/snapshot.h"
#include "hardock/harden/apply.h"
#include "hardock/harden/level.h"
#include "hardock/harden/state_dir.h"
#include "hardock/host/host_snapshot.h"
#include "hardock/io/file_write.h"

namespace hardock::harden {

struct HardenRequest {
  audit::AuditConfig config;
  std::string level = "baseline";
  std::string output_dir = "hardening";
  bool force = false;              // write into a non-empty output directory
  std::string publish_address;     // where containers labelled public publish their ports
  bool offline = false;            // --from: a snapshot, no engine
  bool observe = true;             // read stats, changes, listening ports
  std::string host_root;           // --host-root ("" = /)
  std::string daemon_config_file;  // --config-file
  bool apply = false;
  std::vector<std::string> containers;  // --containers
  bool no_daemon = false;
  ApplyOptions apply_options;
  std::string state_dir = "/var/lib/hardock/harden";
};

// What the front end read: the snapshot, its document (containers[].inspect) and the host part.
struct Sources {
  const docker::EngineSnapshot* engine = nullptr;
  const nlohmann::json* document = nullptr;
  const host::HostSnapshot* host = nullptr;  // nullptr: not read
};

struct Console {
  std::ostream& out;
  std::ostream& err;
};

class Session {
 public:
  // Checks the flags (kInvalidArgument naming the conflict), creates the output directory (0700;
  // an existing one must be empty unless force) and, for --apply, takes the state directory's
  // lock (a second run is refused with the holder's pid): all before anything is read.
  [[nodiscard]] static core::Result<Session> begin(HardenRequest request);

  // True when everything asked for was done; false when some container was not recreated (the
  // lines say which and why). An Error when the run could not go on.
  [[nodiscard]] core::Result<bool> run(const Sources& sources, docker::EngineClient* client,
                                       const Console& console);

 private:
  Session(HardenRequest request, Level level, io::Directory output, std::optional<StateDir> state)
      : request_(std::move(request)),
        level_(level),
        output_(std::move(output)),
        state_(std::move(state)) {}
  HardenRequest request_;
  Level level_;
  io::Directory output_;
  std::optional<StateDir> state_;
};

// --rollback (client may be null: daemon.json alone) and --prune, under the state lock. True when
// every step succeeded.
[[nodiscard]] core::Result<bool> run_rollback(docker::EngineClient* client,
                                              const std::string& state_dir, const Console& console);
[[nodiscard]] core::Result<bool> run_prune(docker::EngineClient& client,
                                           const std::string& state_dir, const Console& console);

// Where daemon.json is: --config-file, else dockerd's own --config-file, else the default, all
// under the host root.
[[nodiscard]] std::string locate_daemon_json(const std::string& host_root,
                                             const std::string& config_file_flag,
                                             const host::HostSnapshot& host);

}  // namespace hardock::harden
