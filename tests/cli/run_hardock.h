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

// Where the run happens and what it reads: the working directory ("" = the test's own) and the
// file on its standard input ("" = /dev/null). Both are quoted for the shell.
struct RunIn {
  std::string cwd;
  std::string stdin_file;
};

inline std::string shell_quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

inline CliRun run_hardock(const std::string& args, const RunIn& where = {}) {
  // ctest runs the tests in parallel processes: one stderr file per process.
  const std::string err_file =
      std::string(::testing::TempDir()) + "hardock_cli_stderr." + std::to_string(getpid());
  std::string command = std::string(HARDOCK_BINARY) + " " + args + " 2>" + err_file + " <" +
                        (where.stdin_file.empty() ? "/dev/null" : shell_quoted(where.stdin_file));
  if (!where.cwd.empty()) command = "cd " + shell_quoted(where.cwd) + " && " + command;
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
