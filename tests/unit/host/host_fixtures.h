// Host-root fixture trees made by tests/host/make-host-fixtures.sh: the ones ctest built once
// for the run (HARDOCK_HOST_FIXTURES, see tests/CMakeLists.txt), else built once per test
// binary into a fresh temporary directory.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace hardock::test {

class HostFixtures {
 public:
  // The tree's root ("good", "bad", "selinux-permissive", ...), or "" when the
  // trees could not be built (the caller skips: the script needs root for chown).
  static std::string root(const std::string& tree) {
    static HostFixtures fixtures;
    return fixtures.dir_.empty() ? std::string() : fixtures.dir_ + "/" + tree;
  }

 private:
  HostFixtures() {
    if (::geteuid() != 0) return;
    if (const char* shared = std::getenv("HARDOCK_HOST_FIXTURES");
        shared != nullptr && std::filesystem::is_directory(std::string(shared) + "/good")) {
      dir_ = shared;
      owned_ = false;
      return;
    }
    std::string pattern = (std::filesystem::temp_directory_path() / "hardock-host-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return;
    const std::string command = std::string(HARDOCK_SOURCE_DIR) +
                                "/tests/host/make-host-fixtures.sh '" + pattern + "' >/dev/null";
    if (std::system(command.c_str()) == 0) {
      dir_ = pattern;
    } else {
      std::filesystem::remove_all(pattern);
    }
  }
  ~HostFixtures() {
    std::error_code ignored;
    if (owned_ && !dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }
  std::string dir_;
  bool owned_ = true;  // made by this process, so removed by it
};

}  // namespace hardock::test

// Skips the test when the trees cannot be built (not root).
#define HARDOCK_HOST_ROOT(var, tree)                                 \
  const std::string var = ::hardock::test::HostFixtures::root(tree); \
  if ((var).empty()) GTEST_SKIP() << "host fixtures need root (chown): " << tree
