// Internals of the Compose module shared by its sources (not part of the API: project.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/compose/project.h"

namespace hardock::compose::detail {

// Thrown inside the parser only, turned into a core::Error at load_project's boundary.
struct ParseError : std::runtime_error {
  ParseError(Pos where, const std::string& message) : std::runtime_error(message), pos(where) {}
  Pos pos;
};

// Variables for interpolation: the process environment over the project's .env.
struct Variables {
  const std::map<std::string, std::string>* environment = nullptr;
  std::map<std::string, std::string> dot_env;
  [[nodiscard]] const std::string* find(const std::string& name) const;
};

// Compose's interpolation of one scalar: $$ is a literal $, $VAR and ${VAR}, ${VAR:-default},
// ${VAR-default}, ${VAR:?error}, ${VAR?error}, ${VAR:+alt}, ${VAR+alt}; defaults and
// alternatives are interpolated in turn (nesting bounded). Throws std::invalid_argument with a
// one-line reason for a malformed expression or a ?error variable; names of unset variables
// used without a default go to `unset`.
[[nodiscard]] std::string interpolate(std::string_view text, const Variables& variables,
                                      std::vector<std::string>* unset);

// KEY=VALUE lines of a .env or env_file (comments, blank lines, `export `, single or double
// quotes); line numbers 1-based. Throws std::invalid_argument naming the line for a bad line.
struct EnvLine {
  std::uint32_t line = 0;
  std::string key;
  std::optional<std::string> value;
};
[[nodiscard]] std::vector<EnvLine> parse_env_file(std::string_view text);

// One file parsed into the model, extends not yet applied.
struct FileModel {
  std::string name;  // top-level `name:`
  Pos name_pos;
  std::vector<Service> services;
  std::vector<Network> networks;
  std::vector<Volume> volumes;
};

struct ReadContext {
  std::uint32_t file = 0;
  std::string path;       // for messages
  std::string directory;  // absolute directory of the file
  std::string project_directory;
  const Variables* variables = nullptr;
  std::vector<std::string>* warnings = nullptr;
};

// Parses one file's text. Throws ParseError.
[[nodiscard]] FileModel read_file(std::string_view text, const ReadContext& context);

// Compose's merge of `over` into `base` (the later -f file, or the extending service over the
// extended one): scalars replaced, sequences appended (unique ones by key: ports by
// {ip, target, published, protocol}, volumes by target), mappings merged by key, command,
// entrypoint and healthcheck replaced.
void merge_service(Service& base, const Service& over);
void merge_network(Network& base, const Network& over);

// Bytes of a Compose size ("512m", "1g", "1024", "1.5gb"); nullopt when malformed.
[[nodiscard]] std::optional<std::int64_t> parse_bytes(std::string_view text);

}  // namespace hardock::compose::detail
