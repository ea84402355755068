// The Compose project: Compose files parsed with the position of every key and list item, merged
// in `-f` order, with `extends` resolved and `${VAR}` interpolated; and what hardock does with it.
//
//   compose::LoadOptions options;
//   options.environment = compose::process_environment();
//   auto project = compose::load_project({"compose.yml", "compose.prod.yml"}, options);
//   if (!project) { print(project.error().to_string()); }   // "compose.yml:12:5: ..." one line
//   const docker::EngineSnapshot snapshot = compose::to_snapshot(*project);
//   audit::Selection selection;                                // audit/run.h
//   for (auto code : compose::compose_check_codes()) selection.only.emplace_back(code);
//   auto result = audit::run_audit(snapshot, config, selection);
//   for (auto& finding : result->findings) compose::annotate(*project, finding);
//   // finding.location: the file, line and column of the key or item responsible
//
// The hardened override (`--fix`): compose/fix.h (its own library, hardock_compose_fix, because
// it reuses harden/, a layer above this one).
//
// Everything read is hostile: a file above kMaxComposeFileBytes, invalid UTF-8, nesting deeper
// than yaml-cpp's guard, more than kMaxNodes nodes visited (anchor and alias bombs), a value of
// the wrong type, an `extends` cycle or chain deeper than kMaxExtendsDepth, or a file outside the
// project directory is a one-line error naming the file, line and column; never a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/finding.h"
#include "hardock/core/result.h"
#include "hardock/docker/snapshot.h"

namespace hardock::compose {

inline constexpr std::size_t kMaxComposeFileBytes = std::size_t{4} << 20;  // 4 MiB per file
inline constexpr std::size_t kMaxNodes = 200'000;  // YAML nodes visited per file, aliases expanded
inline constexpr int kMaxExtendsDepth = 16;
inline constexpr std::size_t kMaxFiles = 64;  // -f files plus files named by extends and env_file

// A place in one of the project's files: index into ComposeProject::files, 1-based line and
// column (bytes). line 0: no position.
struct Pos {
  std::uint32_t file = 0;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

struct PortItem {
  Pos pos;
  std::string host_ip;    // "" = every interface
  std::string published;  // "8080", "8000-8010"; "" = a random host port
  std::string target;     // "80", "80-90"
  std::string protocol;   // "tcp", "udp", "sctp"
};

struct VolumeItem {
  Pos pos;
  std::string type;    // "bind", "volume", "tmpfs", "npipe"
  std::string source;  // bind: the host path made absolute against the project directory;
                       // volume: the name in the file ("" for an anonymous volume)
  std::string target;
  bool read_only = false;
  std::string propagation;  // bind only: "rshared", ...; "" = Docker's rprivate
  std::string mode;         // short syntax options as written ("ro,z")
};

// One entry of a list-or-mapping field (environment, labels, sysctls, driver_opts).
struct Entry {
  Pos pos;
  std::optional<std::string> value;  // nullopt: "KEY" alone / "KEY:" (environment: from the shell)
};

struct Item {
  Pos pos;
  std::string value;
};

struct Ulimit {
  Pos pos;
  std::int64_t soft = 0;
  std::int64_t hard = 0;
};

struct Healthcheck {
  std::vector<std::string> test;  // ["CMD-SHELL", "..."], ["CMD", ...]; ["NONE"] when disabled
  std::string interval;
  std::string timeout;
  std::string start_period;
  std::optional<std::int64_t> retries;
};

struct Service {
  std::string name;
  Pos pos;  // the service's key under `services:`
  // Each key the service sets, by dotted path ("privileged", "deploy.resources.limits.memory",
  // "healthcheck"), at the position of the key in the last file that set it.
  std::map<std::string, Pos> keys;

  std::string image;
  bool build = false;  // `build:` given: the image is built by Compose
  std::string container_name;
  std::optional<std::string> user;  // nullopt: not set, the image's USER decides
  bool privileged = false;
  bool read_only = false;
  std::vector<Item> cap_add;
  std::vector<Item> cap_drop;
  std::vector<Item> security_opt;
  std::vector<Item> tmpfs;
  std::vector<Item> devices;  // "/dev/x[:/dev/y[:rwm]]"
  std::vector<Item> env_file;
  std::vector<Item> group_add;
  std::vector<Item> expose;
  std::string network_mode, pid, ipc, uts, userns_mode, cgroup_parent, cgroupns_mode, runtime;
  std::string restart;  // "no", "always", "on-failure[:N]", "unless-stopped"
  std::string stop_signal, hostname, working_dir, cpuset;
  std::int64_t mem_limit = 0;  // bytes
  std::int64_t memswap_limit = 0;
  std::int64_t mem_reservation = 0;
  std::int64_t cpu_shares = 0;
  std::int64_t cpu_quota = 0;
  std::int64_t cpu_period = 0;
  double cpus = 0;
  std::optional<std::int64_t> pids_limit;
  std::int64_t deploy_memory = 0;  // deploy.resources.limits
  double deploy_cpus = 0;
  std::optional<std::int64_t> deploy_pids;
  std::optional<bool> oom_kill_disable;
  std::optional<std::vector<std::string>> command;
  std::optional<std::vector<std::string>> entrypoint;
  std::vector<PortItem> ports;
  std::vector<VolumeItem> volumes;
  std::map<std::string, Entry> environment;  // `environment:` only (env_file in env_file_values)
  std::map<std::string, Entry> env_file_values;  // read from the env_file files, positions there
  std::map<std::string, Entry> labels;
  std::map<std::string, Entry> sysctls;
  std::map<std::string, Pos> networks;  // the names under `networks:` (list or mapping)
  std::map<std::string, Ulimit> ulimits;
  std::optional<Healthcheck> healthcheck;
  std::string logging_driver;
  std::map<std::string, std::string> logging_options;
  // `extends:` as written (already applied by load_project)
  std::string extends_service;
  std::string extends_file;
  // Keys tagged `!override` (replace the earlier file's value instead of merging into it) or
  // `!reset` (drop it), Compose v2's tags for override files.
  std::map<std::string, bool> replaced;  // key -> true for !reset, false for !override
};

struct Network {
  std::string key;  // the key under `networks:` ("default", "backend")
  Pos pos;
  std::map<std::string, Pos> keys;
  std::string name;  // the engine's name: `name:`, else "<project>_<key>"
  std::string driver;
  std::map<std::string, Entry> driver_opts;
  std::map<std::string, Entry> labels;
  bool internal = false;
  bool external = false;
  bool attachable = false;
  bool enable_ipv6 = false;
  bool declared = true;  // false: the implicit "default" network Compose creates
};

struct Volume {
  std::string key;
  Pos pos;
  std::string name;
  std::string driver;
  bool external = false;
  std::map<std::string, Entry> labels;
};

struct ComposeProject {
  std::string name;                   // project name (lower case, [a-z0-9_-])
  std::string working_dir;            // absolute project directory
  std::vector<std::string> files;     // every file read, Pos::file indexes it; the -f files first
  std::size_t config_file_count = 0;  // how many of `files` were given as -f (in merge order)
  std::vector<Service> services;      // by name
  std::vector<Network> networks;      // by key
  std::vector<Volume> volumes;        // by key
  std::vector<std::string> warnings;  // "compose.yml:4:12: variable FOO is not set ..."

  [[nodiscard]] const Service* find_service(std::string_view name) const;
  [[nodiscard]] const Network* find_network(std::string_view key) const;
  // The container name Compose gives the service's first replica: container_name, else
  // "<project>-<service>-1" (Compose v2's; v1 used '_').
  [[nodiscard]] std::string container_name(const Service& service) const;
  // file:line:column of `pos`; empty when pos has no line.
  [[nodiscard]] core::SourceLocation location(Pos pos) const;
};

struct LoadOptions {
  // The process environment ("KEY" -> value); it wins over the project's .env file.
  std::map<std::string, std::string> environment;
  bool read_dot_env = true;  // read <project directory>/.env
  // The project directory: files named by extends.file, env_file and .env are read inside it
  // (never above it, links resolved inside it) and relative bind paths resolve against it.
  // Empty: the directory of the first file.
  std::string project_directory;
  // Empty: COMPOSE_PROJECT_NAME from `environment`, else the top-level `name:`, else the project
  // directory's base name, normalised as Compose does.
  std::string project_name;
};

// The process environment (environ), for LoadOptions::environment.
[[nodiscard]] std::map<std::string, std::string> process_environment();

// Loads and merges `paths` in order (the first is the base file). Errors: kNotFound,
// kPermissionDenied, kIo for files; kMalformedInput for content, the message starting
// "FILE:LINE:COLUMN: ".
[[nodiscard]] core::Result<ComposeProject> load_project(const std::vector<std::string>& paths,
                                                        const LoadOptions& options = {});

// One file's text given by the caller (stdin, tests, the fuzzer): `path` names it in positions
// and locates it (its directory is the project directory unless options say otherwise).
struct SourceText {
  std::string path;
  std::string text;
};
[[nodiscard]] core::Result<ComposeProject> load_project_texts(const std::vector<SourceText>& files,
                                                              const LoadOptions& options = {});

// The engine as Compose would leave it after `docker compose create`: one created (not running)
// container per service, its inspect built as the engine would answer and decoded with
// docker::decode_container, so every field the audit reads is filled the same way; one network
// per network the services use (external networks are left out: their settings are not in the
// files). Ids are derived from names ("compose:<container name>"). /info is empty: no engine was
// asked, so engine-dependent checks must not run (see compose_check_codes()).
[[nodiscard]] docker::EngineSnapshot to_snapshot(const ComposeProject& project);

// The audit checks (codes) that judge a Compose project's declared configuration correctly on
// to_snapshot()'s snapshot. Left out, and why (compose_checks.cpp holds the full list):
//   HDK-C-001 AppArmor, HDK-C-002 SELinux: depend on the engine's security options (/info);
//   HDK-C-006 SSH server running: needs the running processes;
//   HDK-C-017 exec sessions: needs live exec sessions;
//   HDK-C-020 healthcheck: a service without `healthcheck:` inherits the image's HEALTHCHECK,
//             which the Compose files do not show;
//   HDK-N-002 port published but not exposed: needs the image's EXPOSE.
// Kept with a Compose reading: HDK-C-024 (root user): a service without `user:` runs as its
// image's USER, unknown here; it is reported (nothing in the project says non-root) with
// evidence that says so (annotate()).
[[nodiscard]] std::span<const std::string_view> compose_check_codes();

// Where `finding` (of a compose_check_codes() check, about a container or network of
// to_snapshot(project)) comes from: the key or list item responsible (the `privileged:` key, the
// port's or volume's list item, the environment entry), or the service's (network's) key when
// a setting is missing. Empty for a finding about no object of the project.
[[nodiscard]] core::SourceLocation locate(const ComposeProject& project,
                                          const core::Finding& finding);

// Sets finding.location (locate()) and rewrites evidence that would mislead about a file: the
// root-user check's on a service with no `user:` says the image decides.
void annotate(const ComposeProject& project, core::Finding& finding);

}  // namespace hardock::compose
