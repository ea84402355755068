#include "hardock/io/root_dir.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <deque>

#include "hardock/io/unique_fd.h"

namespace hardock::io {
namespace {

// Linux's own limit on symbolic links followed in one lookup (MAXSYMLINKS).
constexpr int kMaxLinks = 40;
constexpr unsigned long long kResolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
// openat2 with RESOLVE_IN_ROOT answers EAGAIN when a rename raced a ".." lookup.
constexpr int kOpenat2Attempts = 16;

long openat2_call(int dirfd, const char* path, int flags) {
  open_how how{};
  how.flags = static_cast<unsigned long long>(flags);
  how.resolve = kResolve;
  return ::syscall(SYS_openat2, dirfd, path, &how, sizeof how);
}

// A component still to resolve, and whether it came from a symbolic link's target.
struct Component {
  std::string name;
  bool from_link = false;
};

std::deque<Component> split(std::string_view path, bool from_link) {
  std::deque<Component> parts;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    const std::size_t slash = std::min(path.find('/', pos), path.size());
    std::string_view part = path.substr(pos, slash - pos);
    if (!part.empty() && part != ".") parts.push_back({std::string(part), from_link});
    pos = slash + 1;
  }
  return parts;
}

// The path as the host sees it, for messages: always absolute.
std::string host_path(std::string_view path) {
  if (path.starts_with('/')) return std::string(path);
  return "/" + std::string(path);
}

tl::unexpected<FileError> error(std::string_view path, int err) {
  return tl::unexpected(file_error(host_path(path), err));
}

tl::unexpected<FileError> dangling(std::string_view path) {
  return tl::unexpected(FileError{FileErrorKind::kDanglingLink, host_path(path),
                                  "a symbolic link on the way points to a path the root does "
                                  "not hold"});
}

FileResult<UniqueFd> duplicate(int fd, std::string_view path) {
  UniqueFd copy(::fcntl(fd, F_DUPFD_CLOEXEC, 0));
  if (!copy.valid()) return error(path, errno);
  return copy;
}

}  // namespace

std::string_view to_string(Resolver resolver) {
  switch (resolver) {
    case Resolver::kAuto:
      return "auto";
    case Resolver::kOpenat2:
      return "openat2";
    case Resolver::kWalk:
      return "walk";
  }
  return "walk";
}

bool openat2_supported() {
  // ENOSYS before Linux 5.6; EPERM or ENOSYS under seccomp filters that do not know it.
  static const bool supported = [] {
    const long fd = openat2_call(AT_FDCWD, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;
    ::close(static_cast<int>(fd));
    return true;
  }();
  return supported;
}

core::Result<RootDir> RootDir::open(const std::string& root, Resolver resolver) {
  const std::string path = root.empty() ? "/" : root;
  const int fd = ::open(path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) {
      return core::fail(core::ErrorCode::kNotFound, "host root " + path + " does not exist");
    }
    if (err == ENOTDIR) {
      return core::fail(core::ErrorCode::kInvalidArgument,
                        "host root " + path + " is not a directory");
    }
    core::Error failure = file_error(path, err).to_error();
    failure.message = "host root " + failure.message;
    return core::fail(std::move(failure));
  }
  if (resolver == Resolver::kAuto) {
    resolver = openat2_supported() ? Resolver::kOpenat2 : Resolver::kWalk;
  } else if (resolver == Resolver::kOpenat2 && !openat2_supported()) {
    ::close(fd);
    return core::fail(core::ErrorCode::kInvalidArgument,
                      "openat2 with RESOLVE_IN_ROOT is not available on this kernel");
  }
  return RootDir(path, fd, resolver);
}

RootDir::RootDir(std::string path, int fd, Resolver resolver)
    : path_(std::move(path)), fd_(fd), resolver_(resolver) {}

RootDir::RootDir(RootDir&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      resolver_(other.resolver_) {}

RootDir& RootDir::operator=(RootDir&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    path_ = std::move(other.path_);
    fd_ = std::exchange(other.fd_, -1);
    resolver_ = other.resolver_;
  }
  return *this;
}

RootDir::~RootDir() {
  if (fd_ >= 0) ::close(fd_);
}

FileResult<int> RootDir::open_in_root(std::string_view path, int flags, bool follow_final) const {
  if (path.find('\0') != std::string_view::npos) return error(path, ENOENT);
  return resolver_ == Resolver::kOpenat2 ? open_openat2(path, flags, follow_final)
                                         : open_walk(path, flags, follow_final);
}

FileResult<int> RootDir::open_openat2(std::string_view path, int flags, bool follow_final) const {
  std::string relative(path);
  relative.erase(0, relative.find_first_not_of('/'));
  if (relative.empty()) relative = ".";
  flags |= O_CLOEXEC | (follow_final ? 0 : O_NOFOLLOW);
  for (int attempt = 0;; ++attempt) {
    const long fd = openat2_call(fd_, relative.c_str(), flags);
    if (fd >= 0) return static_cast<int>(fd);
    const int err = errno;
    if ((err == EAGAIN || err == EINTR) && attempt + 1 < kOpenat2Attempts) continue;
    // The kernel does not say whether the missing name came from a link's target; the walk
    // does (rare: absent files only).
    if (err == ENOENT) {
      auto walked = open_walk(path, O_PATH, follow_final);
      if (walked) {
        ::close(*walked);
        return error(path, ENOENT);  // created meanwhile: report what openat2 saw
      }
      return tl::unexpected(walked.error());
    }
    return error(path, err);
  }
}

// The kernel's lookup, done by hand: each component is opened with O_NOFOLLOW from the
// directory before it; a link's target is read and its components take the link's place, an
// absolute target starting again at the root; ".." at the root stays at the root.
FileResult<int> RootDir::open_walk(std::string_view path, int flags, bool follow_final) const {
  std::deque<Component> pending = split(path, false);
  std::vector<std::string> done;  // the directories from the root down to `current`
  auto root_copy = duplicate(fd_, path);
  if (!root_copy) return tl::unexpected(root_copy.error());
  UniqueFd current = std::move(*root_copy);
  std::string last_name = ".";
  int links = 0;
  while (!pending.empty()) {
    Component part = std::move(pending.front());
    pending.pop_front();
    if (part.name == "..") {
      if (done.empty()) continue;
      done.pop_back();
      // Back up by walking down again from the root: holding a descriptor per level would let
      // a deep path exhaust the descriptor table.
      auto reopened = duplicate(fd_, path);
      if (!reopened) return tl::unexpected(reopened.error());
      current = std::move(*reopened);
      for (const auto& name : done) {
        UniqueFd next(
            ::openat(current.get(), name.c_str(), O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC));
        if (!next.valid()) return error(path, errno);
        current = std::move(next);
      }
      continue;
    }
    const bool last = pending.empty();
    UniqueFd next(::openat(current.get(), part.name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!next.valid()) {
      const int err = errno;
      if (err == ENOENT && part.from_link) return dangling(path);
      return error(path, err);
    }
    struct stat info {};
    if (::fstat(next.get(), &info) != 0) return error(path, errno);
    if (S_ISLNK(info.st_mode) && (!last || follow_final)) {
      if (++links > kMaxLinks) return error(path, ELOOP);
      std::array<char, 4096> target{};
      const ssize_t length = ::readlinkat(next.get(), "", target.data(), target.size());
      if (length < 0) return error(path, errno);
      if (static_cast<std::size_t>(length) >= target.size()) return error(path, ENAMETOOLONG);
      if (length == 0) return dangling(path);
      const std::string_view text(target.data(), static_cast<std::size_t>(length));
      if (text.front() == '/') {
        done.clear();
        auto restart = duplicate(fd_, path);
        if (!restart) return tl::unexpected(restart.error());
        current = std::move(*restart);
      }
      auto parts = split(text, true);
      pending.insert(pending.begin(), parts.begin(), parts.end());
      continue;
    }
    if (last) {
      last_name = std::move(part.name);
      break;
    }
    if (!S_ISDIR(info.st_mode)) return error(path, ENOTDIR);
    current = std::move(next);
    done.push_back(std::move(part.name));
  }
  // The walk has followed every link it should: the final open follows none.
  const int fd = ::openat(current.get(), last_name.c_str(), flags | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return error(path, errno);
  return fd;
}

FileResult<UniqueFd> RootDir::open_regular(std::string_view path, std::size_t max_bytes) const {
  const std::string shown = host_path(path);
  // Look before opening: opening a FIFO or a device can block or act.
  struct stat before {};
  {
    auto probe = open_in_root(path, O_PATH, true);
    if (!probe) return tl::unexpected(probe.error());
    const UniqueFd fd(*probe);
    if (::fstat(fd.get(), &before) != 0) return error(path, errno);
    if (auto ok = check_regular(before, shown, max_bytes); !ok) return tl::unexpected(ok.error());
  }
  auto opened = open_in_root(path, O_RDONLY | O_NONBLOCK | O_NOCTTY, true);
  if (!opened) return tl::unexpected(opened.error());
  UniqueFd fd(*opened);
  struct stat after {};
  if (::fstat(fd.get(), &after) != 0) return error(path, errno);
  if (after.st_dev != before.st_dev || after.st_ino != before.st_ino) {
    return tl::unexpected(
        FileError{FileErrorKind::kIo, shown, "replaced while it was being opened"});
  }
  return fd;
}

FileResult<std::string> RootDir::read(std::string_view path, std::size_t max_bytes) const {
  auto fd = open_regular(path, max_bytes);
  if (!fd) return tl::unexpected(fd.error());
  return read_descriptor(fd->get(), host_path(path), max_bytes);
}

FileResult<std::vector<std::string>> RootDir::list(std::string_view path,
                                                   std::size_t max_entries) const {
  const std::string shown = host_path(path);
  auto info = stat(path, true);
  if (!info) return tl::unexpected(info.error());
  if (!S_ISDIR(info->st_mode)) {
    return tl::unexpected(FileError{FileErrorKind::kNotDirectory, shown, "not a directory"});
  }
  auto opened = open_in_root(path, O_RDONLY | O_DIRECTORY | O_NONBLOCK, true);
  if (!opened) return tl::unexpected(opened.error());
  DIR* dir = ::fdopendir(*opened);
  if (dir == nullptr) {
    const int err = errno;
    ::close(*opened);
    return error(path, err);
  }
  std::vector<std::string> names;
  while (true) {
    errno = 0;
    const dirent* entry = ::readdir(dir);
    if (entry == nullptr) {
      const int err = errno;
      ::closedir(dir);
      if (err != 0) return error(path, err);
      break;
    }
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    if (names.size() == max_entries) {
      ::closedir(dir);
      return tl::unexpected(FileError{FileErrorKind::kTooLarge, shown,
                                      "more than " + std::to_string(max_entries) + " entries"});
    }
    names.emplace_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

FileResult<struct stat> RootDir::stat(std::string_view path, bool follow_final) const {
  auto opened = open_in_root(path, O_PATH, follow_final);
  if (!opened) return tl::unexpected(opened.error());
  const UniqueFd fd(*opened);
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return error(path, errno);
  return info;
}

FileResult<std::string> RootDir::link_target(std::string_view path) const {
  auto opened = open_in_root(path, O_PATH, false);
  if (!opened) return tl::unexpected(opened.error());
  const UniqueFd fd(*opened);
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return error(path, errno);
  if (!S_ISLNK(info.st_mode)) {
    return tl::unexpected(
        FileError{FileErrorKind::kNotRegular, host_path(path), "not a symbolic link"});
  }
  std::array<char, 4096> target{};
  const ssize_t length = ::readlinkat(fd.get(), "", target.data(), target.size());
  if (length < 0) return error(path, errno);
  if (static_cast<std::size_t>(length) >= target.size()) return error(path, ENAMETOOLONG);
  return std::string(target.data(), static_cast<std::size_t>(length));
}

FileResult<bool> RootDir::exists(std::string_view path) const {
  auto info = stat(path, true);
  if (info) return true;
  if (info.error().absent()) return false;
  return tl::unexpected(info.error());
}

}  // namespace hardock::io
