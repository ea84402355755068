// Severity from feed data, saying which data it came from.
#include "hardock/vuln/rating.h"

#include <array>
#include <cstdio>
#include <utility>

#include "hardock/vuln/cvss.h"

namespace hardock::vuln {
namespace {

using Words = std::array<std::pair<std::string_view, std::optional<core::Severity>>, 5>;

constexpr Words kDebianUrgency = {{
    {"unimportant", core::Severity::kInfo},
    {"low", core::Severity::kLow},
    {"medium", core::Severity::kMedium},
    {"high", core::Severity::kHigh},
    {"not yet assigned", std::nullopt},
}};
constexpr Words kUbuntuPriority = {{
    {"negligible", core::Severity::kInfo},
    {"low", core::Severity::kLow},
    {"medium", core::Severity::kMedium},
    {"high", core::Severity::kHigh},
    {"critical", core::Severity::kCritical},
}};
constexpr Words kRedHatRating = {{
    {"low", core::Severity::kLow},
    {"moderate", core::Severity::kMedium},
    {"important", core::Severity::kHigh},
    {"critical", core::Severity::kCritical},
    {"", std::nullopt},  // no fifth word
}};

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t index = 0; index < a.size(); ++index) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[index]) != lower(b[index])) return false;
  }
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string format_score(double score) {
  std::array<char, 16> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.1f", score);
  return buffer.data();
}

}  // namespace

std::optional<Rated> distribution_rating(std::string_view distribution, std::string_view rating) {
  distribution = distribution.substr(0, distribution.find(':'));
  rating = trim(rating);
  const Words* words = nullptr;
  std::string kind;
  if (distribution == "Debian") {
    while (rating.ends_with('*')) rating.remove_suffix(1);
    words = &kDebianUrgency;
    kind = "Debian urgency ";
  } else if (distribution == "Ubuntu") {
    words = &kUbuntuPriority;
    kind = "Ubuntu priority ";
  } else if (distribution == "AlmaLinux" || distribution == "Rocky Linux" ||
             distribution == "Red Hat") {
    words = &kRedHatRating;
    kind = std::string(distribution) + " rating ";
  } else {
    return std::nullopt;
  }
  if (rating.empty()) return std::nullopt;
  for (const auto& [word, severity] : *words) {
    if (!word.empty() && equal_ignoring_case(word, rating)) {
      return Rated{severity, kind + std::string(rating)};
    }
  }
  return std::nullopt;
}

std::string_view rating_in_summary(std::string_view summary) {
  const size_t colon = summary.find(':');
  if (colon == std::string_view::npos) return {};
  const std::string_view word = summary.substr(0, colon);
  for (const auto& [known, severity] : kRedHatRating) {
    if (!known.empty() && equal_ignoring_case(known, word)) return word;
  }
  return {};
}

Rated advisory_severity(const Advisory& advisory, std::string_view osv_ecosystem) {
  for (const CvssVersion wanted : {CvssVersion::kV3_1, CvssVersion::kV3_0}) {
    for (const std::string& vector : advisory.cvss_vectors) {
      auto score = parse_cvss(vector);
      if (!score || score->version != wanted) continue;
      return Rated{score->severity,
                   std::string(to_string(wanted)) + " base " + format_score(*score->base_score)};
    }
  }
  std::string_view word = advisory.rating;
  if (word.empty()) word = rating_in_summary(advisory.summary);
  if (auto rated = distribution_rating(osv_ecosystem, word)) return *rated;
  for (const std::string& vector : advisory.cvss_vectors) {
    auto score = parse_cvss(vector);
    if (!score) continue;
    return Rated{std::nullopt,
                 std::string(to_string(score->version)) + " vector " + vector + " (not scored)"};
  }
  return Rated{std::nullopt, "no rating"};
}

}  // namespace hardock::vuln
