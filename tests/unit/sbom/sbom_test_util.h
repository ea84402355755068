// Helpers for the SBOM tests: a small Debian inventory, a temporary directory and the schema
// validator (tests/sbom/validate_schema.py, Python's jsonschema).
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "hardock/image/analyzer.h"
#include "hardock/sbom/sbom.h"

namespace hardock::sbom::test {

inline image::Package deb(std::string name, std::string version, std::string source = {},
                          std::string source_version = {}, int layer = 0) {
  image::Package package;
  package.ecosystem = "deb";
  package.name = std::move(name);
  package.version = std::move(version);
  package.source_name = std::move(source);
  package.source_version = std::move(source_version);
  package.architecture = "amd64";
  package.database = "var/lib/dpkg/status";
  package.origin_layer = layer;
  return package;
}

inline image::Inventory debian_inventory() {
  image::Inventory inventory;
  inventory.os.id = "debian";
  inventory.os.version_id = "12";
  inventory.os.version_codename = "bookworm";
  inventory.os.pretty_name = "Debian GNU/Linux 12 (bookworm)";
  inventory.os.source = "etc/os-release";
  inventory.packages.push_back(deb("libc6", "2.36-9+deb12u4", "glibc", "2.36-9+deb12u4"));
  inventory.packages.push_back(deb("login", "1:4.13+dfsg1-1+b1", "shadow", "1:4.13+dfsg1-1", 1));
  inventory.packages.push_back(deb("curl", "7.88.1-10+deb12u5", "curl", "7.88.1-10+deb12u5", 1));
  return inventory;
}

inline ImageIdentity debian_image() {
  ImageIdentity image;
  image.name = "registry.example:5000/team/app:1.2";
  image.config_digest = "sha256:" + std::string(64, 'c');
  image.manifest_digest = "sha256:" + std::string(64, 'm');
  image.repo_tags = {"registry.example:5000/team/app:1.2"};
  image.architecture = "amd64";
  image.layer_digests = {"sha256:" + std::string(64, '0'), "sha256:" + std::string(64, '1')};
  return image;
}

inline SbomOptions fixed_options() { return SbomOptions{"2024-05-01T12:00:00Z", "0.1.0"}; }

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "hardock-sbom-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, const std::string& bytes) const {
    const auto file = path_ / name;
    std::ofstream(file, std::ios::binary) << bytes;
    return file;
  }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int status = -1;
  std::string output;
};

// Runs `command` with /bin/sh, stdout and stderr captured.
inline CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  std::size_t read = 0;
  while ((read = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.output.append(buffer.data(), read);
  }
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

inline bool validator_available() {
  return run_command("/usr/bin/python3 -c 'import jsonschema'").status == 0;
}

// Validates `document` against the CycloneDX 1.5 schema in tests/data/schemas/cyclonedx/.
inline CommandResult validate_cyclonedx(const std::string& document) {
  TempDir dir;
  const auto file = dir.write("bom.json", document);
  const std::string script = std::string(HARDOCK_SOURCE_DIR) + "/tests/sbom/validate_schema.py";
  const std::string schema =
      std::string(HARDOCK_TEST_DATA) + "/schemas/cyclonedx/bom-1.5.schema.json";
  return run_command("/usr/bin/python3 '" + script + "' '" + schema + "' '" + file.string() + "'");
}

}  // namespace hardock::sbom::test
