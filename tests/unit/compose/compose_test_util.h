// Shared by the Compose tests: fixture paths, temporary project directories.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "hardock/compose/project.h"

namespace hardock::compose::testing {

namespace fs = std::filesystem;

inline std::string fixture(const std::string& relative) {
  return std::string(HARDOCK_TEST_DATA) + "/compose/" + relative;
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "hardock-compose-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }
  fs::path write(const std::string& name, const std::string& text) const {
    const fs::path file = path_ / name;
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << text;
    return file;
  }

 private:
  fs::path path_;
};

// The options of a test: no process environment unless given, so results never depend on the
// machine running the tests.
inline LoadOptions clean_options() { return LoadOptions{}; }

}  // namespace hardock::compose::testing
