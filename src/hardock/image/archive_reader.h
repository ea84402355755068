// Reading a whole image from an archive stream: a `docker save` tarball (the legacy layout with
// manifest.json and <id>/layer.tar, or the OCI layout Docker 25+ writes), or an OCI image
// archive (oci-layout, index.json, blobs/). The stream is read once, front to back: small JSON
// members are kept, every other member is walked as a layer as it passes (the archive lists them
// in no fixed order), and once the manifest is known the layers are merged in its order.
// Blob digests are verified as the bytes pass (sha256 of each blob, and of each uncompressed
// legacy layer against the config's diff_ids).
#pragma once

#include <string>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/image/byte_source.h"
#include "hardock/image/image_config.h"
#include "hardock/image/image_tree.h"
#include "hardock/image/layer_reader.h"

namespace hardock::image {

struct ImageSelection {
  std::string reference;  // a RepoTag or digest to pick when the archive holds several images
  std::string platform;   // "linux/amd64" for an OCI index of several platforms; empty: the host's
};

struct Image {
  std::string source;           // what was read ("docker-archive:x.tar", "oci-archive:...")
  std::string config_digest;    // "sha256:..." (the image id)
  std::string manifest_digest;  // when the source has a manifest (OCI), else empty
  std::vector<std::string> repo_tags;
  ImageConfig config;
  ImageTree tree;
  // Per tree layer, the name its walk was given (EntryObserver::begin_layer): the archive member
  // or blob path. Layers are walked in the order their bytes arrive, which is not the image's.
  std::vector<std::string> layer_sources;
};

[[nodiscard]] core::Result<Image> read_image_archive(ByteSource& source, std::string name,
                                                     const ImageSelection& selection,
                                                     const LayerOptions& layer_options);

}  // namespace hardock::image
