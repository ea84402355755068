// What `hardock lint PATH...` lints: each path a Dockerfile, a Compose file, a directory (walked
// for both), or "-" (a Dockerfile on standard input). Files are read bounded; a directory walk
// never follows links, stays bounded in depth and entries, and skips VCS and dependency folders.
#pragma once

#include <string>
#include <vector>

#include "hardock/core/result.h"

namespace hardock::lint {

enum class FileKind { kDockerfile, kCompose };

struct LintFile {
  FileKind kind = FileKind::kDockerfile;
  std::string path;  // as given, or joined under the directory given ("-" for stdin)
  std::string text;  // read bounded (dockerfile::kMaxFileBytes)
};

// The kind a file name says: Dockerfile, Containerfile, *.Dockerfile, *.dockerfile,
// Dockerfile.*, Containerfile.*; compose.y(a)ml, docker-compose.y(a)ml and their
// compose.*.y(a)ml / docker-compose.*.y(a)ml variants. None for other names.
[[nodiscard]] std::optional<FileKind> kind_of_name(std::string_view file_name);

// Limits of a directory walk.
inline constexpr std::size_t kMaxWalkDepth = 32;
inline constexpr std::size_t kMaxWalkEntries = 200'000;

// Every file the paths name, in the order given (a directory's files sorted by path). A named
// file is linted whatever its name (a Compose file by its name, else as a Dockerfile); a
// directory contributes only the files whose names say their kind. Errors name the path.
[[nodiscard]] core::Result<std::vector<LintFile>> gather(const std::vector<std::string>& paths);

}  // namespace hardock::lint
