// The CIS Docker Benchmark v1.6.0: every section and recommendation, with its exact title and
// whether the benchmark calls it automated or manual. Checks cite these ids (one exact id per
// finding); the registry test refuses an id that is not here, and docs/checks.md shows, per
// item, the checks that decide it.
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace hardock::audit {

inline constexpr std::string_view kCisBenchmark = "CIS Docker Benchmark v1.6.0";

enum class CisKind { kSection, kAutomated, kManual };

struct CisItem {
  std::string_view id;     // "5.5"
  std::string_view title;  // "Ensure that privileged containers are not used"
  CisKind kind = CisKind::kAutomated;
};

// Every section and item, in benchmark order (sections 1-7).
std::span<const CisItem> cis_items();
// The item or section with exactly this id; nullptr when the benchmark has none.
const CisItem* find_cis_item(std::string_view id);

// Why no hardock check decides the item `id`; empty when checks decide it (or for a section).
// docs/checks.md shows it beside the item, and a test keeps the two in step: every item is
// either decided by a check or explained here, never both.
std::string_view cis_gap(std::string_view id);

// The ids in a check's comma-separated `cis` field ("5.23,5.24" -> {"5.23", "5.24"}); empty for
// a check with no CIS reference.
std::vector<std::string_view> split_cis(std::string_view ids);

}  // namespace hardock::audit
