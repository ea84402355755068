// Container checks (HDK-C-*): declarations and the area's list, in code order.
#pragma once

#include <array>

#include "hardock/audit/check.h"

namespace hardock::audit::checks {

extern const Check kAppArmorProfile;
extern const Check kSelinuxOptions;
extern const Check kCapabilitiesAdded;
extern const Check kPrivilegedContainer;
extern const Check kSensitiveHostMount;
extern const Check kSshdRunning;
extern const Check kMemoryLimit;
extern const Check kCpuPriority;
extern const Check kReadonlyRootfs;
extern const Check kRestartPolicy;
extern const Check kHostPidNamespace;
extern const Check kHostIpcNamespace;
extern const Check kHostDevices;
extern const Check kSharedMountPropagation;
extern const Check kHostUtsNamespace;
extern const Check kSeccompUnconfined;
extern const Check kExecSessions;
extern const Check kCgroupParent;
extern const Check kNoNewPrivileges;
extern const Check kHealthcheck;
extern const Check kPidsLimit;
extern const Check kHostUserNamespace;
extern const Check kDockerSocketMount;
extern const Check kRootUser;
extern const Check kDefaultCapabilitiesKept;

inline const std::array kContainerChecks{
    &kAppArmorProfile,          // HDK-C-001
    &kSelinuxOptions,           // HDK-C-002
    &kCapabilitiesAdded,        // HDK-C-003
    &kPrivilegedContainer,      // HDK-C-004
    &kSensitiveHostMount,       // HDK-C-005
    &kSshdRunning,              // HDK-C-006
    &kMemoryLimit,              // HDK-C-007
    &kCpuPriority,              // HDK-C-008
    &kReadonlyRootfs,           // HDK-C-009
    &kRestartPolicy,            // HDK-C-010
    &kHostPidNamespace,         // HDK-C-011
    &kHostIpcNamespace,         // HDK-C-012
    &kHostDevices,              // HDK-C-013
    &kSharedMountPropagation,   // HDK-C-014
    &kHostUtsNamespace,         // HDK-C-015
    &kSeccompUnconfined,        // HDK-C-016
    &kExecSessions,             // HDK-C-017
    &kCgroupParent,             // HDK-C-018
    &kNoNewPrivileges,          // HDK-C-019
    &kHealthcheck,              // HDK-C-020
    &kPidsLimit,                // HDK-C-021
    &kHostUserNamespace,        // HDK-C-022
    &kDockerSocketMount,        // HDK-C-023
    &kRootUser,                 // HDK-C-024
    &kDefaultCapabilitiesKept,  // HDK-C-025
};

}  // namespace hardock::audit::checks
