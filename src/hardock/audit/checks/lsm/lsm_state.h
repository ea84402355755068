// Shared by the LSM checks: the host facts they read, or why they cannot judge.
#pragma once

#include <string>

#include "hardock/audit/check.h"

namespace hardock::audit::checks::lsm {

inline bool apparmor_on(const host::HostFacts& facts) {
  return facts.apparmor && facts.apparmor->enabled;
}

inline bool selinux_on(const host::HostFacts& facts) {
  return facts.selinux && facts.selinux->present;
}

}  // namespace hardock::audit::checks::lsm
