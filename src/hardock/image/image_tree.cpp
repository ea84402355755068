#include "hardock/image/image_tree.h"

#include <utility>

namespace hardock::image {

void ImageTree::add(LayerRecord record) {
  const int layer = static_cast<int>(layers_.size());
  for (const auto& dir : record.opaque_dirs) index_.opaque(dir, layer);
  for (const auto& path : record.whiteouts) index_.whiteout(path, layer);
  for (auto& [path, entry] : record.entries) {
    entry.layer = layer;
    if (entry.content) history_[path].push_back({layer, *entry.content});
    index_.put(path, std::move(entry));
  }
  layers_.push_back({std::move(record.digest), record.compressed_bytes, record.uncompressed_bytes,
                     record.entries.size(), std::move(record.anomalies)});
}

ImageTree ImageTree::restored(FileIndex index, std::vector<LayerSummary> layers) {
  ImageTree tree;
  tree.index_ = std::move(index);
  tree.layers_ = std::move(layers);
  return tree;
}

const std::string* ImageTree::content(const std::string& path) const {
  auto resolved = index_.resolve(path);
  if (!resolved) return nullptr;
  const FileEntry* entry = index_.find(*resolved);
  if (entry == nullptr || entry->type != EntryType::kFile || !entry->content) return nullptr;
  return &*entry->content;
}

const std::vector<ImageTree::Version>& ImageTree::history(const std::string& path) const {
  static const std::vector<Version> kNone;
  auto it = history_.find(path);
  return it == history_.end() ? kNone : it->second;
}

}  // namespace hardock::image
