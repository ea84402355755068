// Helpers shared by the exposure checks.
#pragma once

#include <string>
#include <vector>

#include "hardock/audit/check.h"

namespace hardock::audit::checks::exposure_util {

// One finding on the host target carrying every evidence line (one finding per check and
// target); none when there is no evidence.
inline std::vector<core::Finding> host_findings(const Check& self, const AuditContext& context,
                                                const std::vector<std::string>& evidence) {
  if (evidence.empty()) return {};
  std::string joined;
  for (const auto& line : evidence) joined += (joined.empty() ? "" : "; ") + line;
  return {core::make_finding(self.info, host_target(*context.host), std::move(joined))};
}

// When the registry probes did not run (--no-probe, a host tree that is not the live host) but
// the host names registries (client configs' auths, daemon insecure-registries and mirrors),
// the one could-not-look finding for a registry check; nothing when they ran or there is none.
inline std::vector<core::Finding> unprobed_registries(const Check& self,
                                                      const AuditContext& context) {
  const auto& exposure = context.host->exposure;
  if (exposure.probed) return {};
  std::vector<std::string> names;
  for (const auto& config : exposure.client_configs) {
    names.insert(names.end(), config.registries.begin(), config.registries.end());
  }
  for (const char* key : {"insecure-registries", "registry-mirrors"}) {
    const auto values = context.host->daemon.values(key);
    names.insert(names.end(), values.begin(), values.end());
  }
  if (names.empty()) return {};
  std::string listed;
  for (const auto& name : names) listed += (listed.empty() ? "" : ", ") + name;
  return {core::make_unchecked(
      self.info, host_target(*context.host), core::FindingStatus::kError,
      "registries not probed (" +
          (exposure.probe_skipped.empty() ? std::string("probes off") : exposure.probe_skipped) +
          "): " + listed)};
}

// "0666" for a mode.
inline std::string octal_mode(unsigned mode) {
  std::string text;
  for (int shift = 9; shift >= 0; shift -= 3)
    text += static_cast<char>('0' + ((mode >> shift) & 7u));
  return text;
}

}  // namespace hardock::audit::checks::exposure_util
