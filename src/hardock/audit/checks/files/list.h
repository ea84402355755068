// Files checks (HDK-F-*): declarations and the area's list, in code order.
// HDK-F-001..024 are CIS 3.1-3.24 (owner and mode of Docker's files);
// HDK-F-025..028 are the CIS 1.x host items read from the host root.
#pragma once

#include <array>

#include "hardock/audit/check.h"

namespace hardock::audit::checks {

extern const Check kDockerServiceOwner;
extern const Check kDockerServiceMode;
extern const Check kDockerSocketUnitOwner;
extern const Check kDockerSocketUnitMode;
extern const Check kEtcDockerOwner;
extern const Check kEtcDockerMode;
extern const Check kRegistryCertOwner;
extern const Check kRegistryCertMode;
extern const Check kTlsCaOwner;
extern const Check kTlsCaMode;
extern const Check kTlsCertOwner;
extern const Check kTlsCertMode;
extern const Check kTlsKeyOwner;
extern const Check kTlsKeyMode;
extern const Check kDockerSockOwner;
extern const Check kDockerSockMode;
extern const Check kDaemonJsonOwner;
extern const Check kDaemonJsonMode;
extern const Check kDefaultDockerOwner;
extern const Check kDefaultDockerMode;
extern const Check kSysconfigDockerMode;
extern const Check kSysconfigDockerOwner;
extern const Check kContainerdSockOwner;
extern const Check kContainerdSockMode;
extern const Check kDataRootPartition;
extern const Check kDockerGroupMembers;
extern const Check kAuditRulesMissing;
extern const Check kKernelVersion;

inline const std::array<const Check*, 28> kFilesChecks{
    &kDockerServiceOwner,
    &kDockerServiceMode,
    &kDockerSocketUnitOwner,
    &kDockerSocketUnitMode,
    &kEtcDockerOwner,
    &kEtcDockerMode,
    &kRegistryCertOwner,
    &kRegistryCertMode,
    &kTlsCaOwner,
    &kTlsCaMode,
    &kTlsCertOwner,
    &kTlsCertMode,
    &kTlsKeyOwner,
    &kTlsKeyMode,
    &kDockerSockOwner,
    &kDockerSockMode,
    &kDaemonJsonOwner,
    &kDaemonJsonMode,
    &kDefaultDockerOwner,
    &kDefaultDockerMode,
    &kSysconfigDockerMode,
    &kSysconfigDockerOwner,
    &kContainerdSockOwner,
    &kContainerdSockMode,
    &kDataRootPartition,
    &kDockerGroupMembers,
    &kAuditRulesMissing,
    &kKernelVersion,
};

}  // namespace hardock::audit::checks
