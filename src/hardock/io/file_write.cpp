#include "hardock/io/file_write.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>
#include <vector>

namespace hardock::io {
namespace {

using core::ErrorCode;

// Closes a descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  ~Fd() { reset(); }
  [[nodiscard]] int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

std::string reason(int err) { return std::strerror(err); }

ErrorCode code_for(int err) {
  switch (err) {
    case ENOENT:
      return ErrorCode::kNotFound;
    case EACCES:
    case EPERM:
      return ErrorCode::kPermissionDenied;
    default:
      return ErrorCode::kIo;
  }
}

core::Error error_for(const std::string& what, int err) {
  return core::Error{code_for(err), what + ": " + reason(err), {}};
}

// "plan/" -> "plan"; "/" stays: a trailing slash would make the kernel follow a final link.
std::string without_trailing_slashes(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

std::string joined(const std::string& directory, std::string_view name) {
  if (directory.empty() || directory == ".") return std::string(name);
  return directory + (directory.back() == '/' ? "" : "/") + std::string(name);
}

// The components of a relative name; an error names the first that is not a plain one.
core::Result<std::vector<std::string>> components(std::string_view name) {
  std::vector<std::string> parts;
  if (name.empty()) return core::fail(ErrorCode::kInvalidArgument, "an empty file name");
  if (name.front() == '/') {
    return core::fail(ErrorCode::kInvalidArgument,
                      "file name " + std::string(name) + " is absolute, not relative");
  }
  size_t start = 0;
  while (start <= name.size()) {
    size_t slash = name.find('/', start);
    if (slash == std::string_view::npos) slash = name.size();
    std::string_view part = name.substr(start, slash - start);
    if (part.empty() || part == "." || part == ".." || part.find('\0') != std::string_view::npos) {
      return core::fail(ErrorCode::kInvalidArgument, "file name " + std::string(name) +
                                                         " has a component that is empty, \".\", "
                                                         "\"..\" or holds a NUL byte");
    }
    parts.emplace_back(part);
    start = slash + 1;
  }
  return parts;
}

// Why `path` could not be opened as a directory without following it.
core::Error open_directory_error(const std::string& path, int err) {
  struct stat info {};
  if ((err == ELOOP || err == ENOTDIR) && ::lstat(path.c_str(), &info) == 0) {
    if (S_ISLNK(info.st_mode)) {
      return core::Error{ErrorCode::kInvalidArgument,
                         path +
                             " is a symbolic link: hardock does not write through links "
                             "(name the directory itself)",
                         {}};
    }
    if (!S_ISDIR(info.st_mode)) {
      return core::Error{ErrorCode::kInvalidArgument, path + " is not a directory", {}};
    }
  }
  return error_for("cannot open directory " + path, err);
}

int open_directory_nofollow(int at, const char* name) {
  return ::openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

core::Result<bool> is_empty_directory(int fd, const std::string& path) {
  const int copy = ::dup(fd);
  if (copy < 0) return core::fail(error_for("cannot list " + path, errno));
  DIR* listing = ::fdopendir(copy);
  if (listing == nullptr) {
    const int err = errno;
    ::close(copy);
    return core::fail(error_for("cannot list " + path, err));
  }
  bool empty = true;
  while (const dirent* entry = ::readdir(listing)) {
    const std::string_view entry_name = entry->d_name;
    if (entry_name != "." && entry_name != "..") {
      empty = false;
      break;
    }
  }
  ::closedir(listing);
  return empty;
}

core::Result<void> write_all(int fd, std::string_view content, const std::string& what) {
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return core::fail(error_for("cannot write " + what, errno));
    }
    if (n == 0) return core::fail(ErrorCode::kIo, "cannot write " + what + ": no progress");
    done += static_cast<size_t>(n);
  }
  return {};
}

std::atomic<unsigned> temporary_counter{0};

// A temporary file next to `name` in the directory `dir_fd`, created O_EXCL|O_NOFOLLOW.
core::Result<TemporaryFile> open_temporary(int dir_fd, const std::string& dir_path,
                                           const std::string& name, const WriteOptions& options) {
  TemporaryFile temporary;
  temporary.target = joined(dir_path, name);
  temporary.name = name;
  temporary.options = options;
  for (int attempt = 0; attempt < 1000 && temporary.fd < 0; ++attempt) {
    temporary.temporary = ".hardock-tmp-" + std::to_string(::getpid()) + "-" +
                          std::to_string(temporary_counter.fetch_add(1));
    temporary.fd = ::openat(dir_fd, temporary.temporary.c_str(),
                            O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, options.mode);
    if (temporary.fd < 0 && errno != EEXIST) {
      return core::fail(error_for("cannot write " + temporary.target, errno));
    }
  }
  if (temporary.fd < 0) {
    return core::fail(ErrorCode::kIo, "cannot write " + temporary.target +
                                          ": no free temporary name in " + dir_path);
  }
  return temporary;
}

// Removes the temporary file; returns `error` for the caller to pass on.
tl::unexpected<core::Error> discard(int dir_fd, TemporaryFile& temporary, core::Error error) {
  if (temporary.fd >= 0) ::close(temporary.fd);
  temporary.fd = -1;
  if (!temporary.temporary.empty()) ::unlinkat(dir_fd, temporary.temporary.c_str(), 0);
  temporary.temporary.clear();
  return core::fail(std::move(error));
}

// fsync, rename over the name (replacing a link or file there, never following it), then sync
// the directory. On failure the temporary file is removed.
core::Result<void> finish(int dir_fd, TemporaryFile& temporary) {
  const std::string& target = temporary.target;
  if (temporary.options.exact_mode && ::fchmod(temporary.fd, temporary.options.mode) != 0) {
    return discard(dir_fd, temporary, error_for("cannot set the mode of " + target, errno));
  }
  if (::fsync(temporary.fd) != 0) {
    return discard(dir_fd, temporary, error_for("cannot write " + target, errno));
  }
  const int fd = std::exchange(temporary.fd, -1);
  if (::close(fd) != 0)
    return discard(dir_fd, temporary, error_for("cannot write " + target, errno));
  if (::renameat(dir_fd, temporary.temporary.c_str(), dir_fd, temporary.name.c_str()) != 0) {
    return discard(dir_fd, temporary, error_for("cannot replace " + target, errno));
  }
  temporary.temporary.clear();
  // The rename itself reaches the disk with the directory; a file system that cannot sync a
  // directory (EINVAL) has nothing more to do.
  (void)::fsync(dir_fd);
  return {};
}

// Writes `content` into `name` inside the directory `dir_fd` (temporary file, fsync, rename).
core::Result<void> write_in(int dir_fd, const std::string& dir_path, const std::string& name,
                            std::string_view content, const WriteOptions& options) {
  auto temporary = open_temporary(dir_fd, dir_path, name, options);
  if (!temporary) return core::fail(temporary.error());
  if (auto written = write_all(temporary->fd, content, temporary->target); !written) {
    return discard(dir_fd, *temporary, written.error());
  }
  return finish(dir_fd, *temporary);
}

// The directory that holds `path` (followed as usual: it is the caller's to choose), and the
// file's own name, which is never followed.
core::Result<std::pair<Fd, std::string>> parent_of(const std::string& path) {
  const std::filesystem::path file(path);
  std::string name = file.filename().string();
  if (name.empty() || name == "." || name == "..") {
    return core::fail(ErrorCode::kInvalidArgument, "cannot write " + path + ": not a file name");
  }
  std::string parent = file.parent_path().string();
  if (parent.empty()) parent = ".";
  Fd directory(::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (directory.get() < 0) return core::fail(error_for("cannot write " + path, errno));
  return std::pair<Fd, std::string>(std::move(directory), std::move(name));
}

std::string shown_parent(const std::string& path) {
  if (path.find('/') == std::string::npos) return {};
  std::string parent = std::filesystem::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

}  // namespace

Directory::Directory(Directory&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

Directory& Directory::operator=(Directory&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
  }
  return *this;
}

Directory::~Directory() {
  if (fd_ >= 0) ::close(fd_);
}

core::Result<Directory> Directory::open(const std::string& given) {
  const std::string path = without_trailing_slashes(given.empty() ? "." : given);
  const int fd = open_directory_nofollow(AT_FDCWD, path.c_str());
  if (fd < 0) return core::fail(open_directory_error(path, errno));
  return Directory(fd, path);
}

core::Result<Directory> Directory::open_or_create(const std::string& given, mode_t mode) {
  const std::string path = without_trailing_slashes(given.empty() ? "." : given);
  if (::mkdir(path.c_str(), mode) != 0 && errno != EEXIST) {
    if (errno != ENOENT) return core::fail(error_for("cannot create " + path, errno));
    std::error_code error;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), error);
    if (error) return core::fail(ErrorCode::kIo, "cannot create " + path + ": " + error.message());
    if (::mkdir(path.c_str(), mode) != 0 && errno != EEXIST) {
      return core::fail(error_for("cannot create " + path, errno));
    }
  }
  return open(path);
}

core::Result<Directory> Directory::create_fresh(const std::string& given, bool allow_non_empty) {
  const std::string path = without_trailing_slashes(given.empty() ? "." : given);
  auto directory = open_or_create(path, 0700);
  if (!directory) return directory;
  if (!allow_non_empty) {
    auto empty = is_empty_directory(directory->fd(), path);
    if (!empty) return core::fail(empty.error());
    if (!*empty) {
      return core::fail(ErrorCode::kInvalidArgument,
                        path +
                            " is not empty: choose a new output directory, or pass --force "
                            "to write into it");
    }
  }
  return directory;
}

core::Result<void> Directory::write_file(std::string_view name, std::string_view content,
                                         const WriteOptions& options) const {
  auto parts = components(name);
  if (!parts) return core::fail(parts.error().with_context("write in " + path_));
  int current = fd_;
  Fd held;
  std::string current_path = path_;
  for (size_t index = 0; index + 1 < parts->size(); ++index) {
    const std::string& part = (*parts)[index];
    const std::string next_path = joined(current_path, part);
    if (::mkdirat(current, part.c_str(), 0700) != 0 && errno != EEXIST) {
      return core::fail(error_for("cannot create " + next_path, errno));
    }
    Fd next(open_directory_nofollow(current, part.c_str()));
    if (next.get() < 0) {
      const int err = errno;
      if (err == ELOOP || err == ENOTDIR) {
        return core::fail(ErrorCode::kInvalidArgument,
                          next_path +
                              " is not a directory (a symbolic link or a file is in its "
                              "place): hardock does not write through it");
      }
      return core::fail(error_for("cannot open directory " + next_path, err));
    }
    held = std::move(next);
    current = held.get();
    current_path = next_path;
  }
  return write_in(current, current_path, parts->back(), content, options);
}

core::Result<std::optional<std::string>> Directory::read_file(std::string_view name,
                                                              std::size_t max_bytes) const {
  auto parts = components(name);
  if (!parts) return core::fail(parts.error().with_context("read in " + path_));
  int current = fd_;
  Fd held;
  std::string current_path = path_;
  for (size_t index = 0; index + 1 < parts->size(); ++index) {
    const std::string& part = (*parts)[index];
    current_path = joined(current_path, part);
    Fd next(open_directory_nofollow(current, part.c_str()));
    if (next.get() < 0) {
      if (errno == ENOENT) return std::optional<std::string>();
      return core::fail(error_for("cannot open directory " + current_path, errno));
    }
    held = std::move(next);
    current = held.get();
  }
  const std::string target = joined(current_path, parts->back());
  Fd file(::openat(current, parts->back().c_str(),
                   O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (file.get() < 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    if (errno == ELOOP) {
      return core::fail(ErrorCode::kInvalidArgument,
                        target + " is a symbolic link: hardock does not read through it");
    }
    return core::fail(error_for("cannot read " + target, errno));
  }
  struct stat info {};
  if (::fstat(file.get(), &info) != 0) return core::fail(error_for("cannot read " + target, errno));
  if (!S_ISREG(info.st_mode)) {
    return core::fail(ErrorCode::kInvalidArgument, target + " is not a regular file");
  }
  if (static_cast<std::size_t>(info.st_size) > max_bytes) {
    return core::fail(ErrorCode::kMalformedInput,
                      target + " is larger than " + std::to_string(max_bytes) + " bytes");
  }
  std::string text;
  char buffer[65536];
  while (true) {
    const ssize_t n = ::read(file.get(), buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return core::fail(error_for("cannot read " + target, errno));
    }
    if (n == 0) break;
    text.append(buffer, static_cast<size_t>(n));
    if (text.size() > max_bytes) {
      return core::fail(ErrorCode::kMalformedInput,
                        target + " is larger than " + std::to_string(max_bytes) + " bytes");
    }
  }
  return std::optional<std::string>(std::move(text));
}

core::Result<void> write_file_atomic(const std::string& path, std::string_view content,
                                     const WriteOptions& options) {
  auto parent = parent_of(path);
  if (!parent) return core::fail(parent.error());
  return write_in(parent->first.get(), shown_parent(path), parent->second, content, options);
}

core::Result<AtomicFile> AtomicFile::create(const std::string& path, const WriteOptions& options) {
  auto parent = parent_of(path);
  if (!parent) return core::fail(parent.error());
  auto temporary = open_temporary(parent->first.get(), shown_parent(path), parent->second, options);
  if (!temporary) return core::fail(temporary.error());
  return AtomicFile(parent->first.release(), std::move(*temporary));
}

core::Result<void> AtomicFile::append(std::string_view content) {
  if (temporary_.fd < 0) {
    return core::fail(ErrorCode::kIo, "cannot write " + temporary_.target + ": already closed");
  }
  if (auto written = write_all(temporary_.fd, content, temporary_.target); !written) {
    return discard(dir_fd_, temporary_, written.error());
  }
  return {};
}

core::Result<void> AtomicFile::commit() {
  if (temporary_.fd < 0) {
    return core::fail(ErrorCode::kIo, "cannot write " + temporary_.target + ": already closed");
  }
  return finish(dir_fd_, temporary_);
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : dir_fd_(std::exchange(other.dir_fd_, -1)), temporary_(std::move(other.temporary_)) {
  other.temporary_.fd = -1;
  other.temporary_.temporary.clear();
}

AtomicFile::~AtomicFile() {
  if (temporary_.fd >= 0 || !temporary_.temporary.empty()) {
    (void)discard(dir_fd_, temporary_, core::Error{});
  }
  if (dir_fd_ >= 0) ::close(dir_fd_);
}

ExclusiveLock::ExclusiveLock(ExclusiveLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

ExclusiveLock& ExclusiveLock::operator=(ExclusiveLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

ExclusiveLock::~ExclusiveLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

core::Result<ExclusiveLock> ExclusiveLock::try_acquire(const Directory& directory,
                                                       std::string_view name) {
  const std::string path = joined(directory.path(), name);
  Fd file(::openat(directory.fd(), std::string(name).c_str(),
                   O_RDWR | O_CREAT | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0600));
  if (file.get() < 0) return core::fail(error_for("cannot open the lock file " + path, errno));
  struct stat info {};
  if (::fstat(file.get(), &info) != 0 || !S_ISREG(info.st_mode)) {
    return core::fail(ErrorCode::kInvalidArgument, path + " is not a regular file");
  }
  if (::flock(file.get(), LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    if (err != EWOULDBLOCK) return core::fail(error_for("cannot lock " + path, err));
    char holder[32] = {};
    const ssize_t n = ::pread(file.get(), holder, sizeof holder - 1, 0);
    std::string pid;
    for (ssize_t i = 0; i < n && holder[i] >= '0' && holder[i] <= '9'; ++i) pid += holder[i];
    return core::fail(ErrorCode::kPermissionDenied,
                      "another hardock run" + (pid.empty() ? std::string() : " (pid " + pid + ")") +
                          " holds " + path + ": try again when it has finished");
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(file.get(), 0) != 0 ||
      ::pwrite(file.get(), pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    return core::fail(error_for("cannot write " + path, errno));
  }
  return ExclusiveLock(file.release());
}

}  // namespace hardock::io
