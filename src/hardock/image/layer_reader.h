// Reading one image layer: a tar stream (gzip, zstd or uncompressed, told apart by magic) read
// once, front to back, with libarchive; nothing is written to disk.
//
// Every entry is untrusted. The reader normalises paths (a leading '/' is dropped), refuses
// entries whose path or hardlink target climbs above the root with "..", records device files
// without reading them, keeps the last of duplicate entries, and turns OCI whiteouts
// (".wh.NAME", ".wh..wh..opq") into whiteout and opaque records that the merge applies to lower
// layers only. What it refuses or finds odd is listed in `anomalies`, one line each.
//
// Bounds: the bytes decompressed (total and per compressed byte: decompression bombs), the
// number of entries, and the bytes kept per wanted file are capped (LayerLimits); exceeding the
// first two is an error naming the layer, a wanted file over its cap is kept without content
// and noted. A truncated or corrupt archive is an error naming the layer.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/image/byte_source.h"
#include "hardock/image/file_index.h"

namespace hardock::image {

struct LayerLimits {
  uint64_t max_uncompressed_bytes = 64ULL << 30;  // per layer
  uint64_t max_ratio = 1000;                      // uncompressed bytes per compressed byte
  uint64_t max_entries = 2'000'000;               // per layer
  uint64_t max_file_bytes = 64ULL << 20;          // kept per wanted file
};

// Streamed access to entries' bytes, for analyzers that scan rather than keep (secrets).
class EntryObserver {
 public:
  virtual ~EntryObserver() = default;
  // A layer's walk starts; `name` is the name read_layer was given. Layers are walked one at a
  // time, so everything until the next call belongs to this layer.
  virtual void begin_layer(std::string_view /*name*/) {}
  // Whether to stream the data of this regular file.
  virtual bool wants(const std::string& path, const FileEntry& entry) = 0;
  // Its bytes, in order, possibly in several chunks; then `end`.
  virtual void chunk(std::string_view bytes) = 0;
  virtual void end() = 0;
};

struct LayerEntry {
  std::string path;
  FileEntry entry;
};

struct LayerRecord {
  std::string digest;  // names the layer in every message
  std::vector<LayerEntry> entries;
  std::vector<std::string> whiteouts;    // paths removed from lower layers
  std::vector<std::string> opaque_dirs;  // directories whose lower-layer content is hidden
  std::vector<std::string> anomalies;
  uint64_t compressed_bytes = 0;
  uint64_t uncompressed_bytes = 0;
};

struct LayerOptions {
  LayerLimits limits;
  // Regular files whose bytes are kept (FileEntry::content), by normalised path.
  std::function<bool(std::string_view path)> wanted;
  EntryObserver* observer = nullptr;
};

[[nodiscard]] core::Result<LayerRecord> read_layer(ByteSource& source, std::string digest,
                                                   const LayerOptions& options);

}  // namespace hardock::image
