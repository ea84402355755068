// The effective dockerd configuration, merged from every place it can come
// from, each setting with the place it came from.
//
// Sources: daemon.json (<root>/etc/docker/daemon.json, context.daemon_config_file
// or dockerd's own --config-file), the running dockerd's /proc/<pid>/cmdline,
// the docker.service unit and its drop-ins (ExecStart), /etc/default/docker
// (DOCKER_OPTS), /etc/sysconfig/docker (OPTIONS) and docker.socket
// (ListenStream). Settings are keyed by their daemon.json name; a flag is
// translated (-H -> "hosts", --insecure-registry -> "insecure-registries").
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/host/read_context.h"

namespace hardock::host {

// kFile: daemon.json. kFlag: dockerd's command line (unit, env file or /proc).
// kSocket: a docker.socket ListenStream (systemd socket activation, -H fd://).
enum class SettingOrigin { kFile, kFlag, kSocket };
std::string_view to_string(SettingOrigin origin);

struct DaemonSetting {
  std::string key;  // daemon.json name ("icc", "hosts"); "listen-stream" for kSocket
  // Scalars as text ("false", "debug"); one entry per list item or repeated
  // flag value; JSON objects as compact JSON text.
  std::vector<std::string> values;
  SettingOrigin origin = SettingOrigin::kFile;
  std::string flag;  // the flag as written ("-H", "--icc"); empty for kFile/kSocket
  std::string
      source;  // "/etc/docker/daemon.json:12", "/lib/systemd/system/docker.service:ExecStart"
  bool operator==(const DaemonSetting&) const = default;
};

// A flag and a daemon.json key naming the same setting: dockerd refuses to
// start ("the following directives are specified both as a flag and in the
// configuration file").
struct DaemonConflict {
  std::string key;
  std::string flag_source;  // "-H in /lib/systemd/system/docker.service:ExecStart"
  std::string file_source;  // "/etc/docker/daemon.json:3"
  bool operator==(const DaemonConflict&) const = default;
};

// A source that exists but could not be used (unreadable, malformed).
struct DaemonReadError {
  std::string source;   // the file
  std::string message;  // "line 3, column 5: ..."
  bool operator==(const DaemonReadError&) const = default;
};

// Who the daemon runs as, and how hardock knows.
struct DaemonUser {
  bool root = true;
  std::string evidence;  // "Uid 0 in /proc/1234/status", "no User= in ...docker.service"
  bool operator==(const DaemonUser&) const = default;
};

struct DaemonConfig {
  std::vector<std::string> sources;  // every source found and read, in read order
  std::vector<DaemonSetting> settings;
  std::vector<DaemonConflict> conflicts;
  std::vector<DaemonReadError> errors;
  std::optional<int> pid;          // the running dockerd, when /proc was read
  std::optional<DaemonUser> user;  // unknown when neither /proc nor a unit says
  bool operator==(const DaemonConfig&) const = default;

  // True when no source was found: no dockerd configuration on this host.
  [[nodiscard]] bool absent() const { return sources.empty() && errors.empty(); }
  // The settings in effect for `key`: the command line's when it sets the key
  // (every occurrence, in order), otherwise daemon.json's. Never kSocket.
  [[nodiscard]] std::vector<const DaemonSetting*> effective(std::string_view key) const;
  // The last effective value of `key` (flags: last occurrence wins), or nullptr.
  [[nodiscard]] const DaemonSetting* last(std::string_view key) const;
  // Every effective value of `key` (all repeated flags, or the file's list).
  [[nodiscard]] std::vector<std::string> values(std::string_view key) const;
  // A boolean setting as dockerd parses it ("1", "t", "true", "TRUE", ...);
  // nullopt when unset or not a boolean.
  [[nodiscard]] std::optional<bool> boolean(std::string_view key) const;
};

// "value (-H in <source>)" or "value (<source>)": where a setting came from.
std::string describe(const DaemonSetting& setting);

// Reads the host; fails only when the root itself is unusable. A missing
// source is absent; an unreadable or malformed one is recorded in `errors`.
[[nodiscard]] core::Result<DaemonConfig> read_daemon_config(const ReadContext& context);
// The encode_daemon_config format; missing members are empty, wrong types fail
// with kMalformedInput.
[[nodiscard]] core::Result<DaemonConfig> decode_daemon_config(const nlohmann::json& document);
[[nodiscard]] nlohmann::json encode_daemon_config(const DaemonConfig& value);

}  // namespace hardock::host
