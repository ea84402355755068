#include "hardock/vulndb/database_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "hardock/io/bounded_read.h"
#include "hardock/io/file_write.h"
#include "hardock/io/unique_fd.h"

namespace hardock::vulndb {
namespace database_file_detail {

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

core::Result<void> check_owner_and_type(const struct stat& info, const std::string& path,
                                        bool root_allowed) {
  if (!S_ISREG(info.st_mode)) {
    return core::fail(core::ErrorCode::kInvalidArgument, path + ": not a regular file");
  }
  if (info.st_uid != ::geteuid() && !(root_allowed && info.st_uid == 0)) {
    return core::fail(core::ErrorCode::kPermissionDenied,
                      path + ": belongs to uid " + std::to_string(info.st_uid) +
                          ", not to this user (uid " + std::to_string(::geteuid()) +
                          "): not used, since its owner chooses what hardock reports");
  }
  return {};
}

}  // namespace database_file_detail

core::Result<std::string> default_database_path() {
  if (::geteuid() == 0) return std::string("/var/lib/hardock/vuln.db");
  const char* xdg = std::getenv("XDG_DATA_HOME");
  if (xdg != nullptr && xdg[0] == '/') return std::string(xdg) + "/hardock/vuln.db";
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] == '/') {
    return std::string(home) + "/.local/share/hardock/vuln.db";
  }
  return core::fail(core::ErrorCode::kNotFound,
                    "no place for the vulnerability database: neither XDG_DATA_HOME nor HOME is "
                    "an absolute path (give --db FILE)");
}

core::Result<void> prepare_database_file(const std::string& path) {
  const std::string directory_path = database_file_detail::directory_of(path);
  auto directory = io::Directory::open_or_create(directory_path, 0700);
  if (!directory) return core::fail(directory.error());
  std::string name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  if (name.empty() || name == "." || name == "..") {
    return core::fail(core::ErrorCode::kInvalidArgument, path + ": not a file name");
  }
  io::UniqueFd fd(::openat(directory->fd(), name.c_str(),
                           O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK,
                           0600));
  if (!fd.valid()) {
    if (errno == ELOOP) {
      return core::fail(core::ErrorCode::kInvalidArgument,
                        path + ": a symbolic link: hardock does not follow it");
    }
    return core::fail(io::file_error(path, errno).to_error());
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return core::fail(io::file_error(path, errno).to_error());
  if (auto checked = database_file_detail::check_owner_and_type(info, path, false); !checked) {
    return checked;
  }
  if ((info.st_mode & 07777) != 0600 && ::fchmod(fd.get(), 0600) != 0) {
    return core::fail(io::file_error(path, errno).to_error());
  }
  return {};
}

core::Result<void> check_database_file(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) {
      return core::fail(core::ErrorCode::kNotFound,
                        path + ": no vulnerability database (load feeds with `hardock db import`)");
    }
    return core::fail(io::file_error(path, errno).to_error());
  }
  if (S_ISLNK(info.st_mode)) {
    return core::fail(core::ErrorCode::kInvalidArgument,
                      path + ": a symbolic link: hardock does not follow it");
  }
  return database_file_detail::check_owner_and_type(info, path, true);
}

}  // namespace hardock::vulndb
