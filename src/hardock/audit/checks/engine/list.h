// Engine checks (HDK-E-*): declarations and the area's list, in code order.
#pragma once

#include <array>

#include "hardock/audit/check.h"

namespace hardock::audit::checks {

extern const Check kEngineOutdated;
extern const Check kImageSprawl;
extern const Check kContainerSprawl;
extern const Check kCollectionErrors;

inline const std::array kEngineChecks{
    &kEngineOutdated,    // HDK-E-001
    &kImageSprawl,       // HDK-E-002
    &kContainerSprawl,   // HDK-E-003
    &kCollectionErrors,  // HDK-E-004
};

}  // namespace hardock::audit::checks
