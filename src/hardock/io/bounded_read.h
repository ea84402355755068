// Bounded reads of regular files: the size limits (stated here and nowhere else), the typed
// error every file read returns, and the read of a file the user named on the command line.
//
// Rules shared by every read (this file and root_dir.h): only regular files are opened for
// reading (a FIFO, a device, a socket or a directory is refused before it is opened, so a FIFO
// named daemon.json cannot hang the audit and a link to /dev/zero cannot grow memory); the
// file is opened O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_NOCTTY and checked again with fstat; a file
// above its limit is refused from its size before a byte is read, and a file whose size the
// kernel does not report (/proc) is refused as soon as the read passes the limit.
#pragma once

#include <sys/stat.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <tl/expected.hpp>

#include "hardock/core/error.h"

namespace hardock::io {

inline constexpr std::size_t kMiB = std::size_t{1024} * 1024;

// Per kind of file, the most hardock reads. Real files stay far below: daemon.json, units and
// client configs are a few KiB; mountinfo of a host with 10,000 containers is estimated at
// 5 MiB (three mounts of ~170 bytes per container); a snapshot of 500 containers is 2.9 MB
// (docs/benchmarks.md), so one of 100,000 is about 600 MB.
//
// /etc files, units, env files, client configs, --config policy files:
inline constexpr std::size_t kMaxConfigFileBytes = 4 * kMiB;
// /proc and /sys files (mountinfo, cmdline, status, LSM state):
inline constexpr std::size_t kMaxKernelFileBytes = 16 * kMiB;
// One-line kernel files read once per process (/proc/<pid>/comm is 16 bytes in Linux), so that
// a copied /proc of 65,536 giant files does not cost 65,536 large reads:
inline constexpr std::size_t kMaxProcLineBytes = 4096;
// Snapshots (audit --from, harden --from):
inline constexpr std::size_t kMaxSnapshotFileBytes = 2048 * kMiB;
// Entries listed from one directory (/home, certs.d, drop-in directories, a copied /proc).
inline constexpr std::size_t kMaxDirEntries = 65536;
// Entries of the running kernel's /proc: one per process, at most PID_MAX_LIMIT (2^22).
inline constexpr std::size_t kMaxProcEntries = std::size_t{1} << 22;

enum class FileErrorKind {
  kNotFound,          // absent (ENOENT, or a path component is not a directory)
  kDanglingLink,      // a symbolic link on the way points to a path the root does not hold
  kPermissionDenied,  // EACCES or EPERM: it may exist, hardock may not look
  kNotRegular,        // a FIFO, a device, a socket, a directory where a file was expected
  kNotDirectory,      // a file where a directory was expected (listing)
  kTooLarge,          // above the limit of its kind
  kIo,                // anything else (ELOOP: too many symbolic links, EIO, ...)
};
std::string_view to_string(FileErrorKind kind);

// A read that failed: what went wrong (`reason`, "permission denied") with which file (`path`,
// as the host sees it: "/etc/docker/daemon.json", never a path of the auditing machine that a
// link inside a host root pointed at).
struct FileError {
  FileErrorKind kind = FileErrorKind::kIo;
  std::string path;
  std::string reason;

  [[nodiscard]] bool absent() const { return kind == FileErrorKind::kNotFound; }
  // One line: "<path>: <reason>".
  [[nodiscard]] std::string message() const { return path + ": " + reason; }
  // As a core::Error with message(): kNotFound, kPermissionDenied, kIo; kNotRegular and
  // kNotDirectory become kInvalidArgument, kTooLarge kMalformedInput, kDanglingLink kIo.
  [[nodiscard]] core::Error to_error() const;
};

template <class T>
using FileResult = tl::expected<T, FileError>;

// The FileError for `err` (an errno value) met on `path`.
[[nodiscard]] FileError file_error(const std::string& path, int err);

// The FileError for `info` when it does not describe a regular file of at most `max_bytes`
// ("not a regular file (a FIFO)"); nothing when it does.
[[nodiscard]] tl::expected<void, FileError> check_regular(const struct stat& info,
                                                          const std::string& path,
                                                          std::size_t max_bytes);

// The content of `fd`, a descriptor opened for reading: fstat must show a regular file of at
// most `max_bytes`, and reading stops with kTooLarge once it passes `max_bytes`. Does not
// close `fd`. `path` names the file in errors.
[[nodiscard]] FileResult<std::string> read_descriptor(int fd, const std::string& path,
                                                      std::size_t max_bytes);

// A regular file named by the user (a snapshot, a --config policy, --config-file,
// --docker-config): the rules above, with the machine's own root and working directory, so a
// relative path is relative to the working directory and links are followed as usual.
[[nodiscard]] FileResult<std::string> read_regular_file(const std::string& path,
                                                        std::size_t max_bytes);

}  // namespace hardock::io
