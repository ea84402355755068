#include "hardock/vulndb/freshness.h"

#include <algorithm>

namespace hardock::vulndb {

std::string age_text(std::int64_t then, std::int64_t now) {
  const std::int64_t seconds = std::max<std::int64_t>(0, now - then);
  const auto plural = [](std::int64_t count, const char* unit) {
    return std::to_string(count) + " " + unit + (count == 1 ? "" : "s");
  };
  if (seconds >= 2 * 86400) return plural(seconds / 86400, "day");
  if (seconds >= 3600) return plural(seconds / 3600, "hour");
  return plural(seconds / 60, "minute");
}

std::optional<std::string> staleness_warning(const std::vector<SourceInfo>& sources,
                                             int max_age_days, std::int64_t now) {
  if (sources.empty()) {
    return std::string(
        "the vulnerability database holds no feed: load one with `hardock db "
        "import`");
  }
  std::int64_t newest = 0;
  for (const SourceInfo& source : sources) newest = std::max(newest, source.imported_at);
  if (now - newest <= static_cast<std::int64_t>(max_age_days) * 86400) return std::nullopt;
  return "the vulnerability data is " + age_text(newest, now) + " old (newest import), more than " +
         std::to_string(max_age_days) +
         " days: vulnerabilities published since are missed; refresh the feeds with `hardock db "
         "import`";
}

}  // namespace hardock::vulndb
