// Small output helpers shared by the commands.
#pragma once

#include <sys/types.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "hardock/core/result.h"
#include "hardock/core/severity.h"

namespace hardock::app {

// Exit code for errors that end a command (usage errors also exit 2).
inline constexpr int kErrorExit = 2;

// Prints "hardock: error: <one line>" to stderr, made safe for a terminal (no control or bidi
// characters from the engine reach it); returns kErrorExit.
int print_error(const core::Error& error);

// A severity given to `flag` (--severity, --fail-on): kInvalidArgument naming the flag and the
// accepted values otherwise.
[[nodiscard]] core::Result<core::Severity> parse_severity_flag(const std::string& flag,
                                                               const std::string& value);

// The current time as RFC 3339 UTC ("2026-11-30T07:58:02Z"), for reports made without a snapshot
// (`image`, `lint`).
[[nodiscard]] std::string now_rfc3339();

// Writes text to `path` ("" or "-" = stdout).
//   - a regular file or a new name: atomically (io::write_file_atomic: temporary file, fsync,
//     rename; a link planted at the name is replaced, never followed), created with `mode`
//     minus the umask: 0600 for what may hold secrets (snapshots);
//   - a device, FIFO or socket (/dev/null, /dev/stdout, a pipe), also through a link to one:
//     written into, never replaced;
//   - a directory, or a link to a file or directory: refused.
[[nodiscard]] core::Result<void> write_output(const std::string& path, const std::string& text,
                                              mode_t mode = 0644);

// The same, for output too large to hold: `produce` hands it over a chunk at a time to the
// function it is given. A regular file still appears whole or not at all.
using OutputProducer = std::function<void(const std::function<void(std::string_view)>& drain)>;
[[nodiscard]] core::Result<void> write_output(const std::string& path,
                                              const OutputProducer& produce, mode_t mode = 0644);

// Keeps `value` alive until the process exits, never freeing it: what a command built and is
// done with as it returns (a lint run's 137,000 findings) is taken back by the kernel at exit
// at once, where freeing it piece by piece ran on one core after all other work. clang's
// -disable-free does the same. Held reachable, so leak checkers do not count it.
void keep_until_exit(std::shared_ptr<void> value);

template <class T>
void keep_until_exit(T&& value) {
  keep_until_exit(std::shared_ptr<void>(std::make_shared<std::decay_t<T>>(std::forward<T>(value))));
}

}  // namespace hardock::app
