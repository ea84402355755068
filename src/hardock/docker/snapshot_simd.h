// The fast snapshot decoder (snapshot_simd.cpp): simdjson parses the whole text into its tape,
// then the containers, networks and images are read from it with the same readers as the
// reference decoder (snapshot_read.h), and the rest of the document (schema, info, version,
// errors, host, ...) is turned into a small nlohmann tree and read by decode_snapshot.
// Internal to src/hardock/docker (snapshot_text.cpp); simdjson.h stays in snapshot_simd.cpp.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string_view>

#include "hardock/core/result.h"
#include "hardock/docker/snapshot.h"

namespace hardock::docker::simd {

// The decode of `text`, identical to the reference decoder's (snapshot_text.cpp) for every text
// simdjson accepts; std::nullopt for a text simdjson refuses (not JSON, nested deeper than
// io::kMaxJsonDepth, a number that neither int64, uint64 nor double holds, a lone surrogate, a
// byte-order mark, not an object at the top), which the caller then hands to the reference
// decoder, so that what such a text gives (its error naming the byte, or a snapshot) is that
// decoder's. `threads` (1 or 2) decode the containers.
[[nodiscard]] std::optional<core::Result<EngineSnapshot>> decode(std::string_view text,
                                                                 nlohmann::json* rest, int threads);

}  // namespace hardock::docker::simd

namespace hardock::docker {

// The text size up to which decode_snapshot_text and decode_snapshot_stream use simdjson (whose
// tape takes several times the text); past it the streaming parser, whose memory does not grow
// with the text (a stream is read on from what was read, a chunk at a time).
inline constexpr std::size_t kSnapshotWholeBytes = std::size_t{64} << 20;

// decode_snapshot_stream with another threshold (tests: the streaming path on small texts).
[[nodiscard]] core::Result<EngineSnapshot> decode_snapshot_stream(std::istream& in,
                                                                  nlohmann::json* rest,
                                                                  std::size_t whole_bytes);

}  // namespace hardock::docker
