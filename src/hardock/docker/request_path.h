// Engine API request paths built from untrusted values.
#pragma once

#include <string>
#include <string_view>

namespace hardock::docker {

// Percent-encodes one path segment or query value (ids, names, paths come from the engine or the
// user: nothing in them may change the request). Unreserved characters and ':' stay.
[[nodiscard]] std::string escape_segment(std::string_view text);

}  // namespace hardock::docker
