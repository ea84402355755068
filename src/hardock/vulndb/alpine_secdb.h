// Alpine's secdb JSON (https://secdb.alpinelinux.org/<release>/<repo>.json): {"distroversion":
// "v3.21", "reponame": "main", "packages": [{"pkg": {"name": ..., "secfixes": {"1.2.3-r0":
// ["CVE-...", "CVE-A GHSL-B"]}}}]}. The files are small (under 1 MB); one is parsed whole,
// after a size and nesting check.
//
// Stored, as advisories of source "alpine-secdb": per package (the origin package, as Alpine
// names it) and id, an affected entry of ecosystem "Alpine:" + distroversion with one range
// (introduced "0", fixed at the version) per version the id is listed under.
// - Version "0" means the package was never affected: nothing is stored for those ids.
// - An entry "CVE-2021-27219 GHSL-2021-045" is space-separated: the first token is the id, the
//   others its aliases.
// - Ids that are not CVEs (XSA-..., GHSA-..., ALPINE-...) are kept as they are.
// - Versions are kept as given, even those apk itself rejects (the matcher decides).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "hardock/core/result.h"
#include "hardock/vulndb/import_sink.h"

namespace hardock::vulndb {

inline constexpr std::size_t kMaxSecdbFileBytes = std::size_t{64} << 20;

// Decodes one secdb document; `name` starts error messages. Returns the advisories given.
[[nodiscard]] core::Result<std::size_t> decode_alpine_secdb(std::string_view json,
                                                            std::string_view name,
                                                            ImportSink& sink);

// Reads the secdb file at `path`.
[[nodiscard]] core::Result<std::size_t> read_alpine_secdb(const std::string& path,
                                                          ImportSink& sink);

}  // namespace hardock::vulndb
