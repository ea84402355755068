#include "hardock/vulndb/archive_input.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "hardock/io/bounded_read.h"
#include "hardock/io/escape.h"

namespace hardock::vulndb {

core::Result<ArchiveInput> ArchiveInput::open(const std::string& path, Kind kind) {
  // The same refusals as every file named by the user: a FIFO would block, a device never end.
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return core::fail(io::file_error(path, errno).to_error());
  if (auto regular = io::check_regular(info, path, kMaxFeedFileBytes); !regular) {
    return core::fail(regular.error().to_error());
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return core::fail(io::file_error(path, errno).to_error());
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return core::fail(core::ErrorCode::kInvalidArgument, path + ": not a regular file");
  }
  archive* handle = archive_read_new();
  if (handle == nullptr) {
    ::close(fd);
    return core::fail(core::ErrorCode::kInternal, path + ": cannot start libarchive");
  }
  ArchiveInput input(path, handle);
  input.fd_ = fd;
  archive_read_support_filter_all(handle);
  if (kind == Kind::kStream) {
    archive_read_support_format_raw(handle);
  } else {
    archive_read_support_format_zip(handle);
    archive_read_support_format_tar(handle);
  }
  if (archive_read_open_fd(handle, fd, 64 * 1024) != ARCHIVE_OK) {
    return core::fail(
        input.error(kind == Kind::kStream ? "cannot read" : "not a zip or tar archive"));
  }
  return input;
}

ArchiveInput::ArchiveInput(ArchiveInput&& other) noexcept
    : path_(std::move(other.path_)),
      handle_(std::exchange(other.handle_, nullptr)),
      fd_(std::exchange(other.fd_, -1)) {}

ArchiveInput& ArchiveInput::operator=(ArchiveInput&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) archive_read_free(handle_);
    if (fd_ >= 0) ::close(fd_);
    path_ = std::move(other.path_);
    handle_ = std::exchange(other.handle_, nullptr);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

ArchiveInput::~ArchiveInput() {
  if (handle_ != nullptr) archive_read_free(handle_);
  if (fd_ >= 0) ::close(fd_);
}

core::Error ArchiveInput::error(std::string_view what) const {
  const char* detail = handle_ != nullptr ? archive_error_string(handle_) : nullptr;
  return core::Error{core::ErrorCode::kMalformedInput,
                     path_ + ": " + std::string(what) +
                         (detail != nullptr ? ": " + io::one_line(detail) : std::string()),
                     {}};
}

core::Result<bool> ArchiveInput::next(Entry& entry) {
  archive_entry* header = nullptr;
  const int code = archive_read_next_header(handle_, &header);
  if (code == ARCHIVE_EOF) return false;
  if (code != ARCHIVE_OK && code != ARCHIVE_WARN) return core::fail(error("cannot read an entry"));
  const char* name = archive_entry_pathname(header);
  entry.name = name != nullptr ? name : "";
  entry.regular = archive_entry_filetype(header) == AE_IFREG;
  entry.size = archive_entry_size_is_set(header) != 0 ? archive_entry_size(header) : -1;
  return true;
}

core::Result<std::size_t> ArchiveInput::read(char* buffer, std::size_t capacity) {
  const la_ssize_t count = archive_read_data(handle_, buffer, capacity);
  if (count < 0) return core::fail(error("cannot read"));
  return static_cast<std::size_t>(count);
}

core::Result<std::string> ArchiveInput::read_all(std::size_t max_bytes,
                                                 std::string_view entry_name) {
  std::string out;
  char buffer[64 * 1024];
  while (true) {
    auto count = read(buffer, sizeof buffer);
    if (!count) return core::fail(count.error());
    if (*count == 0) return out;
    if (out.size() + *count > max_bytes) {
      return core::fail(core::ErrorCode::kMalformedInput,
                        path_ + ": " + io::terminal_safe(io::truncate(entry_name, 200)) +
                            ": larger than " + std::to_string(max_bytes) + " bytes");
    }
    out.append(buffer, *count);
  }
}

core::Result<bool> LineReader::next(std::string_view& line) {
  while (true) {
    const std::size_t end = buffer_.find('\n', start_);
    if (end != std::string::npos || (ended_ && start_ < buffer_.size())) {
      const std::size_t stop = end == std::string::npos ? buffer_.size() : end;
      line = std::string_view(buffer_).substr(start_, stop - start_);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      start_ = end == std::string::npos ? buffer_.size() : end + 1;
      ++line_number_;
      if (line.size() > max_line_) break;
      return true;
    }
    if (ended_) return false;
    if (buffer_.size() - start_ > max_line_) {
      ++line_number_;
      break;
    }
    buffer_.erase(0, start_);
    start_ = 0;
    char chunk[64 * 1024];
    auto count = input_.read(chunk, sizeof chunk);
    if (!count) return core::fail(count.error());
    if (*count == 0) ended_ = true;
    buffer_.append(chunk, *count);
  }
  return core::fail(core::ErrorCode::kMalformedInput,
                    input_.path() + ": line " + std::to_string(line_number_) + " is longer than " +
                        std::to_string(max_line_) + " bytes");
}

}  // namespace hardock::vulndb
