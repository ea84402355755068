// ImageTree: an image's merged file tree, built from its layers' records in the image's order
// (base first). Layers may be read in any order (a `docker save` stream holds them in no fixed
// order) and are merged here in the order the image's manifest gives.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "hardock/image/file_index.h"
#include "hardock/image/layer_reader.h"

namespace hardock::image {

struct LayerSummary {
  std::string digest;
  uint64_t compressed_bytes = 0;
  uint64_t uncompressed_bytes = 0;
  std::size_t entries = 0;
  std::vector<std::string> anomalies;
};

class ImageTree {
 public:
  // Applies the next layer (its index is the number of layers added so far): its whiteouts and
  // opaque directories remove what lower layers put, then its entries are added.
  void add(LayerRecord record);
  // A tree restored from its merged index and layer summaries (the analysis cache, by image id).
  // It keeps no file bytes: content() and history() find nothing, as the analyzers' results
  // were stored with it instead.
  [[nodiscard]] static ImageTree restored(FileIndex index, std::vector<LayerSummary> layers);

  [[nodiscard]] const FileIndex& index() const { return index_; }
  [[nodiscard]] const std::vector<LayerSummary>& layers() const { return layers_; }
  // The kept bytes of the regular file `path` names (links followed inside the image); nullptr
  // when it is absent, not a regular file, or was not asked for (LayerOptions::wanted).
  [[nodiscard]] const std::string* content(const std::string& path) const;
  // Every kept version of `path` as the layers wrote it, base first: (layer index, bytes). A
  // package database read layer by layer tells which layer installed each package.
  struct Version {
    int layer = 0;
    std::string bytes;
  };
  [[nodiscard]] const std::vector<Version>& history(const std::string& path) const;

 private:
  FileIndex index_;
  std::vector<LayerSummary> layers_;
  std::map<std::string, std::vector<Version>> history_;
};

}  // namespace hardock::image
