// The rpm header blob: what every rpm database (sqlite, Berkeley DB, ndb) stores per installed
// package. Read here without librpm: the blob is attacker-controlled, so every count, offset
// and string is checked against the blob's bounds before it is used.
//
// Layout (all numbers big-endian): il (index entries, uint32), dl (data bytes, uint32), then il
// entries of 16 bytes (tag, type, offset into the data, count), then the dl data bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hardock/core/result.h"

namespace hardock::image::rpm {

struct HeaderInfo {
  std::string name;               // NAME (1000)
  std::string version;            // VERSION (1001)
  std::string release;            // RELEASE (1002)
  std::optional<uint32_t> epoch;  // EPOCH (1003)
  std::string architecture;       // ARCH (1022), empty when absent
  std::string source_rpm;         // SOURCERPM (1044) "bash-5.1.8-6.el9.src.rpm", empty when absent
  // DIRNAMES[DIRINDEXES[i]] + BASENAMES[i] (1118, 1116, 1117), or OLDFILENAMES (1027);
  // normalised, without the root.
  std::vector<std::string> files;
  bool files_capped = false;  // more than max_files: `files` left empty
};

// Bounds for a header: rpm's own (at most 0xffff index entries, 256 MiB of data).
inline constexpr uint32_t kMaxIndexEntries = 0xffff;
inline constexpr uint32_t kMaxDataBytes = 0x0fffffff;

// Parses `blob`; the files only when max_files > 0 (then at most max_files of them). Fails with
// kMalformedInput naming what is wrong ("index entry 3 (tag 1000): offset 9000 beyond the 812
// data bytes"). Work and memory are linear in the blob.
core::Result<HeaderInfo> parse_header(std::string_view blob, std::size_t max_files);

// "[epoch:]version-release", the epoch shown when present and not 0 (rpm orders an absent epoch
// as 0).
std::string evr(const HeaderInfo& header);

// "name-version-release.src.rpm" (or .nosrc.rpm) -> (name, "version-release"); nullopt when the
// text does not have that shape.
std::optional<std::pair<std::string, std::string>> split_source_rpm(std::string_view source_rpm);

}  // namespace hardock::image::rpm
