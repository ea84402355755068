// Daemon checks (HDK-D-*): declarations and the area's list, in code order.
#pragma once

#include <array>

#include "hardock/audit/check.h"

namespace hardock::audit::checks {

extern const Check kDaemonNotRootless;
extern const Check kDaemonDebugMode;
extern const Check kInsecureRegistry;
extern const Check kDeprecatedStorageDriver;
extern const Check kUsernsRemapDisabled;
extern const Check kNoAuthorizationPlugin;
extern const Check kNoRemoteLogging;
extern const Check kLiveRestoreDisabled;
extern const Check kSeccompDisabled;
extern const Check kExperimentalEnabled;
extern const Check kNoLsmConfinement;
extern const Check kSwarmModeActive;

inline const std::array kDaemonChecks{
    &kDaemonNotRootless,        // HDK-D-001
    &kDaemonDebugMode,          // HDK-D-002
    &kInsecureRegistry,         // HDK-D-003
    &kDeprecatedStorageDriver,  // HDK-D-004
    &kUsernsRemapDisabled,      // HDK-D-005
    &kNoAuthorizationPlugin,    // HDK-D-006
    &kNoRemoteLogging,          // HDK-D-007
    &kLiveRestoreDisabled,      // HDK-D-008
    &kSeccompDisabled,          // HDK-D-009
    &kExperimentalEnabled,      // HDK-D-010
    &kNoLsmConfinement,         // HDK-D-011
    &kSwarmModeActive,          // HDK-D-012
};

}  // namespace hardock::audit::checks
