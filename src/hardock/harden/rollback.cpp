// rollback and prune: undoing or finishing an apply from its journal (apply.h).
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "hardock/harden/apply.h"
#include "hardock/harden/engine_steps.h"
#include "hardock/io/file_write.h"

namespace hardock::harden {
namespace {

using core::ErrorCode;

constexpr size_t kMaxBackupBytes = size_t{4} << 20;

// Moves one container record back to its original, one step at a time, saving the journal as
// each step succeeds. An empty string when it is back; else the failed step.
std::string roll_back_container(docker::EngineClient& client, const StateDir& state,
                                Journal& journal, ContainerRecord& record) {
  auto saved = [&]() -> std::string {
    auto done = state.save(journal);
    return done ? std::string() : "cannot write the journal: " + done.error().to_string();
  };
  if (record.state == RecordState::kCreated || record.state == RecordState::kReplaced) {
    if (!record.new_id.empty()) {
      if (auto removed = steps::remove(client, record.new_id, true); !removed) {
        auto exists = steps::container_exists(client, record.new_id);
        if (!exists || *exists) {
          return "cannot remove the hardened container: " + removed.error().to_string();
        }
      }
      record.new_id.clear();
    }
    record.state = RecordState::kRenamed;
    if (auto failed = saved(); !failed.empty()) return failed;
  }
  if (record.state == RecordState::kStarted) {
    // The apply stopped before or right after the rename: rename only if it happened.
    auto name = steps::name_of(client, record.old_id);
    if (!name) return "cannot inspect the original container: " + name.error().to_string();
    if (*name != record.name) record.state = RecordState::kRenamed;
  }
  if (record.state == RecordState::kRenamed) {
    if (auto renamed = steps::rename(client, record.old_id, record.name); !renamed) {
      return "cannot rename " + record.old_name + " back: " + renamed.error().to_string();
    }
    record.state = RecordState::kRestoredStopped;
    if (auto failed = saved(); !failed.empty()) return failed;
  }
  if (record.was_running) {
    if (auto started = steps::start(client, record.old_id); !started) {
      record.state = RecordState::kRestoredStopped;
      (void)saved();
      return "renamed back but cannot start it: " + started.error().to_string();
    }
  }
  record.state = RecordState::kRolledBack;
  return saved();
}

}  // namespace

core::Result<RollbackOutcome> rollback(docker::EngineClient* client, const StateDir& state) {
  auto journal = state.load();
  if (!journal) return core::fail(journal.error());
  ApplyEntry* entry = journal->last_active();
  if (entry == nullptr) {
    return core::fail(ErrorCode::kNotFound,
                      "nothing to roll back: no apply recorded in " + state.path());
  }
  RollbackOutcome outcome;
  for (auto it = entry->containers.rbegin(); it != entry->containers.rend(); ++it) {
    ContainerRecord& record = *it;
    if (record.state == RecordState::kPruned) {
      outcome.failed.push_back(record.name +
                               ": the original container was pruned; it cannot be restored");
      continue;
    }
    if (!needs_rollback(record.state)) continue;
    if (client == nullptr) {
      outcome.failed.push_back(record.name + ": no engine to restore it on");
      continue;
    }
    const std::string failure = roll_back_container(*client, state, *journal, record);
    if (!failure.empty()) {
      outcome.failed.push_back(record.name + ": " + failure);
      continue;
    }
    outcome.restored.push_back(record.name + ": the original container is back" +
                               (record.was_running ? " and running" : ""));
  }
  // The networks the apply created, now that the restored containers left them.
  for (auto it = entry->networks.rbegin(); it != entry->networks.rend(); ++it) {
    NetworkRecord& record = *it;
    if (record.state != NetworkState::kCreated) continue;
    if (client == nullptr) {
      outcome.failed.push_back("network " + record.name + ": no engine to remove it from");
      continue;
    }
    const std::string target = record.id.empty() ? record.name : record.id;
    auto removed = client->request("DELETE", "/networks/" + docker::escape_segment(target));
    if (!removed) {
      auto exists = steps::network_exists(*client, target, !record.id.empty());
      if (!exists || *exists) {
        outcome.failed.push_back("network " + record.name +
                                 ": cannot remove it: " + removed.error().to_string());
        continue;
      }
    }
    record.state = NetworkState::kRemoved;
    outcome.restored.push_back("network " + record.name + ": removed (the apply had created it)");
  }
  if (entry->daemon) {
    const DaemonRecord& daemon = *entry->daemon;
    if (daemon.existed) {
      struct stat info {};
      const std::filesystem::path backup(daemon.backup);
      auto directory = io::Directory::open(backup.parent_path().string());
      auto text = directory
                      ? directory->read_file(backup.filename().string(), kMaxBackupBytes)
                      : core::Result<std::optional<std::string>>(core::fail(directory.error()));
      if (!text || !text->has_value() || ::lstat(daemon.backup.c_str(), &info) != 0) {
        outcome.failed.push_back(daemon.path + ": cannot read the backup " + daemon.backup +
                                 (text ? std::string() : ": " + text.error().to_string()));
      } else if (auto written =
                     io::write_file_atomic(daemon.path, **text, {info.st_mode & 07777, true});
                 !written) {
        outcome.failed.push_back(daemon.path + ": " + written.error().to_string());
      } else {
        outcome.restored.push_back(daemon.path + ": restored from " + daemon.backup);
      }
    } else if (::unlink(daemon.path.c_str()) == 0) {
      outcome.restored.push_back(daemon.path + ": removed (there was none before)");
    } else if (errno == ENOENT) {
      outcome.restored.push_back(daemon.path + ": already absent (there was none before)");
    } else {
      outcome.failed.push_back(
          daemon.path + ": cannot remove it (there was none before): " + std::strerror(errno));
    }
  }
  if (outcome.failed.empty()) entry->rolled_back = true;
  if (auto saved = state.save(*journal); !saved) return core::fail(saved.error());
  return outcome;
}

core::Result<PruneOutcome> prune(docker::EngineClient& client, const StateDir& state) {
  auto journal = state.load();
  if (!journal) return core::fail(journal.error());
  PruneOutcome outcome;
  for (auto& entry : journal->applies) {
    if (entry.rolled_back) continue;
    for (auto& record : entry.containers) {
      if (record.state != RecordState::kReplaced) continue;
      if (auto removed = steps::remove(client, record.old_id, false); !removed) {
        auto exists = steps::container_exists(client, record.old_id);
        if (!exists || *exists) {
          outcome.failed.push_back(record.old_name + ": " + removed.error().to_string());
          continue;
        }
      }
      record.state = RecordState::kPruned;
      outcome.removed.push_back(record.old_name);
      if (auto saved = state.save(*journal); !saved) return core::fail(saved.error());
    }
  }
  if (auto saved = state.save(*journal); !saved) return core::fail(saved.error());
  return outcome;
}

}  // namespace hardock::harden
