// os-release to OSV ecosystem and package manager.
#include "hardock/vuln/ecosystem.h"

#include <gtest/gtest.h>

namespace hardock::vuln {
namespace {

TEST(Ecosystem, FromOsRelease) {
  struct Case {
    const char* id;
    const char* version_id;
    const char* codename;
    const char* osv;
    Ecosystem manager;
  };
  const Case cases[] = {
      {"debian", "12", "bookworm", "Debian:12", Ecosystem::kDpkg},
      {"debian", "", "trixie", "Debian:13", Ecosystem::kDpkg},  // testing: codename only
      {"debian", "", "sid", "Debian:sid", Ecosystem::kDpkg},
      {"ubuntu", "22.04", "jammy", "Ubuntu:22.04:LTS", Ecosystem::kDpkg},
      {"ubuntu", "23.10", "mantic", "Ubuntu:23.10", Ecosystem::kDpkg},
      {"alpine", "3.21.2", "", "Alpine:v3.21", Ecosystem::kApk},
      {"almalinux", "9.4", "", "AlmaLinux:9", Ecosystem::kRpm},
      {"rocky", "9.3", "", "Rocky Linux:9", Ecosystem::kRpm},
      {"rhel", "9.4", "", "Red Hat:enterprise_linux:9", Ecosystem::kRpm},
  };
  for (const Case& c : cases) {
    auto os = os_ecosystem(c.id, c.version_id, c.codename);
    ASSERT_TRUE(os) << c.id << " " << c.version_id << ": " << os.error().to_string();
    EXPECT_EQ(os->osv, c.osv);
    EXPECT_EQ(os->package_manager, c.manager);
    EXPECT_EQ(package_manager_of(os->osv), c.manager);
  }
}

TEST(Ecosystem, UnknownOsOrReleaseIsAnError) {
  EXPECT_EQ(os_ecosystem("gentoo", "2.15", "").error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(os_ecosystem("alpine", "edge", "").error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_FALSE(os_ecosystem("debian", "", "hamm"));
  EXPECT_FALSE(os_ecosystem("ubuntu", "22", ""));
  EXPECT_FALSE(package_manager_of("npm"));
}

TEST(Ecosystem, RedHatProductStreamsMatchTheirRelease) {
  const OsEcosystem rhel = *os_ecosystem("rhel", "9.4", "");
  EXPECT_TRUE(osv_ecosystem_matches(rhel, "Red Hat:enterprise_linux:9::appstream"));
  EXPECT_FALSE(osv_ecosystem_matches(rhel, "Red Hat:enterprise_linux:90::appstream"));
  const OsEcosystem debian = *os_ecosystem("debian", "12", "");
  EXPECT_TRUE(osv_ecosystem_matches(debian, "Debian:12"));
  EXPECT_FALSE(osv_ecosystem_matches(debian, "Debian:12:extra"));
  EXPECT_FALSE(osv_ecosystem_matches(debian, "Debian:11"));
}

TEST(Ecosystem, DebianCodenames) {
  EXPECT_EQ(debian_release_number("buster"), 10);
  EXPECT_EQ(debian_release_number("bullseye"), 11);
  EXPECT_EQ(debian_release_number("bookworm"), 12);
  EXPECT_EQ(debian_release_number("trixie"), 13);
  EXPECT_FALSE(debian_release_number("Bookworm"));
  EXPECT_EQ(debian_codename(12), "bookworm");
  EXPECT_EQ(debian_codename(99), "");
}

}  // namespace
}  // namespace hardock::vuln
