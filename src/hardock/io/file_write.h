// Safe writes: a file appears whole or not at all, never through a symbolic link planted where
// it goes, and with no more permission than asked for.
//
// How a file is written (Directory::write_file): a temporary file ".hardock-tmp-PID-N" is
// created next to it with O_CREAT|O_EXCL|O_NOFOLLOW in the directory's descriptor, written,
// fsynced, then renamed over the name with renameat (which replaces a link or file there, never
// follows it), and the directory is fsynced. On any failure the temporary file is removed and
// the error names the file and the reason ("cannot write plan/x: No space left on device").
// Subdirectories are created with mkdirat (0700) and opened with O_NOFOLLOW|O_DIRECTORY, so a
// link planted in place of one is refused, not followed. A name is a relative path of plain
// components: "", ".", ".." and absolute paths are refused.
//
// Modes: a new file gets `mode` minus the umask (the umask may narrow it, nothing widens it);
// exact_mode sets `mode` as given, for replacing a file whose mode must stay (daemon.json).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "hardock/core/result.h"

namespace hardock::io {

struct WriteOptions {
  mode_t mode = 0600;
  bool exact_mode = false;
};

// A temporary file being written (internal to AtomicFile and Directory::write_file).
struct TemporaryFile {
  int fd = -1;
  std::string temporary;  // its name in the directory; empty once renamed or removed
  std::string name;       // the name it replaces
  std::string target;     // the path, for messages
  WriteOptions options;
};

// A directory held open by descriptor: every write is relative to it, so renaming the directory
// or replacing a path component with a link after it was opened cannot redirect a write.
class Directory {
 public:
  // Opens an existing directory. The last component of `path` must not be a symbolic link
  // (kInvalidArgument naming it); kNotFound when it does not exist.
  [[nodiscard]] static core::Result<Directory> open(const std::string& path);

  // Opens `path`, creating it with `mode` when absent (its missing parents are created as
  // mkdir -p would). The last component must not be a symbolic link.
  [[nodiscard]] static core::Result<Directory> open_or_create(const std::string& path,
                                                              mode_t mode = 0700);

  // An output directory made for one run: created with mode 0700, or an existing directory that
  // is empty. A directory holding anything is kInvalidArgument ("plan is not empty: ...") unless
  // allow_non_empty. The last component must not be a symbolic link.
  [[nodiscard]] static core::Result<Directory> create_fresh(const std::string& path,
                                                            bool allow_non_empty);

  Directory(Directory&& other) noexcept;
  Directory& operator=(Directory&& other) noexcept;
  Directory(const Directory&) = delete;
  Directory& operator=(const Directory&) = delete;
  ~Directory();

  [[nodiscard]] int fd() const { return fd_; }
  // The path the directory was opened by (for messages).
  [[nodiscard]] const std::string& path() const { return path_; }

  // Writes `content` to `name` ("containers/web/hardened.sh") as described above; missing
  // directories on the way are created with mode 0700.
  [[nodiscard]] core::Result<void> write_file(std::string_view name, std::string_view content,
                                              const WriteOptions& options = {}) const;

  // The content of the regular file `name` (a link is refused, a FIFO or device too), at most
  // max_bytes (kMalformedInput above). nullopt when it does not exist.
  [[nodiscard]] core::Result<std::optional<std::string>> read_file(std::string_view name,
                                                                   std::size_t max_bytes) const;

 private:
  Directory(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::string path_;
};

// Writes `path` atomically as Directory::write_file does, in the directory that holds it (the
// directories above are the caller's and are followed as usual; the file's own name is never).
[[nodiscard]] core::Result<void> write_file_atomic(const std::string& path,
                                                   std::string_view content,
                                                   const WriteOptions& options = {});

// A file written in pieces that appears whole at commit(), or not at all, as write_file_atomic
// writes it: the temporary file stays open between appends. A failed append removes it;
// destroyed before commit(), it is removed too. For output too large to hold in memory.
class AtomicFile {
 public:
  [[nodiscard]] static core::Result<AtomicFile> create(const std::string& path,
                                                       const WriteOptions& options = {});
  [[nodiscard]] core::Result<void> append(std::string_view content);
  [[nodiscard]] core::Result<void> commit();

  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

 private:
  AtomicFile(int dir_fd, TemporaryFile temporary)
      : dir_fd_(dir_fd), temporary_(std::move(temporary)) {}
  int dir_fd_ = -1;
  TemporaryFile temporary_;
};

// An exclusive flock(2) on a lock file in a directory, held until destroyed (or the process
// ends: the kernel releases it, so a crash never leaves a stale lock). The holder's pid is
// written in the file for the message a second run gets.
class ExclusiveLock {
 public:
  // Takes the lock without waiting. When another process holds it: kPermissionDenied with
  // "another hardock run (pid N) holds DIR/NAME".
  [[nodiscard]] static core::Result<ExclusiveLock> try_acquire(const Directory& directory,
                                                               std::string_view name);

  ExclusiveLock(ExclusiveLock&& other) noexcept;
  ExclusiveLock& operator=(ExclusiveLock&& other) noexcept;
  ExclusiveLock(const ExclusiveLock&) = delete;
  ExclusiveLock& operator=(const ExclusiveLock&) = delete;
  ~ExclusiveLock();

 private:
  explicit ExclusiveLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace hardock::io
