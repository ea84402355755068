// Lsm checks (HDK-L-*): declarations and the area's list, in code order.
#pragma once

#include <array>

#include "hardock/audit/check.h"

namespace hardock::audit::checks {

extern const Check kNoHostLsm;
extern const Check kAppArmorDockerDefault;
extern const Check kSelinuxNotEnforcing;
extern const Check kSeccompUnsupported;

inline const std::array<const Check*, 4> kLsmChecks{
    &kNoHostLsm,
    &kAppArmorDockerDefault,
    &kSelinuxNotEnforcing,
    &kSeccompUnsupported,
};

}  // namespace hardock::audit::checks
