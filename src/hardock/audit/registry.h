// The one explicit list of every check. No self-registration: a check that is
// not listed here does not exist (and the registry test fails for its file).
#pragma once

#include <span>
#include <string_view>

#include "hardock/audit/check.h"

namespace hardock::audit {

std::span<const Check* const> all_checks();
// By code ("HDK-C-004"), slug or alias; nullptr when unknown.
const Check* find_check(std::string_view code_or_slug);

}  // namespace hardock::audit
