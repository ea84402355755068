// The OS-to-ecosystem table. OSV's ecosystem names: https://ossf.github.io/osv-schema/
// ("Defined ecosystems").
#include "hardock/vuln/ecosystem.h"

#include <array>
#include <utility>

#include "hardock/io/escape.h"
#include "hardock/vuln/version_detail.h"

namespace hardock::vuln {
namespace {

constexpr std::array<std::pair<std::string_view, int>, 12> kDebianReleases = {{
    {"etch", 4},
    {"lenny", 5},
    {"squeeze", 6},
    {"wheezy", 7},
    {"jessie", 8},
    {"stretch", 9},
    {"buster", 10},
    {"bullseye", 11},
    {"bookworm", 12},
    {"trixie", 13},
    {"forky", 14},
    {"duke", 15},
}};

// The leading dot-separated numeric fields of a VERSION_ID ("3.21.2" with count 2 -> "3.21");
// nullopt when it does not start with that many.
std::optional<std::string> numeric_prefix(std::string_view version_id, int count) {
  std::string out;
  size_t pos = 0;
  for (int field = 0; field < count; ++field) {
    if (field > 0) {
      if (pos >= version_id.size() || version_id[pos] != '.') return std::nullopt;
      out += '.';
      ++pos;
    }
    const size_t start = pos;
    while (pos < version_id.size() && detail::is_digit(version_id[pos]) && pos - start < 9) ++pos;
    if (pos == start) return std::nullopt;
    out.append(version_id.substr(start, pos - start));
  }
  return out;
}

core::Error unknown_release(std::string_view id, std::string_view version_id) {
  return core::Error{core::ErrorCode::kInvalidArgument,
                     "cannot tell the " + std::string(id) + " release from VERSION_ID " +
                         io::json_quote(io::truncate(version_id, 40)),
                     {}};
}

}  // namespace

core::Result<OsEcosystem> os_ecosystem(std::string_view id, std::string_view version_id,
                                       std::string_view codename) {
  if (id == "debian") {
    if (auto major = numeric_prefix(version_id, 1)) return OsEcosystem{"Debian:" + *major};
    if (auto number = debian_release_number(codename)) {
      return OsEcosystem{"Debian:" + std::to_string(*number)};
    }
    if (codename == "sid") return OsEcosystem{"Debian:sid"};
    return core::fail(unknown_release(id, version_id));
  }
  if (id == "ubuntu") {
    const auto release = numeric_prefix(version_id, 2);
    if (!release) return core::fail(unknown_release(id, version_id));
    // LTS: April releases of even years (14.04, 16.04 ... 24.04).
    const bool lts =
        release->size() == 5 && release->substr(3) == "04" && ((*release)[1] - '0') % 2 == 0;
    return OsEcosystem{"Ubuntu:" + *release + (lts ? ":LTS" : "")};
  }
  if (id == "alpine") {
    const auto branch = numeric_prefix(version_id, 2);
    if (!branch) return core::fail(unknown_release(id, version_id));
    return OsEcosystem{"Alpine:v" + *branch, Ecosystem::kApk};
  }
  const std::array<std::pair<std::string_view, std::string_view>, 3> rpm_family = {{
      {"almalinux", "AlmaLinux:"},
      {"rocky", "Rocky Linux:"},
      {"rhel", "Red Hat:enterprise_linux:"},
  }};
  for (const auto& [os_id, prefix] : rpm_family) {
    if (id != os_id) continue;
    const auto major = numeric_prefix(version_id, 1);
    if (!major) return core::fail(unknown_release(id, version_id));
    return OsEcosystem{std::string(prefix) + *major, Ecosystem::kRpm};
  }
  return core::fail(core::ErrorCode::kNotFound, "no vulnerability feed ecosystem for OS " +
                                                    io::json_quote(io::truncate(id, 40)));
}

bool osv_ecosystem_matches(const OsEcosystem& os, std::string_view record_ecosystem) {
  if (record_ecosystem == os.osv) return true;
  // "Red Hat:enterprise_linux:9::appstream", never "Red Hat:enterprise_linux:90".
  return os.osv.starts_with("Red Hat:") && record_ecosystem.starts_with(os.osv) &&
         record_ecosystem.substr(os.osv.size()).starts_with(":");
}

std::optional<Ecosystem> package_manager_of(std::string_view osv_ecosystem) {
  const std::string_view name = osv_ecosystem.substr(0, osv_ecosystem.find(':'));
  if (name == "Debian" || name == "Ubuntu") return Ecosystem::kDpkg;
  if (name == "Alpine") return Ecosystem::kApk;
  if (name == "AlmaLinux" || name == "Rocky Linux" || name == "Red Hat") return Ecosystem::kRpm;
  return std::nullopt;
}

std::optional<int> debian_release_number(std::string_view codename) {
  for (const auto& [name, number] : kDebianReleases) {
    if (name == codename) return number;
  }
  return std::nullopt;
}

std::string_view debian_codename(int release) {
  for (const auto& [name, number] : kDebianReleases) {
    if (number == release) return name;
  }
  return {};
}

}  // namespace hardock::vuln
