// From an image's os-release to the vulnerability feeds' names for its release (OSV ecosystem
// strings) and to its package manager's version order.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "hardock/core/result.h"
#include "hardock/vuln/version.h"

namespace hardock::vuln {

struct OsEcosystem {
  // The OSV ecosystem of the release: "Debian:12", "Ubuntu:22.04:LTS", "Alpine:v3.21",
  // "AlmaLinux:9", "Rocky Linux:9", "Red Hat:enterprise_linux:9".
  std::string osv;
  Ecosystem package_manager = Ecosystem::kDpkg;
};

// os-release ID, VERSION_ID and VERSION_CODENAME (either of the last two may be empty: Debian
// testing has a codename only). debian 12 or bookworm -> "Debian:12" (sid -> "Debian:sid");
// ubuntu 22.04 -> "Ubuntu:22.04:LTS" (OSV's mandatory suffix on LTS releases), 23.10 ->
// "Ubuntu:23.10"; alpine 3.21.2 -> "Alpine:v3.21"; almalinux 9.4 -> "AlmaLinux:9"; rocky 9.3
// -> "Rocky Linux:9"; rhel 9.4 -> "Red Hat:enterprise_linux:9" (Red Hat records name a product
// stream below it, see osv_ecosystem_matches). kNotFound for an OS no feed covers;
// kInvalidArgument when the release cannot be told.
[[nodiscard]] core::Result<OsEcosystem> os_ecosystem(std::string_view id,
                                                     std::string_view version_id,
                                                     std::string_view codename);

// Whether a record's OSV ecosystem is the release's: equal, or for Red Hat a product stream of
// it ("Red Hat:enterprise_linux:9::appstream" for "Red Hat:enterprise_linux:9").
[[nodiscard]] bool osv_ecosystem_matches(const OsEcosystem& os, std::string_view record_ecosystem);

// The package manager whose order an OSV ecosystem's versions follow ("Debian:12" -> dpkg,
// "Alpine:v3.21" -> apk, "AlmaLinux:9" -> rpm); nullopt for ecosystems hardock does not match.
[[nodiscard]] std::optional<Ecosystem> package_manager_of(std::string_view osv_ecosystem);

// Debian release numbers by codename: "bookworm" -> 12 (etch 4 ... duke 15); nullopt else.
[[nodiscard]] std::optional<int> debian_release_number(std::string_view codename);
// The reverse: 12 -> "bookworm"; empty for an unknown number.
[[nodiscard]] std::string_view debian_codename(int release);

}  // namespace hardock::vuln
