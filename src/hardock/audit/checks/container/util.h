// Pure helpers shared by the container checks (capabilities: docker/capabilities.h): lexical
// host paths, Config.User parsing, process names and evidence formatting.
//
// Header-only on purpose: every .cpp under checks/ must define exactly one
// registered check (registry_test enforces it), so shared code lives here.
#pragma once

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/docker/snapshot.h"
#include "hardock/docker/snapshot_index.h"

namespace hardock::audit::checks::container_rules {

// ---- evidence formatting ---------------------------------------------------

// "[a, b]" — the way evidence shows a list field.
template <class Range>
std::string bracket_list(const Range& items) {
  std::string out = "[";
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += ", ";
    out += item;
    first = false;
  }
  out += "]";
  return out;
}

// ---- host paths ----------------------------------------------------------------

// Lexical normalisation of an absolute host path: collapses "//" and ".",
// resolves ".." (never above "/"), strips trailing slashes. Symlinks are not
// followed: the snapshot has no host filesystem. nullopt for relative paths.
inline std::optional<std::string> normalize_host_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start < path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view part = path.substr(start, slash - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = slash + 1;
  }
  if (parts.empty()) return std::string("/");
  std::string out;
  for (auto part : parts) {
    out += '/';
    out += part;
  }
  return out;
}

// True when normalised `parent` is `child` or one of its ancestors, by whole
// components: "/etc" contains "/etc/ssl" but not "/etcetera".
inline bool path_contains(std::string_view parent, std::string_view child) {
  if (parent == "/") return !child.empty() && child.front() == '/';
  if (child.size() < parent.size() || child.substr(0, parent.size()) != parent) return false;
  return child.size() == parent.size() || child[parent.size()] == '/';
}

// CIS 5.6's sensitive host directories.
inline constexpr std::array<std::string_view, 8> kSensitiveHostDirs = {
    "/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr"};

// Where the Docker socket lives on common hosts (/var/run is usually a symlink to /run).
inline constexpr std::array<std::string_view, 2> kDockerSocketPaths = {"/var/run/docker.sock",
                                                                       "/run/docker.sock"};

enum class SensitiveMount { kNone, kSensitiveDir, kWritableSubdir };

struct SensitiveMountMatch {
  SensitiveMount kind = SensitiveMount::kNone;
  std::string_view dir;  // the sensitive directory involved
};

// Rule: a source equal to or a parent of a sensitive directory fails whatever
// its mode (the container sees the whole directory); a strict subdirectory of
// a sensitive directory other than "/" fails only when mounted read-write
// (read-only /etc/ssl or /etc/localtime is a common, harmless pattern).
inline SensitiveMountMatch classify_sensitive_mount(std::string_view normalized_source, bool rw) {
  for (auto dir : kSensitiveHostDirs) {
    if (path_contains(normalized_source, dir)) return {SensitiveMount::kSensitiveDir, dir};
  }
  if (!rw) return {};
  for (auto dir : kSensitiveHostDirs) {
    if (dir != "/" && path_contains(dir, normalized_source)) {
      return {SensitiveMount::kWritableSubdir, dir};
    }
  }
  return {};
}

// True when a bind of `normalized_source` exposes a Docker socket: the socket
// itself, any file named docker.sock (rootless: /run/user/1000/docker.sock), or
// a directory that contains one of the usual socket paths (/run, /var/run, /var, /).
inline bool exposes_docker_socket(std::string_view normalized_source) {
  const size_t slash = normalized_source.rfind('/');
  if (slash != std::string_view::npos && normalized_source.substr(slash + 1) == "docker.sock") {
    return true;
  }
  return std::any_of(kDockerSocketPaths.begin(), kDockerSocketPaths.end(),
                     [&](auto socket) { return path_contains(normalized_source, socket); });
}

// ---- users ------------------------------------------------------------------------

// True when Config.User ("user", "user:group", "uid:gid") runs the process as
// root: empty (Docker's default, after merging the image's USER), "root", or a
// UID that is numerically 0. The group part does not matter here.
inline bool is_root_user(std::string_view user) {
  std::string_view name = user.substr(0, user.find(':'));
  if (name.empty() || name == "root") return true;
  if (!std::all_of(name.begin(), name.end(),
                   [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); })) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char ch) { return ch == '0'; });
}

// ---- processes ----------------------------------------------------------------------

// The program name of a process command line: basename of argv[0], without a
// login shell's leading '-' and without the ':' sshd appends when it retitles
// itself ("sshd: root@pts/0", "sshd: /usr/sbin/sshd -D [listener] ...").
inline std::string_view program_name(std::string_view command) {
  while (!command.empty() && std::isspace(static_cast<unsigned char>(command.front()))) {
    command.remove_prefix(1);
  }
  std::string_view argv0 = command.substr(0, command.find_first_of(" \t"));
  if (const size_t slash = argv0.rfind('/'); slash != std::string_view::npos) {
    argv0.remove_prefix(slash + 1);
  }
  if (!argv0.empty() && argv0.front() == '-') argv0.remove_prefix(1);
  if (!argv0.empty() && argv0.back() == ':') argv0.remove_suffix(1);
  return argv0;
}

// SSH servers whose presence CIS 5.7 is about. sshd-session is OpenSSH 9.8's
// per-connection sshd; helpers such as sshd-keygen-helper serve no connection
// and do not count.
inline bool is_ssh_server(std::string_view command) {
  const std::string_view name = program_name(command);
  return name == "sshd" || name == "sshd-session" || name == "dropbear" || name == "tinysshd";
}

// ---- engine facts ----------------------------------------------------------------------

inline bool engine_has_security_option(const docker::EngineSnapshot& engine,
                                       std::string_view name) {
  return std::any_of(engine.info.security_options.begin(), engine.info.security_options.end(),
                     [&](const docker::SecurityOption& option) { return option.name == name; });
}

// Why /info could not be read, when collection recorded that it failed.
inline std::optional<std::string> info_collection_error(const docker::EngineSnapshot& engine) {
  for (const auto& error : engine.errors) {
    if (error.what.rfind("GET /info", 0) == 0) return error.what + ": " + error.message;
  }
  return std::nullopt;
}

// For a namespace mode "container:<id-or-name>", the other container as the
// snapshot knows it ("db (id 3f2a...)"), or the raw reference when unknown;
// nullopt when the mode does not join another container.
inline std::optional<std::string> joined_container(const docker::SnapshotIndex& index,
                                                   std::string_view mode) {
  constexpr std::string_view kPrefix = "container:";
  if (mode.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  const std::string_view reference = mode.substr(kPrefix.size());
  if (const auto* other = index.find_container(reference)) {
    return other->name + " (id " + other->id.substr(0, 12) + ")";
  }
  return std::string(reference) + " (not in snapshot)";
}

// Splits a HostConfig.SecurityOpt entry ("seccomp=unconfined", legacy
// "seccomp:unconfined") into key and value; value is empty for bare words.
struct SecurityOptEntry {
  std::string_view key;
  std::string_view value;
};
inline SecurityOptEntry split_security_opt(std::string_view entry) {
  const size_t separator = entry.find_first_of("=:");
  if (separator == std::string_view::npos) return {entry, {}};
  return {entry.substr(0, separator), entry.substr(separator + 1)};
}

}  // namespace hardock::audit::checks::container_rules
