// Helpers the SBOM writers share (not part of the module's API).
#pragma once

#include <string>
#include <string_view>

#include "hardock/sbom/sbom.h"

namespace hardock::sbom::detail {

// A name-based UUID (RFC 4122 version 5, SHA-1) in hardock's namespace, lower-case hex.
std::string name_based_uuid(std::string_view name);

// What the serial number and the document namespace are derived from: the image digests (or
// its name when it has none), the format and the tool version.
std::string document_seed(const ImageIdentity& image, std::string_view format,
                          std::string_view tool_version);

// Text from the image, as valid UTF-8 (invalid sequences replaced with U+FFFD).
std::string text(std::string_view raw);

// "3 (sha256:...)" when the layer's digest is known, else "3"; empty for -1 (unknown).
std::string layer_label(const ImageIdentity& image, int layer);

// The name the documents give the image: its name, else its first tag, else its digest.
std::string image_display_name(const ImageIdentity& image);

}  // namespace hardock::sbom::detail
