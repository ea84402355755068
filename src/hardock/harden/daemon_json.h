// daemon.json generator: the current file merged with the hardened daemon settings for a level.
//
//   auto plan = plan_daemon_json(current_text, "/etc/docker/daemon.json", effective, level);
//   // plan->text: the whole new file; plan->changes: what moved and which findings it fixes;
//   // plan->conflicts: hardened settings a dockerd flag blocks (what to remove, where).
//
// Settings (both levels unless noted): icc false, no-new-privileges true, live-restore true,
// userland-proxy false, log-level info (and debug false when the file enables it),
// default-ulimits nofile 64000, seccomp-profile "unconfined" removed (Docker's default profile is
// kept; a custom profile stays), userns-remap "default" at strict only.
//
// Rules, because dockerd refuses to start when a directive is both a flag and in the file:
//   - a key a command-line flag sets is never written; when the flag's value is weaker than the
//     hardened one, a conflict says which flag to remove from which source;
//   - a current file that already names a key a flag sets is refused (nothing is generated);
//   - a key the file already holds with a value at least as strict is kept as it is;
//   - every other key of the file is kept with its value and in its place.
// Malformed current text is refused with "<path>: line L, column C: ..." and no text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hardock/core/result.h"
#include "hardock/harden/level.h"
#include "hardock/host/daemon_config.h"

namespace hardock::harden {

// daemon.json is read bounded: a larger file is refused, not read whole.
inline constexpr std::size_t kMaxDaemonJsonBytes = std::size_t{4} << 20;

struct DaemonJsonChange {
  std::string key;
  nlohmann::json before;  // null: absent from the current file
  nlohmann::json after;   // null: removed from the file
  std::string why;
  std::vector<std::string> fixes;  // check codes ("HDK-H-002")
};

// A hardened setting that a dockerd flag in use prevents daemon.json from carrying.
struct DaemonJsonConflict {
  std::string key;
  std::string flag_source;  // "--icc in /lib/systemd/system/docker.service:ExecStart"
  std::string advice;       // what to remove where, and what daemon.json should then hold
};

struct DaemonJsonPlan {
  std::string path;
  std::string text;  // the merged file: 2-space JSON, trailing newline
  std::vector<DaemonJsonChange> changes;
  std::vector<DaemonJsonConflict> conflicts;
  std::vector<std::string> notes;

  [[nodiscard]] bool changed() const { return !changes.empty(); }
};

// current_text: the file's content, nullopt when it does not exist (a new file is planned).
// effective: the host's configuration (its kFlag settings are the command line in use).
// Fails with kMalformedInput (malformed text, top level not an object) or kInvalidArgument (the
// current file already conflicts with a flag), the message naming the file and what to fix.
[[nodiscard]] core::Result<DaemonJsonPlan> plan_daemon_json(
    const std::optional<std::string>& current_text, const std::string& path,
    const host::DaemonConfig& effective, Level level);

}  // namespace hardock::harden
