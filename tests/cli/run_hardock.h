// Runs the real hardock binary with `args` (a shell command line), for the CLI tests: its exit
// code, stdout and stderr.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace hardock::cli_test {

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline CliRun run_hardock(const std::string& args) {
  // ctest runs the tests in parallel processes: one stderr file per process.
  const std::string err_file =
      std::string(::testing::TempDir()) + "hardock_cli_stderr." + std::to_string(getpid());
  const std::string command =
      std::string(HARDOCK_BINARY) + " " + args + " 2>" + err_file + " </dev/null";
  CliRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buffer{};
  size_t count = 0;
  while ((count = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    run.out.append(buffer.data(), count);
  }
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err_file);
  std::stringstream err;
  err << in.rdbuf();
  run.err = err.str();
  return run;
}

}  // namespace hardock::cli_test
