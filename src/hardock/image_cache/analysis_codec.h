// The analysis of one image as the analysis cache stores it: everything the image checks and the
// inventory read from a walk, and nothing else. That is the merged file index without file bytes
// (the checks judge paths, types, modes, owners, sizes and links; the bytes the analyzers asked
// for were already turned into the inventory), the layer summaries, and the inventory (OS,
// packages with their files, accounts, the secrets found in file contents, what could not be
// read). Not the layers.
//
// The bytes are a flat binary record (little-endian integers, length-prefixed strings, no
// nesting): a header (magic, codec version, payload size, sha256 of the payload) and the payload,
// which names the image id and analysis version it was made for. Decoding treats the bytes as
// attacker-controlled: every read is bounded by what is left, counts are checked against the
// bytes they need before anything is allocated, every enum, mode and layer index is range
// checked, paths must be normalised and in strictly increasing order. Any failure is one line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "hardock/core/result.h"
#include "hardock/image/analyzer.h"
#include "hardock/image/image_tree.h"

namespace hardock::image_cache {

struct ImageAnalysis {
  image::ImageTree tree;  // restored: no file bytes (image::ImageTree::restored)
  image::Inventory inventory;
};

// The largest record stored or read. An image of 100,000 files encodes to about 8 MB; the cap
// keeps a planted huge entry from costing memory, and an image beyond it is walked every time.
inline constexpr std::size_t kMaxAnalysisBytes = std::size_t{128} << 20;

// kInvalidArgument when the analysis does not fit the format (a string over 16 MiB, the whole
// over kMaxAnalysisBytes): then it is not cached.
[[nodiscard]] core::Result<std::string> encode_analysis(std::string_view image_id,
                                                        std::string_view version,
                                                        const image::ImageTree& tree,
                                                        const image::Inventory& inventory);

// kMalformedInput with the reason ("truncated", "checksum mismatch", "made for another image")
// for anything but a record encode_analysis made for this image id and version.
[[nodiscard]] core::Result<ImageAnalysis> decode_analysis(std::string_view bytes,
                                                          std::string_view image_id,
                                                          std::string_view version);

}  // namespace hardock::image_cache
