// Where the package-database fixtures are: $HARDOCK_PACKAGE_FIXTURES (ctest builds them once,
// tests/image/packages.cmake), else a copy built for this process with the same script.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace hardock::image::test {

struct PackageFixtures {
  std::string dir;     // empty when they could not be built
  std::string reason;  // why not
};

inline const PackageFixtures& package_fixtures() {
  static const PackageFixtures fixtures = [] {
    if (const char* dir = std::getenv("HARDOCK_PACKAGE_FIXTURES"); dir != nullptr && *dir != 0) {
      if (std::filesystem::is_directory(std::string(dir) + "/rpm")) {
        return PackageFixtures{dir, {}};
      }
      return PackageFixtures{{},
                             std::string("no fixtures in ") + dir +
                                 " (the set-up test was skipped: rpm or db5.3-util missing?)"};
    }
    const std::string dir = (std::filesystem::temp_directory_path() /
                             ("hardock-package-fixtures-" + std::to_string(getpid())))
                                .string();
    const std::string command = std::string(HARDOCK_SOURCE_DIR) +
                                "/tests/image/make-package-fixtures.sh '" + dir + "' >/dev/null";
    const int status = std::system(command.c_str());
    if (status != 0) {
      return PackageFixtures{
          {},
          "tests/image/make-package-fixtures.sh failed (status " + std::to_string(status) + ")"};
    }
    std::atexit([] { std::filesystem::remove_all(package_fixtures().dir); });
    return PackageFixtures{dir, {}};
  }();
  return fixtures;
}

// In a test: the fixture directory, or skip with the reason.
#define HARDOCK_PACKAGE_FIXTURES_OR_SKIP(var)                              \
  const auto& var##_fixtures = ::hardock::image::test::package_fixtures(); \
  if (var##_fixtures.dir.empty()) GTEST_SKIP() << var##_fixtures.reason;   \
  const std::string& var = var##_fixtures.dir

}  // namespace hardock::image::test
