// COBIT 2019 objectives and practices that hardock maps findings to, grouped
// into the paper's five management domains.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace hardock::core {

// The paper's five domains, in report order.
enum class CobitDomain { kSecurity, kChange, kOperations, kRisk, kMonitoring };

inline constexpr CobitDomain kAllDomains[] = {CobitDomain::kSecurity, CobitDomain::kChange,
                                              CobitDomain::kOperations, CobitDomain::kRisk,
                                              CobitDomain::kMonitoring};

std::string_view to_string(CobitDomain domain);     // "security", "change", ...
std::string_view domain_title(CobitDomain domain);  // "Security management", ...

struct CobitPractice {
  std::string_view id;              // "DSS05.03"
  std::string_view name;            // "Manage endpoint security"
  std::string_view objective;       // "DSS05"
  std::string_view objective_name;  // "Managed Security Services"
  CobitDomain domain;
};

// Every practice hardock may cite.
std::span<const CobitPractice> cobit_practices();
// Looks a practice up by id ("DSS05.03"); nullopt when unknown.
std::optional<CobitPractice> find_cobit_practice(std::string_view id);

}  // namespace hardock::core
