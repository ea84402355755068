// The Debian security tracker's JSON (https://security-tracker.debian.org/tracker/data/json):
// {source package: {CVE or TEMP id: {description, releases: {codename: {status, fixed_version,
// urgency, repositories}}}}}. The real file is about 70 MB: it is read as a stream of SAX
// events (nlohmann::json::sax_parse), one CVE entry held at a time, never as a document.
//
// What is stored, per package and id, as advisories of source "debian-tracker" (the id is the
// tracker's, the package the source package, the description the summary):
// - each release becomes an affected entry of ecosystem debian_tracker_ecosystem(codename)
//   ("Debian:12"; codenames without a release number, such as sid, as "Debian:sid");
// - fixed_version "0": the release was never affected: nothing is stored for it;
// - a fixed_version: range introduced "0", fixed at that version;
// - no fixed_version (status open or undetermined): range introduced "0" with no fix, every
//   version affected;
// - urgency is the rating, kept as given ("high**", "unimportant", "not yet assigned"); the
//   releases of one id that share an urgency form one advisory, so that each keeps its own.
//
// Bounds: the file is at most kMaxTrackerFileBytes, nesting at most 16 deep, package names,
// ids, codenames and versions pass feed_text.h's checks, descriptions are cut to
// kMaxSummaryBytes. A field kept that has the wrong type is an error naming package and id.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "hardock/core/result.h"
#include "hardock/vulndb/import_sink.h"

namespace hardock::vulndb {

inline constexpr std::size_t kMaxTrackerFileBytes = std::size_t{1} << 30;

// Reads the tracker JSON file at `path`. Returns the number of advisories given to `sink`.
[[nodiscard]] core::Result<std::size_t> read_debian_tracker(const std::string& path,
                                                            ImportSink& sink);

// The same from bytes in memory (tests, the fuzzer); `name` starts error messages.
[[nodiscard]] core::Result<std::size_t> decode_debian_tracker(std::string_view json,
                                                              std::string_view name,
                                                              ImportSink& sink);

}  // namespace hardock::vulndb
