// ShellCheck on a Dockerfile's RUN scripts, its notes mapped back to Dockerfile positions.
//
// For each shell-form RUN (and ONBUILD RUN) the script the shell runs is given to
// `shellcheck --format=json1 --norc --shell=DIALECT -` on standard input: the command line
// with its here-document bodies, and, separately, each heredoc that is itself the script
// (`RUN <<EOF`, `RUN bash <<EOF`). DIALECT comes from the stage's SHELL (bash, dash, ksh, else
// sh); a heredoc script with its own #! line is checked with that shell, or skipped when it
// names no shell; RUNs under a SHELL that is no POSIX shell (pwsh, cmd) and exec-form RUNs are
// skipped. Each note's line and column (json1 counts a tab as one character) are mapped to the
// Dockerfile through the same offset -> position maps split_run uses: continuations, comment
// lines inside them and heredoc bodies land on their own lines.
//
// The binary is run with posix_spawn (no shell), an empty environment but LC_ALL=C.UTF-8, a
// time limit per script and a bound on its output; it is killed (by its pid) when it exceeds
// either.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "hardock/core/result.h"
#include "hardock/dockerfile/subject.h"

namespace hardock::shellcheck {

struct ShellcheckOptions {
  std::string binary;  // a path, or a name looked up on PATH; empty: "shellcheck"
  std::chrono::milliseconds timeout{30'000};  // per script
  std::size_t max_output_bytes = 4u << 20;    // per script; more is an error
  std::size_t max_notes = 10'000;             // per Dockerfile; the rest are dropped
};

// The shellcheck executable `binary` names: a path containing '/' as is, else the first
// executable of that name on PATH. kNotFound with a one-line reason when there is none.
[[nodiscard]] core::Result<std::string> find_shellcheck(std::string_view binary);

// Runs ShellCheck on every RUN script of `subject` and sets subject.shellcheck to its notes,
// sorted by position. Fails (and leaves subject.shellcheck unset) when shellcheck cannot be
// found or run, exceeds a limit, or answers something other than json1; the message names the
// RUN's line.
[[nodiscard]] core::Result<void> run_shellcheck(dockerfile::DockerfileSubject& subject,
                                                const ShellcheckOptions& options = {});

}  // namespace hardock::shellcheck
