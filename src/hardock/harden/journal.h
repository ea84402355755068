// The apply journal (STATE_DIR/journal.json, schema hardock.harden-journal/1): every apply, what
// it changed, and how far each change got, so --rollback can undo it and --prune finish it.
//
// The state of each container record is typed (RecordState) and says where the containers
// physically are, so rollback knows what is left to undo without comparing strings:
//   started            about to stop the original; it may be stopped, under its own name
//   renamed            the original is stopped as old_name; no hardened container
//   created            the hardened container (new_id) exists under the name; original renamed
//   replaced           done: the hardened container runs; the original is kept as old_name
//   failed             the apply failed and was undone: the original is back as it was
//   restored-stopped   the undo renamed the original back but could not start it
//   rolled-back        rollback restored the original
//   pruned             prune removed the original
// The journal is read from a directory that may be shared: parse_journal takes any bytes
// (fuzz/journal_fuzz.cpp) and refuses what it does not recognise, naming the field.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"

namespace hardock::harden {

inline constexpr std::string_view kJournalSchema = "hardock.harden-journal/1";
// A journal holds a few KiB per apply: anything above this is not one.
inline constexpr size_t kMaxJournalBytes = size_t{64} << 20;

enum class RecordState {
  kStarted,
  kRenamed,
  kCreated,
  kReplaced,
  kFailed,
  kRestoredStopped,
  kRolledBack,
  kPruned,
};
[[nodiscard]] std::string_view to_string(RecordState state);
[[nodiscard]] std::optional<RecordState> parse_record_state(std::string_view text);

// True when rollback has something to undo for a record in `state`.
[[nodiscard]] bool needs_rollback(RecordState state);

struct KeptVolume {
  std::string path;
  std::string volume;
};

struct ContainerRecord {
  std::string name;      // the container's name (the hardened one carries it after the apply)
  std::string old_id;    // the original container
  std::string old_name;  // NAME.hardock-old.<stamp>
  std::string new_id;    // the hardened container, "" when there is none
  bool was_running = false;
  RecordState state = RecordState::kStarted;
  std::vector<KeptVolume> kept_volumes;
  std::string message;
};

enum class NetworkState { kCreated, kRemoved };

struct NetworkRecord {
  std::string name;
  std::string id;
  NetworkState state = NetworkState::kCreated;
};

struct DaemonRecord {
  std::string path;
  std::string backup;  // "" when there was no file before
  bool existed = false;
};

struct ApplyEntry {
  std::string stamp;
  bool rolled_back = false;
  std::optional<DaemonRecord> daemon;
  std::vector<ContainerRecord> containers;
  std::vector<NetworkRecord> networks;
};

struct Journal {
  std::vector<ApplyEntry> applies;

  // The entry for `stamp`, created when absent.
  ApplyEntry& entry(const std::string& stamp);
  // The newest apply not rolled back yet, or nullptr.
  ApplyEntry* last_active();
  [[nodiscard]] bool has_stamp(std::string_view stamp) const;
};

// Parses journal.json. kMalformedInput, naming the field ("applies[2].containers[0].state: ...")
// for anything that is not a journal of this schema; never throws, never recurses on input
// depth (JSON nested deeper than io::kMaxJsonDepth is refused before parsing).
[[nodiscard]] core::Result<Journal> parse_journal(std::string_view text);

// The journal as JSON text (2-space indented, ends with a newline).
[[nodiscard]] std::string serialize_journal(const Journal& journal);

}  // namespace hardock::harden
