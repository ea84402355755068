// Engine checks (HDK-E-*): declarations and the area's list, in code order.
#pragma once

#include <array>

#include "hardock/audit/check.h"

namespace hardock::audit::checks {

inline const std::array<const Check*, 0> kEngineChecks{};

}  // namespace hardock::audit::checks
