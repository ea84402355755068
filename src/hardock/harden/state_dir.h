// The state directory of --apply, --rollback and --prune (default /var/lib/hardock/harden):
// created 0700, held under an exclusive lock for the whole run (STATE_DIR/lock, flock: a second
// run is refused with the holder's pid; a crashed run leaves no stale lock), and the journal in
// it read and written without following links (io::Directory).
#pragma once

#include <string>

#include "hardock/core/result.h"
#include "hardock/harden/journal.h"
#include "hardock/io/file_write.h"

namespace hardock::harden {

class StateDir {
 public:
  // Creates `path` when absent (0700) and takes its lock. kPermissionDenied, naming the holder,
  // when another run holds it.
  [[nodiscard]] static core::Result<StateDir> open_locked(const std::string& path);

  [[nodiscard]] const std::string& path() const { return directory_.path(); }

  // journal.json; an empty journal when there is none yet. kMalformedInput for a file that is
  // not a journal ("move it away to start afresh").
  [[nodiscard]] core::Result<Journal> load() const;
  // Replaces journal.json atomically, mode 0600.
  [[nodiscard]] core::Result<void> save(const Journal& journal) const;

  // A stamp for a new apply: now in UTC ("yyyymmddHHMMSS-uuuuuu", microseconds), unique in the
  // journal (a "-2", "-3" ... suffix otherwise), so two applies in one second never share
  // backups, old-container names or journal entries.
  [[nodiscard]] core::Result<std::string> new_stamp() const;

 private:
  StateDir(io::Directory directory, io::ExclusiveLock lock)
      : directory_(std::move(directory)), lock_(std::move(lock)) {}
  io::Directory directory_;
  io::ExclusiveLock lock_;
};

// `base`, or base-2, base-3 ... : the first that `journal` does not hold yet.
[[nodiscard]] std::string unique_stamp(const std::string& base, const Journal& journal);

}  // namespace hardock::harden
