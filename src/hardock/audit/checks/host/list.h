// Host checks (HDK-H-*): declarations and the area's list, in code order.
// HDK-H-001..021 judge the effective dockerd configuration read from the
// host's files (host::DaemonConfig, see daemon_judge.h).
#pragma once

#include <array>

#include "hardock/audit/check.h"

namespace hardock::audit::checks {

extern const Check kDaemonConfigRunsAsRoot;
extern const Check kDaemonConfigIcc;
extern const Check kDaemonConfigLogLevel;
extern const Check kDaemonConfigIptablesDisabled;
extern const Check kDaemonConfigInsecureRegistry;
extern const Check kDaemonConfigAufs;
extern const Check kDaemonConfigTlsIncomplete;
extern const Check kDaemonConfigNoDefaultUlimits;
extern const Check kDaemonConfigNoUsernsRemap;
extern const Check kDaemonConfigCgroupParent;
extern const Check kDaemonConfigBaseDeviceSize;
extern const Check kDaemonConfigNoAuthorizationPlugin;
extern const Check kDaemonConfigLocalLogging;
extern const Check kDaemonConfigNewPrivileges;
extern const Check kDaemonConfigLiveRestore;
extern const Check kDaemonConfigUserlandProxy;
extern const Check kDaemonConfigSeccompProfile;
extern const Check kDaemonConfigExperimental;
extern const Check kDaemonConfigFlagConflict;
extern const Check kDaemonApiTcpWithoutTls;
extern const Check kDaemonConfigUnreadable;

inline const std::array kHostChecks{
    &kDaemonConfigRunsAsRoot,             // HDK-H-001
    &kDaemonConfigIcc,                    // HDK-H-002
    &kDaemonConfigLogLevel,               // HDK-H-003
    &kDaemonConfigIptablesDisabled,       // HDK-H-004
    &kDaemonConfigInsecureRegistry,       // HDK-H-005
    &kDaemonConfigAufs,                   // HDK-H-006
    &kDaemonConfigTlsIncomplete,          // HDK-H-007
    &kDaemonConfigNoDefaultUlimits,       // HDK-H-008
    &kDaemonConfigNoUsernsRemap,          // HDK-H-009
    &kDaemonConfigCgroupParent,           // HDK-H-010
    &kDaemonConfigBaseDeviceSize,         // HDK-H-011
    &kDaemonConfigNoAuthorizationPlugin,  // HDK-H-012
    &kDaemonConfigLocalLogging,           // HDK-H-013
    &kDaemonConfigNewPrivileges,          // HDK-H-014
    &kDaemonConfigLiveRestore,            // HDK-H-015
    &kDaemonConfigUserlandProxy,          // HDK-H-016
    &kDaemonConfigSeccompProfile,         // HDK-H-017
    &kDaemonConfigExperimental,           // HDK-H-018
    &kDaemonConfigFlagConflict,           // HDK-H-019
    &kDaemonApiTcpWithoutTls,             // HDK-H-020
    &kDaemonConfigUnreadable,             // HDK-H-021
};

}  // namespace hardock::audit::checks
