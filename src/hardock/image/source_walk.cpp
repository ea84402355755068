#include "hardock/image/source_walk.h"

#include <openssl/evp.h>

#include <map>

#include "hardock/image/image_config.h"

namespace hardock::image {

struct VerifyingSource::State {
  ByteSource* inner = nullptr;
  Descriptor expected;
  std::string name;
  EVP_MD_CTX* digest = nullptr;
  uint64_t bytes = 0;
  bool ended = false;
};

VerifyingSource::VerifyingSource(ByteSource& inner, const Descriptor& expected, std::string name)
    : state_(std::make_unique<State>()) {
  state_->inner = &inner;
  state_->expected = expected;
  state_->name = std::move(name);
  state_->digest = EVP_MD_CTX_new();
  EVP_DigestInit_ex(state_->digest, EVP_sha256(), nullptr);
}

VerifyingSource::~VerifyingSource() { EVP_MD_CTX_free(state_->digest); }

core::Result<std::size_t> VerifyingSource::read(char* buffer, std::size_t size) {
  if (state_->ended) return 0;
  auto got = state_->inner->read(buffer, size);
  if (!got) return got;
  if (*got == 0) {
    state_->ended = true;
    return 0;
  }
  state_->bytes += *got;
  if (state_->expected.size >= 0 && state_->bytes > static_cast<uint64_t>(state_->expected.size)) {
    return core::fail(core::ErrorCode::kMalformedInput, state_->name + ": more bytes than the " +
                                                            std::to_string(state_->expected.size) +
                                                            " its descriptor gives");
  }
  EVP_DigestUpdate(state_->digest, buffer, *got);
  return got;
}

core::Result<void> VerifyingSource::finish() {
  char block[1 << 16];
  for (;;) {
    auto got = read(block, sizeof block);
    if (!got) return core::fail(got.error());
    if (*got == 0) break;
  }
  if (state_->expected.size >= 0 && state_->bytes != static_cast<uint64_t>(state_->expected.size)) {
    return core::fail(core::ErrorCode::kMalformedInput,
                      state_->name + ": " + std::to_string(state_->bytes) +
                          " bytes, its descriptor gives " + std::to_string(state_->expected.size) +
                          " (truncated?)");
  }
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(state_->digest, out, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string actual = "sha256:";
  for (unsigned int index = 0; index < length; ++index) {
    actual += kHex[out[index] >> 4];
    actual += kHex[out[index] & 0x0F];
  }
  if (actual != state_->expected.digest) {
    return core::fail(core::ErrorCode::kMalformedInput,
                      state_->name + ": content does not match its digest (got " + actual + ")");
  }
  return {};
}

core::Result<std::string> read_verified_blob(BlobStore& store, const Descriptor& blob,
                                             std::size_t max_bytes, const std::string& what) {
  if (blob.size >= 0 && static_cast<uint64_t>(blob.size) > max_bytes) {
    return core::fail(core::ErrorCode::kMalformedInput,
                      what + " " + blob.digest + ": " + std::to_string(blob.size) +
                          " bytes, more than the " + std::to_string(max_bytes) + " read");
  }
  auto bytes = store.read_blob(blob, max_bytes);
  if (!bytes) return core::fail(bytes.error().with_context(what + " " + blob.digest));
  if (sha256_digest(*bytes) != blob.digest) {
    return core::fail(core::ErrorCode::kMalformedInput,
                      what + " " + blob.digest + ": content does not match its digest");
  }
  if (blob.size >= 0 && bytes->size() != static_cast<std::size_t>(blob.size)) {
    return core::fail(core::ErrorCode::kMalformedInput,
                      what + " " + blob.digest + ": size differs from its descriptor");
  }
  return bytes;
}

core::Result<Image> read_image_from_manifest(BlobStore& store, const std::string& name,
                                             const ManifestDocument& manifest,
                                             const std::string& manifest_digest,
                                             const LayerOptions& options) {
  Image image;
  image.source = name;
  image.manifest_digest = manifest_digest;
  auto config_bytes = read_verified_blob(store, manifest.config, kMaxConfigBytes, "config");
  if (!config_bytes) return core::fail(config_bytes.error().with_context(name));
  auto config = parse_image_config(*config_bytes);
  if (!config) return core::fail(config.error().with_context(name + ": config"));
  image.config = std::move(*config);
  image.config_digest = manifest.config.digest;
  if (!image.config.diff_ids.empty() && image.config.diff_ids.size() != manifest.layers.size()) {
    return core::fail(core::ErrorCode::kMalformedInput,
                      name + ": the config lists " + std::to_string(image.config.diff_ids.size()) +
                          " layers, the manifest " + std::to_string(manifest.layers.size()));
  }
  // A blob listed twice is walked once (as read_image_archive does with a repeated member).
  std::map<std::string, LayerRecord> walked;
  for (std::size_t index = 0; index < manifest.layers.size(); ++index) {
    const Descriptor& layer = manifest.layers[index];
    const std::string layer_name = name + ": layer " + layer.digest;
    if (layer.size >= 0 &&
        static_cast<uint64_t>(layer.size) > options.limits.max_uncompressed_bytes) {
      return core::fail(
          core::ErrorCode::kMalformedInput,
          layer_name + ": " + std::to_string(layer.size) + " bytes, over the layer limit");
    }
    auto found = walked.find(layer.digest);
    if (found == walked.end()) {
      auto blob = store.open_blob(layer);
      if (!blob) return core::fail(blob.error().with_context(layer_name));
      VerifyingSource verified(**blob, layer, layer_name);
      auto record = read_layer(verified, layer.digest, options);
      if (!record) return core::fail(record.error().with_context(name));
      // The digest covers every byte, the tar's padding after its end included.
      if (auto checked = verified.finish(); !checked) return core::fail(checked.error());
      found = walked.emplace(layer.digest, std::move(*record)).first;
    }
    LayerRecord record = found->second;
    record.digest =
        index < image.config.diff_ids.size() ? image.config.diff_ids[index] : layer.digest;
    image.layer_sources.push_back(layer.digest);
    image.tree.add(std::move(record));
  }
  return image;
}

core::Result<ResolvedManifest> resolve_manifest(BlobStore& store, ManifestDocument top,
                                                std::string top_digest,
                                                const ImageSelection& selection,
                                                const std::string& name) {
  ResolvedManifest current{std::move(top), std::move(top_digest)};
  std::string reference = selection.reference;
  for (int depth = 0; depth < 4; ++depth) {
    if (!current.manifest.is_index) return current;
    auto entry = choose_manifest(current.manifest, selection.platform, reference, name);
    if (!entry) return core::fail(entry.error());
    reference.clear();  // a reference names an entry of the top level only
    auto bytes = [&]() -> core::Result<std::string> {
      auto read = store.read_manifest(*entry, kMaxManifestBytes);
      if (!read) return core::fail(read.error().with_context(name + ": manifest " + entry->digest));
      if (sha256_digest(*read) != entry->digest) {
        return core::fail(
            core::ErrorCode::kMalformedInput,
            name + ": manifest " + entry->digest + ": content does not match its digest");
      }
      return read;
    }();
    if (!bytes) return core::fail(bytes.error());
    auto parsed = parse_manifest(*bytes, entry->media_type, name + ": manifest " + entry->digest);
    if (!parsed) return core::fail(parsed.error());
    current = {std::move(*parsed), entry->digest};
  }
  if (current.manifest.is_index) {
    return core::fail(core::ErrorCode::kMalformedInput, name + ": indexes nested more than 4 deep");
  }
  return current;
}

}  // namespace hardock::image
