#include "hardock/io/bounded_read.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "hardock/io/unique_fd.h"

namespace hardock::io {
namespace {

std::string size_text(std::size_t bytes) {
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  return std::to_string(bytes) + " bytes";
}

const char* type_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a file";
}

FileError too_large(const std::string& path, std::size_t max_bytes, const std::string& size) {
  return FileError{FileErrorKind::kTooLarge, path,
                   "larger than the " + size_text(max_bytes) + " limit (" + size + ")"};
}

}  // namespace

std::string_view to_string(FileErrorKind kind) {
  switch (kind) {
    case FileErrorKind::kNotFound:
      return "not-found";
    case FileErrorKind::kDanglingLink:
      return "dangling-link";
    case FileErrorKind::kPermissionDenied:
      return "permission-denied";
    case FileErrorKind::kNotRegular:
      return "not-regular";
    case FileErrorKind::kNotDirectory:
      return "not-directory";
    case FileErrorKind::kTooLarge:
      return "too-large";
    case FileErrorKind::kIo:
      return "io";
  }
  return "io";
}

core::Error FileError::to_error() const {
  core::ErrorCode code = core::ErrorCode::kIo;
  switch (kind) {
    case FileErrorKind::kNotFound:
      code = core::ErrorCode::kNotFound;
      break;
    case FileErrorKind::kPermissionDenied:
      code = core::ErrorCode::kPermissionDenied;
      break;
    case FileErrorKind::kNotRegular:
    case FileErrorKind::kNotDirectory:
      code = core::ErrorCode::kInvalidArgument;
      break;
    case FileErrorKind::kTooLarge:
      code = core::ErrorCode::kMalformedInput;
      break;
    case FileErrorKind::kDanglingLink:
    case FileErrorKind::kIo:
      code = core::ErrorCode::kIo;
      break;
  }
  return core::Error{code, message(), {}};
}

FileError file_error(const std::string& path, int err) {
  switch (err) {
    case ENOENT:
      return {FileErrorKind::kNotFound, path, "absent"};
    case ENOTDIR:
      return {FileErrorKind::kNotFound, path,
              "absent (a component of the path is not a directory)"};
    case EACCES:
    case EPERM:
      return {FileErrorKind::kPermissionDenied, path, "permission denied"};
    case ELOOP:
      return {FileErrorKind::kIo, path, "too many levels of symbolic links"};
    default:
      return {FileErrorKind::kIo, path, std::strerror(err)};
  }
}

tl::expected<void, FileError> check_regular(const struct stat& info, const std::string& path,
                                            std::size_t max_bytes) {
  if (!S_ISREG(info.st_mode)) {
    return tl::unexpected(
        FileError{FileErrorKind::kNotRegular, path,
                  std::string("not a regular file (") + type_of(info.st_mode) + ")"});
  }
  if (info.st_size > 0 && static_cast<std::size_t>(info.st_size) > max_bytes) {
    return tl::unexpected(too_large(path, max_bytes, std::to_string(info.st_size) + " bytes"));
  }
  return {};
}

namespace {

// The content of `fd`, which `info` (its fstat) shows to be a regular file of at most
// `max_bytes`.
FileResult<std::string> read_stated(int fd, const struct stat& info, const std::string& path,
                                    std::size_t max_bytes) {
  // st_size is a hint: /proc files report 0, and a file may grow while it is read.
  const std::size_t stated = static_cast<std::size_t>(std::max<off_t>(info.st_size, 0));
  std::string text;
  text.reserve(std::min(stated, max_bytes) + 1);
  constexpr std::size_t kChunk = 64 * 1024;
  while (true) {
    const std::size_t used = text.size();
    // Read into the room reserved from st_size first: growing every string by a whole chunk
    // zero-filled 64 KiB per file and kept it allocated (10,000 small Dockerfiles linked at once
    // held 722 MB, a third of the lint run in page faults and memset).
    const std::size_t room = text.capacity() - used;
    const std::size_t want = std::min(room > 0 ? room : kChunk, max_bytes + 1 - used);
    text.resize(used + want);
    const ssize_t got = ::read(fd, text.data() + used, want);
    if (got < 0) {
      const int err = errno;
      text.resize(used);
      if (err == EINTR) continue;
      return tl::unexpected(file_error(path, err));
    }
    text.resize(used + static_cast<std::size_t>(got));
    if (got == 0) break;
    if (text.size() > max_bytes) {
      return tl::unexpected(too_large(path, max_bytes, "more than " + size_text(max_bytes)));
    }
    // A read that stopped short at the size fstat gave is at the end, as the file was then:
    // the read that would return 0 to say so is spared (a lint of 10,000 files made 10,000).
    if (stated > 0 && static_cast<std::size_t>(got) < want && text.size() == stated) break;
  }
  return text;
}

}  // namespace

FileResult<std::string> read_descriptor(int fd, const std::string& path, std::size_t max_bytes) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return tl::unexpected(file_error(path, errno));
  if (auto ok = check_regular(info, path, max_bytes); !ok) return tl::unexpected(ok.error());
  return read_stated(fd, info, path, max_bytes);
}

FileResult<std::string> read_regular_file(const std::string& path, std::size_t max_bytes) {
  if (path.empty() || path.find('\0') != std::string::npos) {
    return tl::unexpected(FileError{FileErrorKind::kNotFound, path, "not a file name"});
  }
  // Look before opening: opening a FIFO or a device can block or act (a tape rewinds). A stat
  // does it in one call; a probe opened with O_PATH took three and closed the same race no
  // better (the name can be swapped between any look and the open: the check below sees it).
  struct stat before {};
  if (::stat(path.c_str(), &before) != 0) return tl::unexpected(file_error(path, errno));
  if (auto ok = check_regular(before, path, max_bytes); !ok) return tl::unexpected(ok.error());
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) return tl::unexpected(file_error(path, errno));
  struct stat after {};
  if (::fstat(fd.get(), &after) != 0) return tl::unexpected(file_error(path, errno));
  if (after.st_dev != before.st_dev || after.st_ino != before.st_ino) {
    return tl::unexpected(
        FileError{FileErrorKind::kIo, path, "replaced while it was being opened"});
  }
  if (auto ok = check_regular(after, path, max_bytes); !ok) return tl::unexpected(ok.error());
  return read_stated(fd.get(), after, path, max_bytes);
}

}  // namespace hardock::io
