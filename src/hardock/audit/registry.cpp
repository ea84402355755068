#include "hardock/audit/registry.h"

#include <vector>

#include "hardock/audit/checks/all.h"

namespace hardock::audit {

namespace {

// The areas in report order; each area's list is in checks/<area>/list.h.
const std::vector<const Check*> kAllChecks = [] {
  std::vector<const Check*> all;
  for (auto area : {std::span<const Check* const>(checks::kHostChecks),
                    std::span<const Check* const>(checks::kExposureChecks),
                    std::span<const Check* const>(checks::kFilesChecks),
                    std::span<const Check* const>(checks::kLsmChecks),
                    std::span<const Check* const>(checks::kDaemonChecks),
                    std::span<const Check* const>(checks::kEngineChecks),
                    std::span<const Check* const>(checks::kContainerChecks),
                    std::span<const Check* const>(checks::kNetworkChecks)}) {
    all.insert(all.end(), area.begin(), area.end());
  }
  return all;
}();

bool has_alias(std::string_view aliases, std::string_view name) {
  // Aliases are a comma-separated list of former slugs.
  size_t start = 0;
  while (start <= aliases.size()) {
    size_t comma = aliases.find(',', start);
    std::string_view alias = aliases.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (!alias.empty() && alias == name) return true;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return false;
}

}  // namespace

std::span<const Check* const> all_checks() { return kAllChecks; }

const Check* find_check(std::string_view code_or_slug) {
  for (const Check* check : kAllChecks) {
    if (check->info.code == code_or_slug || check->info.slug == code_or_slug ||
        has_alias(check->info.aliases, code_or_slug)) {
      return check;
    }
  }
  return nullptr;
}

}  // namespace hardock::audit
