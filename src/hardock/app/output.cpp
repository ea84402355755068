#include "hardock/app/output.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace hardock::app {

int print_error(const core::Error& error) {
  std::string line = error.to_string();
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';  // errors stay on one line
  }
  std::fprintf(stderr, "hardock: error: %s\n", line.c_str());
  return kErrorExit;
}

core::Result<void> write_output(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::cout << text;
    std::cout.flush();
    if (!std::cout) return core::fail(core::ErrorCode::kIo, "cannot write to standard output");
    return {};
  }
  // Write next to the target and rename, so a failed run never leaves half a report.
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) return core::fail(core::ErrorCode::kIo, "cannot write " + path);
    out << text;
    if (!out.flush()) return core::fail(core::ErrorCode::kIo, "cannot write " + path);
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error)
    return core::fail(core::ErrorCode::kIo, "cannot write " + path + ": " + error.message());
  return {};
}

}  // namespace hardock::app
