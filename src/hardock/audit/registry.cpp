#include "hardock/audit/registry.h"

#include <array>

#include "hardock/audit/cis.h"

namespace hardock::audit {

namespace checks {
#define HARDOCK_CHECK(object) extern const Check object;
#include "hardock/audit/checks/list.h"
#undef HARDOCK_CHECK
}  // namespace checks

namespace {

const auto kAllChecks = std::to_array<const Check*>({
#define HARDOCK_CHECK(object) &checks::object,
#include "hardock/audit/checks/list.h"
#undef HARDOCK_CHECK
});

// `aliases` is a comma-separated list of former slugs and retired codes.
bool has_alias(std::string_view aliases, std::string_view name) {
  for (std::string_view alias : split_cis(aliases)) {
    if (alias == name) return true;
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

std::vector<const Check*> checks_with_prefix(std::string_view prefix) {
  std::vector<const Check*> out;
  for (const Check* check : kAllChecks) {
    if (check->info.code.starts_with(prefix)) out.push_back(check);
  }
  return out;
}

}  // namespace hardock::audit
