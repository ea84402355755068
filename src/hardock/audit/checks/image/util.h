// Shared by the image checks (HDK-I-*): the images of the audit, their history as text, and
// evidence lists that stay short however many files match.
//
// Header-only on purpose: every .cpp under checks/ defines exactly one registered check.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hardock/audit/check.h"
#include "hardock/vulnscan/assessment.h"

namespace hardock::audit::checks::image_rules {

// What a check judges besides the configuration.
enum class Reads { kConfig, kHistory };

// Calls fn(image) -> std::vector<std::string> (evidence parts, empty: compliant) for every image
// and turns non-empty results into one finding per image. With Reads::kHistory, an image whose
// history was not read and that shows nothing else is could-not-look, never compliant.
template <class Fn>
std::vector<core::Finding> per_image(const Check& self, const AuditContext& context, Fn&& fn,
                                     Reads reads = Reads::kConfig) {
  std::vector<core::Finding> findings;
  for (const auto& image : *context.images) {
    std::vector<std::string> parts = fn(image);
    if (parts.empty() && reads == Reads::kHistory && !image.history_known) {
      findings.push_back(core::make_unchecked(self.info, image_target(image),
                                              core::FindingStatus::kError,
                                              "the image's history could not be read"));
      continue;
    }
    if (parts.empty()) continue;
    std::string evidence;
    for (const auto& part : parts) evidence += (evidence.empty() ? "" : "; ") + part;
    if (!image.used_by.empty()) {
      evidence += " (used by";
      for (std::size_t index = 0; index < image.used_by.size() && index < 5; ++index) {
        evidence += (index == 0 ? " " : ", ") + image.used_by[index];
      }
      if (image.used_by.size() > 5)
        evidence += " and " + std::to_string(image.used_by.size() - 5) + " more";
      evidence += ")";
    }
    findings.push_back(core::make_finding(self.info, image_target(image), std::move(evidence)));
  }
  return findings;
}

// For file checks: images whose layers were not walked are could-not-look, one finding each.
inline std::vector<core::Finding> unwalked(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& image : *context.images) {
    if (image.tree != nullptr) continue;
    findings.push_back(core::make_unchecked(self.info, image_target(image),
                                            core::FindingStatus::kError,
                                            "the image's layers were not walked"));
  }
  return findings;
}

// For the vulnerability checks: calls fn(image, assessment) for every image that was matched
// against the database; the others are could-not-look, one finding each, with the reason.
template <class Fn>
std::vector<core::Finding> per_assessment(const Check& self, const AuditContext& context, Fn&& fn) {
  std::vector<core::Finding> findings;
  for (const auto& image : *context.images) {
    const char* missing = image.tree == nullptr         ? "the image's layers were not walked"
                          : image.assessment == nullptr ? "the image was not matched against a "
                                                          "vulnerability database"
                                                        : nullptr;
    if (missing != nullptr) {
      findings.push_back(core::make_unchecked(self.info, image_target(image),
                                              core::FindingStatus::kError, missing));
      continue;
    }
    fn(image, *image.assessment, findings);
  }
  return findings;
}

// "a, b, c and 12 more": at most `limit` items named.
inline std::string listed(const std::vector<std::string>& items, std::size_t limit = 10) {
  std::string out;
  for (std::size_t index = 0; index < items.size() && index < limit; ++index) {
    out += (index == 0 ? "" : ", ") + items[index];
  }
  if (items.size() > limit) out += " and " + std::to_string(items.size() - limit) + " more";
  return out;
}

// A history step's instruction without the legacy shell prefix ("/bin/sh -c #(nop) ADD ...").
inline std::string_view instruction(std::string_view created_by) {
  for (std::string_view prefix : {"/bin/sh -c #(nop) ", "/bin/sh -c ", "|"}) {
    if (created_by.starts_with(prefix)) {
      created_by.remove_prefix(prefix.size());
      if (prefix == "|") {  // buildkit "|2 ARG=x ARG2=y /bin/sh -c ...": skip the count
        const auto shell = created_by.find("/bin/sh -c ");
        if (shell != std::string_view::npos) created_by.remove_prefix(shell + 11);
      }
      break;
    }
  }
  while (!created_by.empty() && created_by.front() == ' ') created_by.remove_prefix(1);
  return created_by;
}

}  // namespace hardock::audit::checks::image_rules
