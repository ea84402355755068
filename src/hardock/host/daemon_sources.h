// Parsers for the files dockerd's configuration comes from. Pure: text in,
// settings out; daemon_config.cpp does the reading and merging.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/host/daemon_config.h"
#include "hardock/host/daemon_flags.h"

namespace hardock::host {

// daemon.json: one kFile setting per top-level key, source "<path>:<line>".
// Empty (or whitespace-only) text is an empty configuration, as for dockerd.
// Malformed text (comments, trailing garbage, nesting deeper than io::kMaxJsonDepth, a number
// out of range) fails with kMalformedInput and "<path>: line L, column C: ..." in the message,
// never quoting the text itself. With DaemonJsonTypes::kDockerd it also fails on what dockerd
// refuses to start with: a boolean setting ("icc") whose value is not true or false; kAny keeps
// such values as text (the hardening plan replaces them). Never throws.
enum class DaemonJsonTypes { kAny, kDockerd };
[[nodiscard]] core::Result<std::vector<DaemonSetting>> parse_daemon_json(
    std::string_view text, const std::string& path, DaemonJsonTypes types = DaemonJsonTypes::kAny);

// Line L, column C (both from 1) of the byte at `offset` (0-based) in `text`.
std::pair<size_t, size_t> line_column(std::string_view text, size_t offset);

// A systemd unit file: the keys hardock needs, after line continuations and
// the reset semantic (an empty "Key=" clears what earlier files set).
struct UnitEntry {
  std::string value;
  std::string source;  // "<path>:<Key>"
};
struct UnitKeys {
  std::vector<UnitEntry> exec_start;
  std::vector<UnitEntry> environment_file;
  std::vector<UnitEntry> environment;
  std::vector<UnitEntry> listen_stream;
  std::optional<UnitEntry> user;
};
// Applies one unit file (the main unit or a drop-in) on top of `keys`.
void apply_unit_file(std::string_view text, const std::string& path, UnitKeys& keys);

// A shell-style environment file (/etc/default/docker, /etc/sysconfig/docker):
// NAME=value lines ("export" allowed, quotes removed), each with "<path>:<line>".
struct EnvAssignment {
  std::string name;
  std::string value;
  std::string source;
};
std::vector<EnvAssignment> parse_env_file(std::string_view text, const std::string& path);

// The words of the unit's last ExecStart= (none when it has none), $VAR and ${VAR} replaced from
// Environment= and from the EnvironmentFile= files, which `read_env_file(path)` parses
// (words from a file carry that file's line). Pure given `read_env_file`.
std::vector<WordSource> exec_start_words(
    const UnitKeys& keys,
    const std::function<std::vector<EnvAssignment>(const std::string&)>& read_env_file);

}  // namespace hardock::host
