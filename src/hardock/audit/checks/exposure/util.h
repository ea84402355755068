// Helpers shared by the exposure checks.
#pragma once

#include <string>
#include <vector>

#include "hardock/audit/check.h"

namespace hardock::audit::checks::exposure_util {

// One finding per evidence line, all on the host target; none without a host.
inline std::vector<core::Finding> host_findings(const Check& self, const AuditContext& context,
                                                const std::vector<std::string>& evidence) {
  std::vector<core::Finding> findings;
  for (const auto& line : evidence) {
    findings.push_back(core::make_finding(self.info, host_target(*context.host), line));
  }
  return findings;
}

// "0666" for a mode.
inline std::string octal_mode(unsigned mode) {
  std::string text;
  for (int shift = 9; shift >= 0; shift -= 3)
    text += static_cast<char>('0' + ((mode >> shift) & 7u));
  return text;
}

}  // namespace hardock::audit::checks::exposure_util
