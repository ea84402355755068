// The image a manifest describes, read from a store of blobs (an OCI layout directory, a
// registry): the config blob (bounded, digest checked, parsed), then each layer blob streamed
// once into the layer walk (digest and size checked as the bytes pass, nothing written to disk)
// and merged in the manifest's order. The same image::Image as read_image_archive gives, so
// that inventory and findings do not depend on where the image came from.
#pragma once

#include <memory>
#include <string>

#include "hardock/core/result.h"
#include "hardock/image/archive_reader.h"
#include "hardock/image/byte_source.h"
#include "hardock/image/layer_reader.h"
#include "hardock/image/source_manifest.h"

namespace hardock::image {

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // The whole blob (a manifest or a config), at most `max_bytes`; the caller checks its digest.
  [[nodiscard]] virtual core::Result<std::string> read_blob(const Descriptor& blob,
                                                            std::size_t max_bytes) = 0;
  // A manifest or index an index names (a registry serves them apart from blobs); by default
  // read_blob.
  [[nodiscard]] virtual core::Result<std::string> read_manifest(const Descriptor& manifest,
                                                                std::size_t max_bytes) {
    return read_blob(manifest, max_bytes);
  }
  // The blob's bytes as a stream, front to back; the caller checks its digest and size.
  [[nodiscard]] virtual core::Result<std::unique_ptr<ByteSource>> open_blob(
      const Descriptor& blob) = 0;
};

// A ByteSource that hashes what passes and refuses more bytes than `expected_size` (when >= 0).
// finish() reads what is left and checks the sha256 and the size against the descriptor.
class VerifyingSource final : public ByteSource {
 public:
  VerifyingSource(ByteSource& inner, const Descriptor& expected, std::string name);
  ~VerifyingSource() override;
  VerifyingSource(const VerifyingSource&) = delete;
  VerifyingSource& operator=(const VerifyingSource&) = delete;

  core::Result<std::size_t> read(char* buffer, std::size_t size) override;
  [[nodiscard]] core::Result<void> finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Reads a small blob whole and checks it against its descriptor (digest, size, `max_bytes`).
[[nodiscard]] core::Result<std::string> read_verified_blob(BlobStore& store, const Descriptor& blob,
                                                           std::size_t max_bytes,
                                                           const std::string& what);

// The image of `manifest` (not an index). `name` names the image in every message and becomes
// Image::source; `manifest_digest` its Image::manifest_digest.
[[nodiscard]] core::Result<Image> read_image_from_manifest(BlobStore& store,
                                                           const std::string& name,
                                                           const ManifestDocument& manifest,
                                                           const std::string& manifest_digest,
                                                           const LayerOptions& options);

// Follows an index down to one image manifest (at most 4 levels), reading each level from
// `store` with its digest checked. `top` is what the source gave first (index.json, or the
// registry's answer for a tag). Returns the manifest and its digest ("" when `top` is the
// manifest and `top_digest` is empty).
struct ResolvedManifest {
  ManifestDocument manifest;
  std::string digest;
};
[[nodiscard]] core::Result<ResolvedManifest> resolve_manifest(BlobStore& store,
                                                              ManifestDocument top,
                                                              std::string top_digest,
                                                              const ImageSelection& selection,
                                                              const std::string& name);

}  // namespace hardock::image
