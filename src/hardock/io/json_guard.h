// Limits applied to JSON text before any parser sees it. nlohmann/json parses iteratively but
// destroys and dumps values recursively: a document nested 100,000 deep crashes the process
// after parsing. Every JSON input hardock reads (engine answers, snapshots, daemon.json, docker
// client configs, journals) is checked here first.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hardock::io {

// Deepest nesting of arrays and objects hardock accepts. Docker's own documents stay below 12.
inline constexpr std::size_t kMaxJsonDepth = 128;

// Empty when `text` nests arrays/objects at most `max_depth` deep; otherwise a one-line reason
// with the byte offset ("nested deeper than 128 levels at byte 1234"). Linear, no recursion;
// strings (and escaped quotes in them) are skipped. It does not validate the JSON otherwise.
std::string json_nesting_error(std::string_view text, std::size_t max_depth = kMaxJsonDepth);

}  // namespace hardock::io
