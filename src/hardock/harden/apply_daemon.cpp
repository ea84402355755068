// apply_daemon_json: --apply for daemon.json (apply.h).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "hardock/harden/apply.h"
#include "hardock/harden/daemon_json.h"
#include "hardock/io/file_write.h"

namespace hardock::harden {
namespace {

using core::ErrorCode;

// daemon.json as it is now: nullopt when absent. A link is refused: replacing it would replace
// the link, writing through it would write elsewhere.
core::Result<std::optional<std::string>> read_current(const std::string& path, mode_t& mode) {
  struct stat link {};
  if (::lstat(path.c_str(), &link) != 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    return core::fail(ErrorCode::kIo, "cannot read " + path + ": " + std::strerror(errno));
  }
  if (S_ISLNK(link.st_mode)) {
    return core::fail(ErrorCode::kInvalidArgument,
                      path +
                          " is a symbolic link: hardock does not replace links (pass the file "
                          "it points to with --config-file)");
  }
  if (!S_ISREG(link.st_mode)) {
    return core::fail(ErrorCode::kInvalidArgument, path + " is not a regular file");
  }
  mode = link.st_mode & 07777;
  const std::filesystem::path file(path);
  auto directory =
      io::Directory::open(file.parent_path().empty() ? "." : file.parent_path().string());
  if (!directory) return core::fail(directory.error());
  return directory->read_file(file.filename().string(), kMaxDaemonJsonBytes);
}

}  // namespace

core::Result<std::string> apply_daemon_json(const StateDir& state, const std::string& stamp,
                                            const std::string& path,
                                            const std::string& expected_current,
                                            const std::string& new_text) {
  mode_t mode = 0644;  // a new daemon.json: dockerd's own files are world-readable
  auto current = read_current(path, mode);
  if (!current) return core::fail(current.error());
  const bool existed = current->has_value();
  if (current->value_or("") != expected_current) {
    return core::fail(ErrorCode::kInvalidArgument,
                      path + " changed since the plan was made; run harden again");
  }
  auto journal = state.load();
  if (!journal) return core::fail(journal.error());
  ApplyEntry& entry = journal->entry(stamp);
  std::string backup;
  if (existed) {
    backup = path + ".hardock-" + stamp + ".bak";
    // The backup keeps the file's mode (it may be 0600 for a reason).
    if (auto copied = io::write_file_atomic(backup, **current, {mode, true}); !copied) {
      return core::fail(copied.error().with_context("back up " + path));
    }
  } else {
    std::error_code error;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), error);
  }
  entry.daemon = DaemonRecord{path, backup, existed};
  if (auto saved = state.save(*journal); !saved) return core::fail(saved.error());
  if (auto written = io::write_file_atomic(path, new_text, {mode, existed}); !written) {
    return core::fail(written.error());
  }
  return existed ? "wrote " + path + " (backup: " + backup + ")"
                 : "wrote " + path + " (there was none before)";
}

}  // namespace hardock::harden
