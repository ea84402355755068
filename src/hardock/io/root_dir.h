// A directory read as if it were the root of the filesystem (a mounted copy of a host, or "/"):
// every path is resolved inside it as the kernel resolves paths for a process chrooted there.
// An absolute symlink starts again at this root, ".." never climbs above it, and at most 40
// symbolic links are followed in one lookup (Linux's own limit), so nothing outside the root
// is ever opened, whatever links the tree holds. A name that is absent is kNotFound; a name
// missing because a link on the way points where the root holds nothing (a link to the
// auditing machine's /etc/shadow, say) is kDanglingLink, an error: what the link meant cannot
// be looked at.
//
// Two resolvers give the same answers: openat2(2) with RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS
// (Linux 5.6+), and a component-by-component walk (openat with O_NOFOLLOW per component,
// readlinkat on each link) for kernels or seccomp filters without openat2. Reads follow the
// rules of bounded_read.h. All members are const and the object owns one descriptor of the
// root, so one RootDir may serve several threads.
#pragma once

#include <sys/stat.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/io/bounded_read.h"
#include "hardock/io/unique_fd.h"

namespace hardock::io {

enum class Resolver {
  kAuto,     // openat2 when the running kernel accepts it, else kWalk
  kOpenat2,  // openat2 only; RootDir::open fails when the kernel refuses it
  kWalk,     // the component-by-component walk
};
std::string_view to_string(Resolver resolver);

// True when this kernel (and seccomp filter) accepts openat2 with RESOLVE_IN_ROOT. Probed once.
[[nodiscard]] bool openat2_supported();

class RootDir {
 public:
  // Opens `root`, which must be a directory. kNotFound when it does not exist,
  // kInvalidArgument when it is not a directory, kPermissionDenied, kIo.
  [[nodiscard]] static core::Result<RootDir> open(const std::string& root,
                                                  Resolver resolver = Resolver::kAuto);

  RootDir(RootDir&& other) noexcept;
  RootDir& operator=(RootDir&& other) noexcept;
  RootDir(const RootDir&) = delete;
  RootDir& operator=(const RootDir&) = delete;
  ~RootDir();

  // The root as given to open().
  [[nodiscard]] const std::string& path() const { return path_; }
  // kOpenat2 or kWalk: the resolver in use.
  [[nodiscard]] Resolver resolver() const { return resolver_; }

  // The whole content of the regular file at host path `path` ("/etc/docker/daemon.json";
  // relative paths start at the root too), at most `max_bytes`.
  [[nodiscard]] FileResult<std::string> read(std::string_view path, std::size_t max_bytes) const;

  // An open descriptor (O_RDONLY) of the regular file at `path`, at most `max_bytes` by its size,
  // for reading a large file as a stream (image blobs); the same checks as read().
  [[nodiscard]] FileResult<UniqueFd> open_regular(std::string_view path,
                                                  std::size_t max_bytes) const;

  // The names in the directory at `path`, sorted, without "." and "..". kTooLarge when it holds
  // more than `max_entries`.
  [[nodiscard]] FileResult<std::vector<std::string>> list(
      std::string_view path, std::size_t max_entries = kMaxDirEntries) const;

  // stat of `path`. With follow_final false, a symbolic link at the end is described rather
  // than followed (lstat); links before it are always followed, inside the root.
  [[nodiscard]] FileResult<struct stat> stat(std::string_view path, bool follow_final) const;

  // The text of the symbolic link at `path` (not followed); kNotRegular when `path` is not a
  // link. The text is the host's: "/dev/null" for a masked unit.
  [[nodiscard]] FileResult<std::string> link_target(std::string_view path) const;

  // True when `path` exists (final link followed); false when absent; an error otherwise (a
  // dangling link included: where it points cannot be looked at).
  [[nodiscard]] FileResult<bool> exists(std::string_view path) const;

 private:
  RootDir(std::string path, int fd, Resolver resolver);
  // A descriptor for `path` opened with `flags` (O_CLOEXEC added), resolved inside the root.
  [[nodiscard]] FileResult<int> open_in_root(std::string_view path, int flags,
                                             bool follow_final) const;
  [[nodiscard]] FileResult<int> open_openat2(std::string_view path, int flags,
                                             bool follow_final) const;
  [[nodiscard]] FileResult<int> open_walk(std::string_view path, int flags,
                                          bool follow_final) const;

  std::string path_;
  int fd_ = -1;
  Resolver resolver_ = Resolver::kWalk;
};

}  // namespace hardock::io
