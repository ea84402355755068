// Exposure checks (HDK-X-*): declarations and the area's list, in code order.
#pragma once

#include <array>

#include "hardock/audit/check.h"

namespace hardock::audit::checks {

extern const Check kApiWithoutClientCert;
extern const Check kDockerSocketWorldAccessible;
extern const Check kContainerdSocketExposed;
extern const Check kRegistryPlainHttp;
extern const Check kRegistryTlsUnverified;
extern const Check kRegistryWeakTls;
extern const Check kRegistryCertExpiring;
extern const Check kPlaintextRegistryCredentials;
extern const Check kContentTrustDisabled;

inline const std::array kExposureChecks{
    &kApiWithoutClientCert,          // HDK-X-001
    &kDockerSocketWorldAccessible,   // HDK-X-002
    &kContainerdSocketExposed,       // HDK-X-003
    &kRegistryPlainHttp,             // HDK-X-004
    &kRegistryTlsUnverified,         // HDK-X-005
    &kRegistryWeakTls,               // HDK-X-006
    &kRegistryCertExpiring,          // HDK-X-007
    &kPlaintextRegistryCredentials,  // HDK-X-008
    &kContentTrustDisabled,          // HDK-X-009
};

}  // namespace hardock::audit::checks
