// Runs one program with posix_spawn (no shell): input on its stdin, its stdout and stderr
// collected, a deadline and an output bound, killed by its pid past either. Internal to the
// shellcheck module.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"

namespace hardock::shellcheck::detail {

struct ProcessOutput {
  int exit_code = 0;
  std::string out;
  std::string err;  // the first max_output bytes
};

// argv[0] is the program's name as it sees it; `path` is executed. The environment is
// `env` alone. kTimeout past `timeout`, kIo when stdout exceeds `max_output` or the program
// cannot be started, kInternal when it dies of a signal.
[[nodiscard]] core::Result<ProcessOutput> run_process(const std::string& path,
                                                      const std::vector<std::string>& argv,
                                                      const std::vector<std::string>& env,
                                                      std::string_view input,
                                                      std::chrono::milliseconds timeout,
                                                      std::size_t max_output);

}  // namespace hardock::shellcheck::detail
