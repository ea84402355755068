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
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (std::filesystem::is_directory(status))
    return core::fail(core::ErrorCode::kIo, "cannot write " + path + ": it is a directory");
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    // A device, FIFO or socket (/dev/null, /dev/stdout, a pipe): write into it. Renaming a
    // file over it would replace the device node itself.
    std::ofstream out(path, std::ios::binary);
    if (!out) return core::fail(core::ErrorCode::kIo, "cannot write " + path);
    out << text;
    if (!out.flush()) return core::fail(core::ErrorCode::kIo, "cannot write " + path);
    return {};
  }
  // A regular file: write next to it and rename, so a failed run never leaves half a report.
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) return core::fail(core::ErrorCode::kIo, "cannot write " + path);
    out << text;
    if (!out.flush()) return core::fail(core::ErrorCode::kIo, "cannot write " + path);
  }
  std::filesystem::rename(temporary, path, error);
  if (error)
    return core::fail(core::ErrorCode::kIo, "cannot write " + path + ": " + error.message());
  return {};
}

}  // namespace hardock::app
