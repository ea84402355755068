// The secret scan of an image's files: an EntryObserver for the layer walk that runs the secret
// rules over every text file as its bytes pass (nothing kept), and the merge that marks what a
// later layer deleted or replaced (still shipped in its own layer, still a finding).
#pragma once

#include <string>
#include <vector>

#include "hardock/image/analyzer.h"
#include "hardock/image/layer_reader.h"

namespace hardock::image {

class SecretScan final : public EntryObserver {
 public:
  // Files larger than this are not scanned (logs, databases); binary files (a NUL byte in the
  // first block) are skipped as they pass.
  static constexpr int64_t kMaxScannedBytes = 1 << 20;

  // Call before each layer's walk, with that layer's index.
  void start_layer(int layer) { layer_ = layer; }

  bool wants(const std::string& path, const FileEntry& entry) override;
  void chunk(std::string_view bytes) override;
  void end() override;

  // The secrets found, with removed_later set against the merged tree.
  [[nodiscard]] std::vector<FileSecret> results(const ImageTree& tree) const;

  // Scans one file's bytes (the observer's work, for callers that hold the bytes).
  static void scan(const std::string& path, int layer, std::string_view bytes,
                   std::vector<FileSecret>& out);

 private:
  int layer_ = 0;
  std::string path_;
  std::string bytes_;
  bool binary_ = false;
  std::vector<FileSecret> found_;
};

}  // namespace hardock::image
