// The one explicit list of every check (checks/list.h). No self-registration: a check that is
// not listed there does not exist (and the registry test fails for its file).
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "hardock/audit/check.h"

namespace hardock::audit {

std::span<const Check* const> all_checks();
// By code ("HDK-C-004"), slug or alias; nullptr when unknown.
const Check* find_check(std::string_view code_or_slug);
// The checks whose code starts with `prefix` ("HDK-H-"), in registry order.
std::vector<const Check*> checks_with_prefix(std::string_view prefix);

}  // namespace hardock::audit
