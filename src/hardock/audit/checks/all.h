// Declarations of every check object. Each is defined in its own file under
// checks/<area>/ and listed once in registry.cpp. Keep this list and the
// registry in the same order (by code).
#pragma once

#include "hardock/audit/check.h"

namespace hardock::audit::checks {

// Container checks (HDK-C-*)
extern const Check kPrivilegedContainer;

}  // namespace hardock::audit::checks
