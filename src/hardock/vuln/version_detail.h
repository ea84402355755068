// The per-ecosystem halves of version.h. validate_*: nullopt when the package manager accepts
// the version, else the reason. compare_*: -1, 0 or 1 for two versions validate_* accepted.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace hardock::vuln::detail {

[[nodiscard]] std::optional<std::string_view> dpkg_reject_reason(std::string_view version);
[[nodiscard]] int dpkg_compare(std::string_view a, std::string_view b);
// A version dpkg_reject_reason accepted, split as dpkg compares it.
struct DpkgParts {
  std::int64_t epoch = 0;
  std::string_view upstream;
  std::string_view revision;
};
[[nodiscard]] DpkgParts dpkg_split(std::string_view version);
// dpkg_reject_reason and dpkg_split in one parse: `parts` is set when the version is accepted.
[[nodiscard]] std::optional<std::string_view> dpkg_parse(std::string_view version,
                                                         DpkgParts& parts);
[[nodiscard]] int dpkg_compare(const DpkgParts& a, const DpkgParts& b);

[[nodiscard]] std::optional<std::string_view> apk_reject_reason(std::string_view version);
[[nodiscard]] int apk_compare(std::string_view a, std::string_view b);

[[nodiscard]] std::optional<std::string_view> rpm_reject_reason(std::string_view version);
[[nodiscard]] int rpm_compare(std::string_view a, std::string_view b);

// ASCII classes: the package managers' own, never the locale's.
[[nodiscard]] constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
[[nodiscard]] constexpr bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
[[nodiscard]] constexpr bool is_alpha(char c) { return is_lower(c) || (c >= 'A' && c <= 'Z'); }
[[nodiscard]] constexpr bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }

}  // namespace hardock::vuln::detail
