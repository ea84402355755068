// An OCI image layout directory (oci-layout, index.json, blobs/sha256/<hex>), as `skopeo copy
// ... oci:DIR` and `docker buildx --output type=oci,tar=false` write it. Every file is read
// through io::RootDir, so no link inside the directory reaches outside it; blob names are
// built only from validated digests; index.json and manifests are bounded and their digests
// checked; layers are streamed into the layer walk with their digest and size checked.
#pragma once

#include <string>

#include "hardock/core/result.h"
#include "hardock/image/archive_reader.h"
#include "hardock/image/layer_reader.h"

namespace hardock::image {

// True when `dir` holds an oci-layout file (a directory given to --input is read as a layout
// only then).
[[nodiscard]] bool is_oci_layout(const std::string& dir);

// Reads the image `selection` names (a ref name such as "1.0" or a manifest digest; empty: the
// only image, or the one for selection.platform in an index). Errors name the directory.
[[nodiscard]] core::Result<Image> read_oci_layout(const std::string& dir,
                                                  const ImageSelection& selection,
                                                  const LayerOptions& options);

}  // namespace hardock::image
