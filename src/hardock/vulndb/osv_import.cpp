#include "hardock/vulndb/osv_import.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "hardock/io/bounded_read.h"
#include "hardock/io/escape.h"
#include "hardock/io/unique_fd.h"
#include "hardock/vulndb/archive_input.h"
#include "hardock/vulndb/osv_record.h"

namespace hardock::vulndb {
namespace osv_import_detail {

constexpr std::size_t kMaxDirectoryDepth = 16;
constexpr std::size_t kMaxEntries = 10'000'000;

core::Result<void> store(std::string_view json, const std::string& name, ImportSink& sink,
                         OsvImportStats& stats) {
  auto record = decode_osv_record(json, name);
  if (!record) return core::fail(record.error());
  if (record->affected.empty()) {
    ++stats.without_packages;
    return {};
  }
  if (auto stored = sink.advisory(record->advisory, record->affected); !stored) return stored;
  ++stats.records;
  return {};
}

// The names in the directory open at `fd` (which it consumes), sorted.
core::Result<std::vector<std::string>> list(int fd, const std::string& shown) {
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    const int error = errno;
    ::close(fd);
    return core::fail(io::file_error(shown, error).to_error());
  }
  std::vector<std::string> names;
  errno = 0;
  while (dirent* entry = ::readdir(dir)) {
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    if (names.size() >= kMaxEntries) {
      ::closedir(dir);
      return core::fail(core::ErrorCode::kMalformedInput, shown + ": more than 10,000,000 entries");
    }
    names.emplace_back(name);
  }
  const int error = errno;
  ::closedir(dir);
  if (error != 0) return core::fail(io::file_error(shown, error).to_error());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace osv_import_detail

core::Result<OsvImportStats> read_osv_file(const std::string& path, ImportSink& sink) {
  auto text = io::read_regular_file(path, kMaxOsvRecordBytes);
  if (!text) return core::fail(text.error().to_error());
  OsvImportStats stats;
  if (auto stored = osv_import_detail::store(*text, path, sink, stats); !stored) {
    return core::fail(stored.error());
  }
  return stats;
}

core::Result<OsvImportStats> read_osv_directory(const std::string& path, ImportSink& sink) {
  using namespace osv_import_detail;
  OsvImportStats stats;
  struct Pending {
    io::UniqueFd fd;
    std::string shown;
    std::size_t depth;
  };
  const int root = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root < 0) return core::fail(io::file_error(path, errno).to_error());
  std::vector<Pending> pending;
  pending.push_back(Pending{io::UniqueFd(root), path, 0});
  std::size_t entries = 0;
  while (!pending.empty()) {
    Pending current = std::move(pending.back());
    pending.pop_back();
    // fdopendir takes a descriptor of its own: the walk keeps `current.fd` for openat.
    const int listed = ::dup(current.fd.get());
    if (listed < 0) return core::fail(io::file_error(current.shown, errno).to_error());
    auto names = list(listed, current.shown);
    if (!names) return core::fail(names.error());
    // Subdirectories are pushed in reverse so that the walk visits them in name order.
    std::vector<Pending> subdirectories;
    for (const std::string& name : *names) {
      if (++entries > kMaxEntries) {
        return core::fail(core::ErrorCode::kMalformedInput,
                          path + ": more than 10,000,000 entries");
      }
      if (name.starts_with('.')) continue;
      const std::string shown = current.shown + "/" + name;
      struct stat info {};
      if (::fstatat(current.fd.get(), name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
        return core::fail(io::file_error(shown, errno).to_error());
      }
      if (S_ISDIR(info.st_mode)) {
        if (current.depth + 1 > kMaxDirectoryDepth) {
          return core::fail(core::ErrorCode::kMalformedInput,
                            io::terminal_safe(shown) + ": nested deeper than 16 directories");
        }
        const int sub = ::openat(current.fd.get(), name.c_str(),
                                 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub < 0) return core::fail(io::file_error(shown, errno).to_error());
        subdirectories.push_back(Pending{io::UniqueFd(sub), shown, current.depth + 1});
        continue;
      }
      if (!S_ISREG(info.st_mode) || !name.ends_with(".json")) {
        ++stats.skipped;  // links (never followed), FIFOs, devices, other files
        continue;
      }
      io::UniqueFd file(::openat(current.fd.get(), name.c_str(),
                                 O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
      if (!file.valid()) return core::fail(io::file_error(shown, errno).to_error());
      auto text = io::read_descriptor(file.get(), shown, kMaxOsvRecordBytes);
      if (!text) return core::fail(text.error().to_error());
      if (auto stored = store(*text, shown, sink, stats); !stored)
        return core::fail(stored.error());
    }
    for (auto sub = subdirectories.rbegin(); sub != subdirectories.rend(); ++sub) {
      pending.push_back(std::move(*sub));
    }
  }
  return stats;
}

core::Result<OsvImportStats> read_osv_zip(const std::string& path, ImportSink& sink) {
  auto input = ArchiveInput::open(path, ArchiveInput::Kind::kArchive);
  if (!input) return core::fail(input.error());
  OsvImportStats stats;
  ArchiveInput::Entry entry;
  std::size_t entries = 0;
  while (true) {
    auto more = input->next(entry);
    if (!more) return core::fail(more.error());
    if (!*more) break;
    if (++entries > osv_import_detail::kMaxEntries) {
      return core::fail(core::ErrorCode::kMalformedInput, path + ": more than 10,000,000 entries");
    }
    if (!entry.regular || !entry.name.ends_with(".json")) {
      ++stats.skipped;
      continue;
    }
    const std::string shown = path + ":" + entry.name;
    if (entry.size > static_cast<std::int64_t>(kMaxOsvRecordBytes)) {
      return core::fail(core::ErrorCode::kMalformedInput,
                        io::terminal_safe(shown) + ": larger than the 16 MiB an OSV record may be");
    }
    auto text = input->read_all(kMaxOsvRecordBytes, entry.name);
    if (!text) return core::fail(text.error());
    if (auto stored = osv_import_detail::store(*text, shown, sink, stats); !stored) {
      return core::fail(stored.error());
    }
  }
  return stats;
}

}  // namespace hardock::vulndb
