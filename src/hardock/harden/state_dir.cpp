#include "hardock/harden/state_dir.h"

#include <sys/time.h>

#include <cstdio>
#include <ctime>

namespace hardock::harden {

core::Result<StateDir> StateDir::open_locked(const std::string& path) {
  auto directory = io::Directory::open_or_create(path, 0700);
  if (!directory) return core::fail(directory.error().with_context("state directory"));
  auto lock = io::ExclusiveLock::try_acquire(*directory, "lock");
  if (!lock) return core::fail(lock.error());
  return StateDir(std::move(*directory), std::move(*lock));
}

core::Result<Journal> StateDir::load() const {
  auto text = directory_.read_file("journal.json", kMaxJournalBytes);
  if (!text) return core::fail(text.error());
  if (!*text) return Journal{};
  auto journal = parse_journal(**text);
  if (!journal) {
    return core::fail(
        core::ErrorCode::kMalformedInput,
        path() + "/journal.json: " + journal.error().message + "; move it away to start afresh");
  }
  return journal;
}

core::Result<void> StateDir::save(const Journal& journal) const {
  return directory_.write_file("journal.json", serialize_journal(journal), {0600, false});
}

core::Result<std::string> StateDir::new_stamp() const {
  auto journal = load();
  if (!journal) return core::fail(journal.error());
  timeval now{};
  ::gettimeofday(&now, nullptr);
  std::tm tm{};
  gmtime_r(&now.tv_sec, &tm);
  char buffer[40];
  std::strftime(buffer, sizeof buffer, "%Y%m%d%H%M%S", &tm);
  char micros[16];
  std::snprintf(micros, sizeof micros, "-%06ld", static_cast<long>(now.tv_usec));
  return unique_stamp(std::string(buffer) + micros, *journal);
}

std::string unique_stamp(const std::string& base, const Journal& journal) {
  std::string stamp = base;
  for (int suffix = 2; journal.has_stamp(stamp); ++suffix) {
    stamp = base + "-" + std::to_string(suffix);
  }
  return stamp;
}

}  // namespace hardock::harden
