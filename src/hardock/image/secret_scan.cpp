#include "hardock/image/secret_scan.h"

#include "hardock/secrets/secrets.h"

namespace hardock::image {

bool SecretScan::wants(const std::string& path, const FileEntry& entry) {
  if (entry.size <= 0 || entry.size > kMaxScannedBytes) return false;
  // Documentation and locale data are large, common and never secret.
  for (std::string_view prefix : {"usr/share/doc/", "usr/share/man/", "usr/share/locale/",
                                  "usr/share/zoneinfo/", "usr/lib/locale/"}) {
    if (path.starts_with(prefix)) return false;
  }
  path_ = path;
  bytes_.clear();
  binary_ = false;
  return true;
}

void SecretScan::chunk(std::string_view bytes) {
  if (binary_) return;
  if (bytes_.empty() && bytes.find('\0') != std::string_view::npos) {
    binary_ = true;
    return;
  }
  bytes_.append(bytes);
}

void SecretScan::end() {
  if (!binary_) scan(path_, layer_, bytes_, found_);
  bytes_.clear();
  bytes_.shrink_to_fit();
}

void SecretScan::scan(const std::string& path, int layer, std::string_view bytes,
                      std::vector<FileSecret>& out) {
  for (const auto& match : secrets::in_text(bytes)) {
    out.push_back({path, layer, match.rule, match.redacted, false});
  }
}

std::vector<FileSecret> SecretScan::results(const ImageTree& tree) const {
  std::vector<FileSecret> out = found_;
  for (auto& secret : out) {
    const FileEntry* entry = tree.index().find(secret.path);
    secret.removed_later = entry == nullptr || entry->layer != secret.layer;
  }
  return out;
}

}  // namespace hardock::image
