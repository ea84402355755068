// Helpers of the policy checks (HDK-G-*): what a waiver is reported as.
#pragma once

#include <string>

#include "hardock/audit/waiver.h"
#include "hardock/core/finding.h"

namespace hardock::audit::checks::policy_rules {

// The run's policy itself (no waiver in particular).
inline core::Target policy_target() { return {core::TargetKind::kEngine, "policy", "policy"}; }

// A waiver as a target: its source ("store #12", ".hardock.yaml:14") is its identity.
inline core::Target waiver_target(const Waiver& waiver) {
  return {core::TargetKind::kEngine, waiver.source,
          "waiver " + waiver.check + " on " + waiver.target};
}

// What keys its fingerprint: the waiver's content, not its wording.
inline std::string waiver_key(const Waiver& waiver) {
  return waiver.check + " " + waiver.target + " " + waiver.vulnerability + " " + waiver.package +
         " " + waiver.until;
}

}  // namespace hardock::audit::checks::policy_rules
