// Network checks (HDK-N-*): declarations and the area's list, in code order.
#pragma once

#include <array>

#include "hardock/audit/check.h"

namespace hardock::audit::checks {

inline const std::array<const Check*, 0> kNetworkChecks{};

}  // namespace hardock::audit::checks
