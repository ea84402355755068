// The age of the vulnerability data: every command that uses the database warns when its newest
// import is older than a limit (`--max-age DAYS`, default kDefaultMaxAgeDays), since a feed not
// refreshed for days misses the vulnerabilities published since.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hardock/vulndb/database.h"

namespace hardock::vulndb {

inline constexpr int kDefaultMaxAgeDays = 7;

// "N days" / "N hours" / "N minutes" between `then` and `now` (Unix times), for humans.
[[nodiscard]] std::string age_text(std::int64_t then, std::int64_t now);

// The one-line warning when the newest import of `sources` is older than `max_age_days` days at
// `now`, or when there is no source; nullopt when the data is fresh enough.
[[nodiscard]] std::optional<std::string> staleness_warning(const std::vector<SourceInfo>& sources,
                                                           int max_age_days, std::int64_t now);

}  // namespace hardock::vulndb
