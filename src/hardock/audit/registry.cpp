#include "hardock/audit/registry.h"

#include <array>
#include <unordered_map>

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

// Every name a check answers to (code, slug, and the former slugs and retired codes in its
// comma-separated `aliases`), built once: the authorization plugin resolves its checks on every
// decision. The first check in the list to claim a name keeps it.
const std::unordered_map<std::string_view, const Check*>& names() {
  static const auto index = [] {
    std::unordered_map<std::string_view, const Check*> out;
    for (const Check* check : kAllChecks) {
      out.try_emplace(check->info.code, check);
      out.try_emplace(check->info.slug, check);
      for (std::string_view alias : split_cis(check->info.aliases)) out.try_emplace(alias, check);
    }
    return out;
  }();
  return index;
}

}  // namespace

std::span<const Check* const> all_checks() { return kAllChecks; }

const Check* find_check(std::string_view code_or_slug) {
  const auto& index = names();
  const auto found = index.find(code_or_slug);
  return found == index.end() ? nullptr : found->second;
}

std::vector<const Check*> checks_with_prefix(std::string_view prefix) {
  std::vector<const Check*> out;
  for (const Check* check : kAllChecks) {
    if (check->info.code.starts_with(prefix)) out.push_back(check);
  }
  return out;
}

}  // namespace hardock::audit
