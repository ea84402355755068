#include "hardock/image/image_tree.h"

namespace hardock::image {

void ImageTree::add(LayerRecord record) {
  const int layer = static_cast<int>(layers_.size());
  for (const auto& dir : record.opaque_dirs) index_.opaque(dir, layer);
  for (const auto& path : record.whiteouts) index_.whiteout(path, layer);
  for (auto& [path, entry] : record.entries) {
    entry.layer = layer;
    index_.put(path, std::move(entry));
  }
  layers_.push_back({std::move(record.digest), record.compressed_bytes, record.uncompressed_bytes,
                     record.entries.size(), std::move(record.anomalies)});
}

const std::string* ImageTree::content(const std::string& path) const {
  auto resolved = index_.resolve(path);
  if (!resolved) return nullptr;
  const FileEntry* entry = index_.find(*resolved);
  if (entry == nullptr || entry->type != EntryType::kFile || !entry->content) return nullptr;
  return &*entry->content;
}

}  // namespace hardock::image
