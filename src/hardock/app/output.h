// Small output helpers shared by the commands.
#pragma once

#include <string>

#include "hardock/core/result.h"

namespace hardock::app {

// Exit code for errors that end a command (usage errors also exit 2).
inline constexpr int kErrorExit = 2;

// Prints "hardock: error: <one line>" to stderr; returns kErrorExit.
int print_error(const core::Error& error);

// Writes text to `path` ("" or "-" = stdout), atomically for files.
[[nodiscard]] core::Result<void> write_output(const std::string& path, const std::string& text);

}  // namespace hardock::app
