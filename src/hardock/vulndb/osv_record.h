// One OSV record (https://ossf.github.io/osv-schema/) decoded into the record model: what the
// database keeps of it and nothing more.
//
// Kept: id; aliases, plus the CVE ids of `related` (AlmaLinux and Rocky put the CVEs there);
// summary (bounded); the `score` of each `severity` entry of type CVSS_V2, CVSS_V3 or CVSS_V4;
// published, modified; per `affected` entry with a package: its ecosystem as given
// ("Debian:12", "Alpine:v3.21", "AlmaLinux:9"), its name, its ECOSYSTEM ranges (GIT and SEMVER
// ranges name no package version) and its `versions` list. An affected entry left with neither
// a range nor a version is dropped; a record left with no affected entry is not an error (the
// caller counts it).
//
// Rating: when the summary starts with one of Red Hat's severity words and a colon
// ("Important: openssl security update", as AlmaLinux, Rocky and Red Hat write them), the word
// is the rating ("Critical", "Important", "Moderate", "Low") and the summary is kept whole;
// otherwise the rating is empty.
//
// Bounds: a record is at most kMaxOsvRecordBytes, nested at most 32 deep, and every kept string
// passes feed_text.h's checks. A field hardock keeps that has the wrong type is an error naming
// the record and the field; fields it does not keep are not looked at.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/vuln/records.h"

namespace hardock::vulndb {

inline constexpr std::size_t kMaxOsvRecordBytes = std::size_t{16} << 20;

struct OsvRecord {
  vuln::Advisory advisory;
  std::vector<vuln::Affected> affected;
};

// Decodes `json`, one OSV record; `name` (a file or zip entry) starts every error message.
[[nodiscard]] core::Result<OsvRecord> decode_osv_record(std::string_view json,
                                                        std::string_view name);

}  // namespace hardock::vulndb
