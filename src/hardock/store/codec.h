// How a run's bulky parts are kept: zstd frames of the snapshot, and of the findings and check
// outcomes in a small length-prefixed binary form (version byte, then records). Decoding is
// bounded (output size, counts, lengths) and never recursive: a stored run is untrusted input.
// Internal to the store module.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/store/store.h"

namespace hardock::store::detail {

// The largest decompressed snapshot, findings or checks part a store hands back.
inline constexpr std::size_t kMaxDecompressed = std::size_t{1} << 30;

[[nodiscard]] core::Result<std::string> compress(std::string_view bytes, int level);
[[nodiscard]] core::Result<std::string> decompress(std::string_view frame, std::size_t limit,
                                                   std::string_view what);

[[nodiscard]] std::string encode_findings(const std::vector<StoredFinding>& findings);
[[nodiscard]] core::Result<std::vector<StoredFinding>> decode_findings(std::string_view bytes);
[[nodiscard]] std::string encode_checks(const std::vector<StoredCheck>& checks);
[[nodiscard]] core::Result<std::vector<StoredCheck>> decode_checks(std::string_view bytes);

}  // namespace hardock::store::detail
