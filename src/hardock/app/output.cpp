#include "hardock/app/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>
#include <mutex>
#include <vector>

#include "hardock/io/escape.h"
#include "hardock/io/file_write.h"

namespace hardock::app {
namespace {

bool is_stream(mode_t mode) {
  return S_ISCHR(mode) || S_ISFIFO(mode) || S_ISSOCK(mode) || S_ISBLK(mode);
}

core::Result<void> io_error(const std::string& path, int err) {
  return core::fail(core::ErrorCode::kIo, "cannot write " + path + ": " + std::strerror(err));
}

// Opens a device, FIFO or socket that is already there. The descriptor is checked again after
// opening: if the name was swapped for a regular file meanwhile, nothing is written.
core::Result<int> open_stream(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return core::fail(io_error(path, errno).error());
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !is_stream(info.st_mode)) {
    ::close(fd);
    return core::fail(core::ErrorCode::kIo,
                      "cannot write " + path + ": it changed while being opened");
  }
  return fd;
}

core::Result<void> write_all(int fd, std::string_view text, const std::string& path) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return io_error(path, n < 0 ? errno : EIO);
    done += static_cast<size_t>(n);
  }
  return {};
}

core::Result<void> write_into_stream(const std::string& path, const OutputProducer& produce) {
  auto fd = open_stream(path);
  if (!fd) return core::fail(fd.error());
  core::Result<void> status;
  produce([&](std::string_view chunk) {
    if (status) status = write_all(*fd, chunk, path);
  });
  if (::close(*fd) != 0 && status) return io_error(path, errno);
  return status;
}

core::Result<void> write_into_file(const std::string& path, const OutputProducer& produce,
                                   mode_t mode) {
  auto file = io::AtomicFile::create(path, {mode, false});
  if (!file) return core::fail(file.error());
  core::Result<void> status;
  produce([&](std::string_view chunk) {
    if (status) status = file->append(chunk);
  });
  if (!status) return status;
  return file->commit();
}

}  // namespace

core::Result<core::Severity> parse_severity_flag(const std::string& flag,
                                                 const std::string& value) {
  auto severity = core::parse_severity(value);
  if (!severity) {
    return core::fail(
        core::ErrorCode::kInvalidArgument,
        flag + " " + io::one_line(value) + ": expected critical, high, medium, low or info");
  }
  return *severity;
}

int print_error(const core::Error& error) {
  const std::string line = io::terminal_safe(error.to_string());
  std::fprintf(stderr, "hardock: error: %s\n", line.c_str());
  return kErrorExit;
}

core::Result<void> write_output(const std::string& path, const std::string& text, mode_t mode) {
  return write_output(
      path, [&text](const std::function<void(std::string_view)>& drain) { drain(text); }, mode);
}

core::Result<void> write_output(const std::string& path, const OutputProducer& produce,
                                mode_t mode) {
  if (path.empty() || path == "-") {
    bool failed = false;
    produce([&](std::string_view chunk) {
      if (!failed)
        failed = !std::cout.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    });
    std::cout.flush();
    if (failed || !std::cout)
      return core::fail(core::ErrorCode::kIo, "cannot write to standard output");
    return {};
  }
  struct stat link {};
  if (::lstat(path.c_str(), &link) == 0) {
    if (S_ISDIR(link.st_mode)) {
      return core::fail(core::ErrorCode::kIo, "cannot write " + path + ": it is a directory");
    }
    if (is_stream(link.st_mode)) return write_into_stream(path, produce);
    if (S_ISLNK(link.st_mode)) {
      // /dev/stdout and friends are links to a stream: written into. A link to a file is
      // refused: replacing it would drop the link, following it would write elsewhere.
      struct stat target {};
      if (::stat(path.c_str(), &target) == 0 && is_stream(target.st_mode)) {
        return write_into_stream(path, produce);
      }
      return core::fail(core::ErrorCode::kInvalidArgument,
                        "cannot write " + path +
                            ": it is a symbolic link; name the file itself (hardock does not "
                            "write files through links)");
    }
  } else if (errno != ENOENT) {
    return io_error(path, errno);
  }
  return write_into_file(path, produce, mode);
}

std::string now_rfc3339() {
  const std::time_t seconds =
      std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&seconds));
  return text;
}

void keep_until_exit(std::shared_ptr<void> value) {
  // Allocated once and never destroyed: a static vector would free everything at exit.
  static std::mutex* const mutex = new std::mutex;
  static auto* const kept = new std::vector<std::shared_ptr<void>>;
  const std::lock_guard lock(*mutex);
  kept->push_back(std::move(value));
}

}  // namespace hardock::app
