// Builds layer tars in memory with libarchive's writer, for tests: ordinary layers and every
// hostile case the reader must survive (absolute paths, "..", hardlinks out of the root,
// devices, duplicates, bombs). The fixtures are this code, not committed blobs.
#pragma once

#include <archive.h>
#include <archive_entry.h>

#include <string>
#include <vector>

namespace hardock::image::test {

struct TarItem {
  std::string path;
  std::string data;          // regular files
  unsigned type = AE_IFREG;  // AE_IFREG, AE_IFDIR, AE_IFLNK, AE_IFCHR, ...
  unsigned mode = 0644;
  std::string link;      // symlink target
  std::string hardlink;  // hardlink target (then type is ignored)
  long uid = 0;
  long gid = 0;
  long long declared_size = -1;  // override the header's size (with zero-filled data)
};

inline TarItem file(std::string path, std::string data, unsigned mode = 0644) {
  TarItem item;
  item.path = std::move(path);
  item.data = std::move(data);
  item.mode = mode;
  return item;
}
inline TarItem dir(std::string path) {
  TarItem item;
  item.path = std::move(path);
  item.type = AE_IFDIR;
  item.mode = 0755;
  return item;
}
inline TarItem symlink(std::string path, std::string target) {
  TarItem item;
  item.path = std::move(path);
  item.type = AE_IFLNK;
  item.link = std::move(target);
  return item;
}
inline TarItem hardlink(std::string path, std::string target) {
  TarItem item;
  item.path = std::move(path);
  item.hardlink = std::move(target);
  return item;
}
inline TarItem device(std::string path) {
  TarItem item;
  item.path = std::move(path);
  item.type = AE_IFCHR;
  return item;
}
// A regular file of `size` zero bytes, written in chunks (a bomb when compressed).
inline TarItem zeros(std::string path, long long size) {
  TarItem item;
  item.path = std::move(path);
  item.declared_size = size;
  return item;
}

enum class Compression { kNone, kGzip, kZstd };

inline la_ssize_t append_to_string(struct archive*, void* out, const void* buffer, size_t size) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(buffer), size);
  return static_cast<la_ssize_t>(size);
}

inline std::string make_tar(const std::vector<TarItem>& items,
                            Compression compression = Compression::kNone) {
  std::string out;
  struct archive* archive = archive_write_new();
  archive_write_set_format_pax_restricted(archive);
  if (compression == Compression::kGzip) archive_write_add_filter_gzip(archive);
  if (compression == Compression::kZstd) archive_write_add_filter_zstd(archive);
  archive_write_set_bytes_in_last_block(archive, 1);
  archive_write_open(archive, &out, nullptr, append_to_string, nullptr);
  for (const auto& item : items) {
    struct archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, item.path.c_str());
    archive_entry_set_uid(entry, item.uid);
    archive_entry_set_gid(entry, item.gid);
    archive_entry_set_perm(entry, item.mode);
    if (!item.hardlink.empty()) {
      archive_entry_set_filetype(entry, AE_IFREG);
      archive_entry_set_hardlink(entry, item.hardlink.c_str());
      archive_entry_set_size(entry, 0);
    } else {
      archive_entry_set_filetype(entry, item.type);
      if (item.type == AE_IFLNK) archive_entry_set_symlink(entry, item.link.c_str());
      const long long size =
          item.declared_size >= 0 ? item.declared_size : static_cast<long long>(item.data.size());
      archive_entry_set_size(entry, item.type == AE_IFREG ? size : 0);
    }
    archive_write_header(archive, entry);
    if (item.type == AE_IFREG && item.hardlink.empty()) {
      if (item.declared_size >= 0) {
        const std::string zeros(1 << 20, '\0');
        for (long long left = item.declared_size; left > 0;) {
          const auto chunk = static_cast<size_t>(std::min<long long>(left, 1 << 20));
          archive_write_data(archive, zeros.data(), chunk);
          left -= static_cast<long long>(chunk);
        }
      } else {
        archive_write_data(archive, item.data.data(), item.data.size());
      }
    }
    archive_entry_free(entry);
  }
  archive_write_close(archive);
  archive_write_free(archive);
  return out;
}

}  // namespace hardock::image::test
