// Runs a real package-manager tool for the differential tests: a script written to a file and
// run by sh in one process, its standard output returned.
#pragma once

#include <unistd.h>
#include <array>
#include <cstdio>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace hardock::vuln::testing {

inline bool have_program(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

// A path under the test temporary directory, unique per process.
inline std::string temp_path(const std::string& name) {
  return std::string(::testing::TempDir()) + "hardock_vuln_" + std::to_string(getpid()) + "_" +
         name;
}

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// Standard output of `sh script`; nullopt when it could not run or exited non-zero.
inline std::optional<std::string> run_script(const std::string& script) {
  const std::string path = temp_path("script.sh");
  write_file(path, script);
  FILE* pipe = popen(("sh " + path).c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::string out;
  std::array<char, 65536> buffer{};
  size_t count = 0;
  while ((count = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    out.append(buffer.data(), count);
  const int status = pclose(pipe);
  std::remove(path.c_str());
  if (status != 0) return std::nullopt;
  return out;
}

inline std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

inline std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Versions glued from `atoms`, deterministic for a seed: 1 to `max_atoms` atoms each.
inline std::vector<std::string> generate(const std::vector<std::string>& atoms, size_t count,
                                         size_t max_atoms, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> out;
  for (size_t index = 0; index < count; ++index) {
    std::string version;
    const size_t parts = 1 + rng() % max_atoms;
    for (size_t part = 0; part < parts; ++part) version += atoms[rng() % atoms.size()];
    out.push_back(version);
  }
  return out;
}

}  // namespace hardock::vuln::testing
