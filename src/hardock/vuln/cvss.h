// CVSS vectors as feeds give them. v3.0 and v3.1 base scores are computed from the vector
// (the specification's formulas and its Roundup; v3.1 Appendix A's integer Roundup for 3.1,
// v3.0's "smallest one-decimal number not below" for 3.0); v2 and v4 vectors are recognised
// and kept as given, without a score.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "hardock/core/result.h"
#include "hardock/core/severity.h"

namespace hardock::vuln {

enum class CvssVersion { kV2, kV3_0, kV3_1, kV4_0 };

struct CvssScore {
  CvssVersion version = CvssVersion::kV3_1;
  std::string vector;                // as given
  std::optional<double> base_score;  // v3.x only
  // The specification's rating of the base score (v3.x only): None 0.0 -> kInfo, Low 0.1-3.9,
  // Medium 4.0-6.9, High 7.0-8.9, Critical 9.0-10.0.
  std::optional<core::Severity> severity;
};

// Parses a vector: "CVSS:3.1/AV:N/...", "CVSS:3.0/...", "CVSS:4.0/...", or a v2 vector
// ("AV:N/AC:L/Au:N/C:P/I:P/A:P", optionally in parentheses). v3 vectors must have each base
// metric exactly once with a defined value; temporal and environmental metrics are checked
// the same way (defined name and value, no duplicate) and do not change the base score.
// kMalformedInput naming the vector and the fault otherwise. v2 and v4 are checked for shape
// only (NAME:VALUE pairs, no duplicate).
[[nodiscard]] core::Result<CvssScore> parse_cvss(std::string_view vector);

// The specification's Roundup: v3.1 Appendix A's (on integers, so that 4.000001 is 4.0) for
// kV3_1, v3.0's smallest one-decimal number not below the input (4.000001 is 4.1) otherwise.
[[nodiscard]] double cvss_roundup(CvssVersion version, double value);

// "CVSS:3.1", "CVSS:3.0", "CVSS:2.0", "CVSS:4.0".
[[nodiscard]] std::string_view to_string(CvssVersion version);

}  // namespace hardock::vuln
