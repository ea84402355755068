// The lists of the Debian package debian-security-support
// (/usr/share/debian-security-support/): security-support-ended.debNN names the source packages
// whose security support ends or ended before the release's own end ("name  last-supported-
// version  YYYY-MM-DD  details"), security-support-limited[.debNN] those whose support is
// limited ("name  details"). Columns are separated by runs of spaces or tabs; lines starting
// with '#' and blank lines are comments.
//
// A name ending in ".*" ("golang.*", "php-horde.*"; check-support-status matches names as
// whole-line Perl regular expressions, and these are the only patterns the lists use) is
// stored as a prefix. The version is kept as given ("0": no version is supported). Lines are
// at most 64 KiB and fields pass feed_text.h's checks; an ended line without a version and date
// is an error naming the file and line.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "hardock/core/result.h"
#include "hardock/vulndb/import_sink.h"

namespace hardock::vulndb {

inline constexpr std::size_t kMaxSupportFileBytes = std::size_t{16} << 20;

struct SupportListName {
  bool ended = false;
  std::optional<std::string> release;  // "Debian:12" from a ".deb12" suffix
};

// Whether the file name `name` (its last path component) is one of the lists.
[[nodiscard]] std::optional<SupportListName> support_list_name(std::string_view name);

// What one list file is: ended or limited, its release, and the list name stored with each
// entry ("security-support-ended.deb12").
struct SupportList {
  bool ended = false;
  std::string release;
  std::string list;
};

// Decodes one list; `name` starts error messages.
[[nodiscard]] core::Result<std::size_t> decode_security_support(std::string_view text,
                                                                std::string_view name,
                                                                const SupportList& list,
                                                                ImportSink& sink);

[[nodiscard]] core::Result<std::size_t> read_security_support(const std::string& path,
                                                              const SupportList& list,
                                                              ImportSink& sink);

}  // namespace hardock::vulndb
