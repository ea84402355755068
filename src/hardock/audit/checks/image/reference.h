// How HDK-I-013 reads an image reference, shared with the authorization plugin, which judges a
// pull by the same rule before the image exists (defined in untrusted_source.cpp).
#pragma once

#include <string>
#include <string_view>

namespace hardock::audit::checks::untrusted_source {

// The registry of a reference, as the docker CLI reads it: the first component when it has a
// '.' or ':' or is "localhost", else Docker Hub ("docker.io").
std::string registry_of(std::string_view reference);
// The tag of a reference ("latest" when none is written), empty for a digest reference.
std::string tag_of(std::string_view reference);

}  // namespace hardock::audit::checks::untrusted_source
