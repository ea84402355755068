// Container checks (HDK-C-*): declarations and the area's list, in code order.
#pragma once

#include <array>

#include "hardock/audit/check.h"

namespace hardock::audit::checks {

extern const Check kPrivilegedContainer;

inline const std::array kContainerChecks{
    &kPrivilegedContainer,
};

}  // namespace hardock::audit::checks
