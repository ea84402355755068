// Network checks (HDK-N-*): declarations and the area's list, in code order.
#pragma once

#include <array>

#include "hardock/audit/check.h"

namespace hardock::audit::checks {

extern const Check kPrivilegedHostPort;
extern const Check kUnexposedPortPublished;
extern const Check kHostNetworkMode;
extern const Check kPortOnAllInterfaces;
extern const Check kDefaultBridgeUsed;
extern const Check kIccEnabled;
extern const Check kUnencryptedOverlay;
extern const Check kMixedSensitivityNetwork;
extern const Check kContainerBridgesZones;
extern const Check kSensitiveNetworkNotInternal;
extern const Check kContainerWithoutSensitivity;
extern const Check kNetworkUnknownSensitivity;

inline const std::array kNetworkChecks{
    &kPrivilegedHostPort,           // HDK-N-001
    &kUnexposedPortPublished,       // HDK-N-002
    &kHostNetworkMode,              // HDK-N-003
    &kPortOnAllInterfaces,          // HDK-N-004
    &kDefaultBridgeUsed,            // HDK-N-005
    &kIccEnabled,                   // HDK-N-006
    &kUnencryptedOverlay,           // HDK-N-007
    &kMixedSensitivityNetwork,      // HDK-N-008
    &kContainerBridgesZones,        // HDK-N-009
    &kSensitiveNetworkNotInternal,  // HDK-N-010
    &kContainerWithoutSensitivity,  // HDK-N-011
    &kNetworkUnknownSensitivity,    // HDK-N-012
};

}  // namespace hardock::audit::checks
