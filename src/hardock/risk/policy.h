// The risk policy and the waivers a team keeps in git: the `risk:` and `waivers:` sections of
// .hardock.yaml (the rest of the file is lint's, lint/config.h).
//
//   risk:
//     impact: {public: 1, internal: 2, restricted: 3}  # per sensitivity level
//     unlabelled: 2          # an asset without a (known) hardock.sensitivity label
//     severity: {critical: 5, high: 4, medium: 3, low: 2, info: 1}
//     exposure:              # each adds to the likelihood factor, 1 + the sum of those that hold
//       all_interfaces: 0.5  # a port published on every interface (0.0.0.0, ::)
//       public_zone: 0.5     # on a network, or labelled, at a public level
//       privileged: 0.5      # a privileged container
//       engine_api: 1.0      # the engine's API reachable over TCP
//     public_levels: [public]  # the public zone (default: the lowest level)
//   waivers:
//     - {check: HDK-C-004, target: web, reason: "...", owner: ops, until: 2027-01-31,
//        allow_critical: true}
//
// risk = impact x likelihood; impact = the asset's level's weight; likelihood = the finding's
// severity weight x (1 + exposure). See docs/risk.md.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "hardock/audit/waiver.h"
#include "hardock/core/result.h"
#include "hardock/core/severity.h"

namespace hardock::risk {

struct RiskPolicy {
  // Level name -> impact weight. A level of the audit's sensitivity levels that is not named
  // here weighs its position + 1 (public 1, internal 2, restricted 3).
  std::map<std::string, double, std::less<>> impact;
  double unlabelled = 2;
  std::map<core::Severity, double> severity = {{core::Severity::kCritical, 5},
                                               {core::Severity::kHigh, 4},
                                               {core::Severity::kMedium, 3},
                                               {core::Severity::kLow, 2},
                                               {core::Severity::kInfo, 1}};
  double all_interfaces = 0.5;
  double public_zone = 0.5;
  double privileged = 0.5;
  double engine_api = 1.0;
  std::vector<std::string> public_levels;  // empty: the lowest sensitivity level
};

struct PolicyFile {
  RiskPolicy risk;
  std::vector<audit::Waiver> waivers;  // validated; source "FILE:LINE"
};

// Reads the `risk:` and `waivers:` sections of a .hardock.yaml (other keys are left to lint).
// The file is bounded (256 KiB), flow nesting past 32 is refused before parsing, and every error
// is one line naming the file and line: a waiver whose check names no check, whose reason or
// owner is empty or whose until is not a date; a weight that is not a number >= 0.
[[nodiscard]] core::Result<PolicyFile> load_policy_file(const std::string& path);
// The same from text (`name` in messages).
[[nodiscard]] core::Result<PolicyFile> parse_policy(std::string_view text, const std::string& name);

// The .hardock.yaml of the working directory (or .hardock.yml), "" when there is none.
[[nodiscard]] std::string default_policy_path();

}  // namespace hardock::risk
