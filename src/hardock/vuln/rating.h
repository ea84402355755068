// An advisory's severity and the basis it was taken from: the feed's CVSS v3.x vector
// (computed), else the distribution's own rating, else a v4 or v2 vector shown as given
// without a severity, else nothing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "hardock/core/severity.h"
#include "hardock/vuln/records.h"

namespace hardock::vuln {

struct Rated {
  std::optional<core::Severity> severity;  // nullopt: the source gives no usable rating
  // What was used, for the report: "CVSS:3.1 base 9.8", "Debian urgency high", "AlmaLinux
  // rating Important", "CVSS:4.0 vector CVSS:4.0/AV:N/... (not scored)", "no rating".
  std::string basis;
};

// A distribution's own word, by the OSV ecosystem name of the distribution ("Debian",
// "Ubuntu", "AlmaLinux", "Rocky Linux", "Red Hat"; a ":release" suffix is ignored):
//   Debian urgency: unimportant -> info, low, medium, high; "not yet assigned" -> no severity;
//     a trailing "**" (the tracker's mark for a guessed urgency) is ignored;
//   Ubuntu priority: negligible -> info, low, medium, high, critical;
//   AlmaLinux, Rocky Linux, Red Hat: Low, Moderate -> medium, Important -> high, Critical.
// Case-insensitive. nullopt for an empty or unknown word or distribution.
[[nodiscard]] std::optional<Rated> distribution_rating(std::string_view distribution,
                                                       std::string_view rating);

// The rating word an RPM-family advisory summary starts with: "Important: openssl security
// update" -> "Important"; empty when it starts with none of Low, Moderate, Important, Critical.
[[nodiscard]] std::string_view rating_in_summary(std::string_view summary);

// The severity of `advisory` as seen by `affected`'s ecosystem: the first CVSS:3.1 vector that
// parses, else the first CVSS:3.0, else advisory.rating (or, when empty, the summary's rating
// word) read by distribution_rating, else the first v4 or v2 vector as given.
[[nodiscard]] Rated advisory_severity(const Advisory& advisory, std::string_view osv_ecosystem);

}  // namespace hardock::vuln
