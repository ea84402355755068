// Finding severities, ordered from least to most severe.
#pragma once

#include <optional>
#include <string_view>

namespace hardock::core {

enum class Severity { kInfo = 0, kLow = 1, kMedium = 2, kHigh = 3, kCritical = 4 };

inline constexpr Severity kAllSeverities[] = {Severity::kCritical, Severity::kHigh,
                                              Severity::kMedium, Severity::kLow, Severity::kInfo};

std::string_view to_string(Severity severity);
// Accepts "critical", "high", "medium", "low", "info" (any case). nullopt otherwise.
std::optional<Severity> parse_severity(std::string_view text);

}  // namespace hardock::core
