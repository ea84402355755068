#include "hardock/core/severity.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace hardock::core {

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return "info";
    case Severity::kLow:
      return "low";
    case Severity::kMedium:
      return "medium";
    case Severity::kHigh:
      return "high";
    case Severity::kCritical:
      return "critical";
  }
  return "unknown";
}

std::optional<Severity> parse_severity(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (Severity severity : kAllSeverities) {
    if (to_string(severity) == lower) return severity;
  }
  return std::nullopt;
}

}  // namespace hardock::core
