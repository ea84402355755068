// Checks shared by the feed readers on the strings they keep: every kept string is bounded and
// free of control characters (the database joins lists with the ASCII unit and record
// separators, and nothing a feed names needs a control character).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hardock::vulndb {

// Longest id, alias, package, ecosystem or version kept; longer is an error.
inline constexpr std::size_t kMaxNameBytes = 512;
// Summaries and notes are cut to this (io::truncate, which names the full length).
inline constexpr std::size_t kMaxSummaryBytes = 2048;

// Empty when `text` is a usable name (non-empty, at most kMaxNameBytes, no C0 control or DEL);
// else why not ("empty", "longer than 512 bytes", "holds a control character").
[[nodiscard]] std::string name_problem(std::string_view text);

// `text` bounded to kMaxSummaryBytes with control characters as spaces.
[[nodiscard]] std::string summary_text(std::string_view text);

// The escaped, shortened form (80 bytes) of a name from a feed for an error message.
[[nodiscard]] std::string shown(std::string_view text);
// The escaped form of a file or entry name for an error message (cut at 1 KiB).
[[nodiscard]] std::string shown_path(std::string_view text);

}  // namespace hardock::vulndb
