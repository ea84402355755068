#include "hardock/image/oci_layout.h"

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "hardock/image/byte_source.h"
#include "hardock/image/source_walk.h"
#include "hardock/io/json_guard.h"
#include "hardock/io/root_dir.h"
#include "hardock/io/unique_fd.h"

namespace hardock::image {
namespace {

// "blobs/sha256/<hex>" for a validated digest only (parse_manifest validates every digest).
std::string blob_file(const Descriptor& blob) {
  return "blobs/sha256/" + blob.digest.substr(std::string_view("sha256:").size());
}

// A file descriptor that owns itself, read as a ByteSource.
class OwnedFdSource final : public ByteSource {
 public:
  OwnedFdSource(io::UniqueFd fd, std::string name)
      : fd_(std::move(fd)), source_(fd_.get(), std::move(name)) {}
  core::Result<std::size_t> read(char* buffer, std::size_t size) override {
    return source_.read(buffer, size);
  }

 private:
  io::UniqueFd fd_;
  FdSource source_;
};

class LayoutStore final : public BlobStore {
 public:
  explicit LayoutStore(io::RootDir root) : root_(std::move(root)) {}

  core::Result<std::string> read_blob(const Descriptor& blob, std::size_t max_bytes) override {
    auto bytes = root_.read(blob_file(blob), max_bytes);
    if (!bytes) return core::fail(bytes.error().to_error());
    return std::move(*bytes);
  }

  core::Result<std::unique_ptr<ByteSource>> open_blob(const Descriptor& blob) override {
    // The descriptor's size bounds the file when it is given; the layer walk bounds the rest.
    const std::size_t limit = blob.size >= 0 ? static_cast<std::size_t>(blob.size)
                                             : std::numeric_limits<std::size_t>::max();
    auto fd = root_.open_regular(blob_file(blob), limit);
    if (!fd) return core::fail(fd.error().to_error());
    return std::make_unique<OwnedFdSource>(std::move(*fd), blob_file(blob));
  }

  const io::RootDir& root() const { return root_; }

 private:
  io::RootDir root_;
};

}  // namespace

bool is_oci_layout(const std::string& dir) {
  auto root = io::RootDir::open(dir);
  if (!root) return false;
  auto exists = root->exists("oci-layout");
  return exists && *exists;
}

core::Result<Image> read_oci_layout(const std::string& dir, const ImageSelection& selection,
                                    const LayerOptions& options) {
  const std::string name = "oci:" + dir;
  auto root = io::RootDir::open(dir);
  if (!root) return core::fail(root.error().with_context(name));
  auto marker = root->read("oci-layout", 4096);
  if (!marker) return core::fail(marker.error().to_error().with_context(name));
  {
    if (!io::json_nesting_error(*marker).empty()) {
      return core::fail(core::ErrorCode::kMalformedInput, name + ": oci-layout: invalid");
    }
    const auto layout = nlohmann::json::parse(*marker, nullptr, false);
    if (!layout.is_object() || !layout.contains("imageLayoutVersion") ||
        !layout["imageLayoutVersion"].is_string() ||
        !layout["imageLayoutVersion"].get<std::string>().starts_with("1.")) {
      return core::fail(core::ErrorCode::kMalformedInput,
                        name + ": oci-layout: not an image layout of version 1.x");
    }
  }
  auto index_text = root->read("index.json", kMaxManifestBytes);
  if (!index_text) return core::fail(index_text.error().to_error().with_context(name));
  auto index =
      parse_manifest(*index_text, "application/vnd.oci.image.index.v1+json", name + ": index.json");
  if (!index) return core::fail(index.error());
  LayoutStore store(std::move(*root));
  auto resolved = resolve_manifest(store, std::move(*index), "", selection, name);
  if (!resolved) return core::fail(resolved.error());
  auto image = read_image_from_manifest(store, name, resolved->manifest, resolved->digest, options);
  return image;
}

}  // namespace hardock::image
