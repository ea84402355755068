// libarchive's read side, shared by the image archive reader and the layer reader: the callback
// that pulls bytes from a ByteSource (counting them, for the layer reader's ratio cap) and the
// deleter of a reading archive. Internal to the image module.
#pragma once

#include <archive.h>

#include <cerrno>
#include <cstdint>
#include <string>
#include <vector>

#include "hardock/image/byte_source.h"

namespace hardock::image::detail {

struct ArchiveDeleter {
  void operator()(struct archive* archive) const { archive_read_free(archive); }
};

// The client data of archive_read_open(): the source, a 64 KiB buffer, the bytes read so far
// and the source's error, if any (libarchive only keeps a message).
struct Feed {
  ByteSource* source = nullptr;
  std::vector<char> buffer = std::vector<char>(1 << 16);
  std::uint64_t bytes = 0;
  std::string error;
};

inline la_ssize_t feed_read(struct archive* archive, void* data, const void** block) {
  auto* feed = static_cast<Feed*>(data);
  auto got = feed->source->read(feed->buffer.data(), feed->buffer.size());
  if (!got) {
    feed->error = got.error().to_string();
    archive_set_error(archive, EIO, "%s", feed->error.c_str());
    return -1;
  }
  feed->bytes += *got;
  *block = feed->buffer.data();
  return static_cast<la_ssize_t>(*got);
}

}  // namespace hardock::image::detail
