// How the database stores lists and OSV ranges in one text column each: list items joined by
// the ASCII unit separator (0x1f); a range as its events, each a kind letter (I introduced,
// F fixed, A last_affected, L limit) followed by the version, joined by 0x1f; ranges joined by
// the record separator (0x1e). Feed readers refuse control characters in what they keep
// (feed_text.h), so no item can hold a separator.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/vuln/records.h"

namespace hardock::vulndb {

[[nodiscard]] std::string encode_list(const std::vector<std::string>& items);
[[nodiscard]] std::vector<std::string> decode_list(std::string_view text);

[[nodiscard]] std::string encode_ranges(const std::vector<vuln::AffectedRange>& ranges);
// kMalformedInput for an event without a known kind letter (a database not written by hardock).
[[nodiscard]] core::Result<std::vector<vuln::AffectedRange>> decode_ranges(std::string_view text);

}  // namespace hardock::vulndb
