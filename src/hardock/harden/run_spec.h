// RunSpec: everything `docker run` needs to create one container, as hardock reads it back from
// an inspect document (GET /containers/{id}/json) and as the hardening generators change it.
//
// Three renderings of the same spec, so what a user reviews is what hardock applies (read in
// run_spec_read.cpp, rendered in run_spec_render.cpp, simulated in run_spec_simulate.cpp; the
// decisions they share in run_spec_rules.h):
//   run_spec_from_inspect(inspect)  inspect JSON -> RunSpec (what recreates the container as is)
//   render_docker_run(spec)         a copy-pasteable `docker run` command
//   create_body(spec)               the body of POST /containers/create (used by --apply)
//   simulated_inspect(spec)         the inspect document the engine would show for the spec, so
//                                   the audit checks can judge a plan before it is applied
//
// Fields hold the engine's values, not the CLI's: Cmd/Env/Labels/ExposedPorts as inspect shows
// them (image defaults merged in: repeating them explicitly yields the same container).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hardock/core/result.h"

namespace hardock::harden {

struct MountSpec {
  std::string type;  // "bind", "volume", "tmpfs"
  // Host path (bind), volume name (volume), "" (tmpfs). An anonymous volume read from inspect
  // keeps its engine-generated name here, so a recreate reattaches its data; "" asks for a new
  // anonymous volume.
  std::string source;
  std::string target;  // path in the container
  bool read_only = false;
  std::string propagation;    // bind only: "", "rprivate", "shared", ...
  std::string tmpfs_options;  // tmpfs only, as for --tmpfs: "rw,noexec,nosuid,size=64m"
  // How the container asked for the mount, so a recreate asks the same way and inspect matches:
  // "binds" (-v, HostConfig.Binds), "mounts" (--mount, HostConfig.Mounts; tmpfs_options then
  // holds only size= and mode=), "tmpfs" (--tmpfs, HostConfig.Tmpfs), "volumes" (an anonymous
  // or image volume, Config.Volumes: reattached with --mount), "" (new: --mount, or --tmpfs).
  std::string origin;
  std::string bind_mode;  // origin "binds": the options after the target ("ro,z") as given
};

struct PublishSpec {
  std::string host_ip;         // "" = every interface
  std::string host_port;       // "" = ephemeral
  std::string container_port;  // "80"
  std::string protocol = "tcp";
};

struct NetworkAttachment {
  std::string network;  // name
  std::vector<std::string> aliases;
  std::string ipv4_address;  // only when it was set explicitly (IPAMConfig)
  std::string ipv6_address;  // likewise
};

struct UlimitSpec {
  std::string name;
  int64_t soft = 0;
  int64_t hard = 0;
};

struct DeviceSpec {
  std::string path_on_host;
  std::string path_in_container;
  std::string permissions = "rwm";
};

struct HealthSpec {
  std::vector<std::string> test;  // ["CMD-SHELL", "curl -f ..."], ["NONE"]
  int64_t interval_ns = 0;
  int64_t timeout_ns = 0;
  int64_t start_period_ns = 0;
  int64_t retries = 0;
};

struct RunSpec {
  std::string name;   // without the leading '/'
  std::string image;  // Config.Image as the user gave it
  // The image's Id when read from inspect: not rendered (a recreate names `image`), carried so
  // simulated_inspect lets the checks find the image in the snapshot.
  std::string image_id;
  std::optional<std::vector<std::string>> entrypoint;  // nullopt: the image's
  std::vector<std::string> cmd;
  std::vector<std::string> env;  // "KEY=value"
  std::string user;
  std::string working_dir;
  std::string hostname;  // only when set explicitly (not the engine's id-derived default)
  std::string domainname;
  std::map<std::string, std::string> labels;
  std::vector<std::string> expose;        // "80/tcp": Config.ExposedPorts
  std::optional<HealthSpec> healthcheck;  // nullopt: the image's
  bool tty = false;
  bool interactive = false;
  std::string stop_signal;
  std::optional<int64_t> stop_timeout;

  // HostConfig
  std::vector<MountSpec> mounts;
  std::vector<PublishSpec> publish;
  bool publish_all = false;
  std::string network_mode;  // "default"/"bridge", "host", "none", "container:ID", a network
  std::vector<NetworkAttachment> networks;  // every network, the network_mode one first
  std::string restart_policy;               // "", "no", "always", "unless-stopped", "on-failure"
  int64_t restart_max_retries = 0;
  bool privileged = false;
  std::vector<std::string> cap_add;       // upper case, without "CAP_" ("NET_BIND_SERVICE", "ALL")
  std::vector<std::string> cap_drop;      // likewise
  std::vector<std::string> security_opt;  // "no-new-privileges:true", "seccomp=<json|path>", ...
  bool read_only = false;
  std::optional<bool> init;
  std::string pid_mode;
  std::string ipc_mode;
  std::string uts_mode;
  std::string userns_mode;
  std::string cgroupns_mode;
  std::string cgroup_parent;
  std::string runtime;
  int64_t memory = 0;
  int64_t memory_swap = 0;
  int64_t memory_reservation = 0;
  int64_t nano_cpus = 0;
  int64_t cpu_shares = 0;
  int64_t cpu_quota = 0;
  int64_t cpu_period = 0;
  std::string cpuset_cpus;
  std::optional<int64_t> pids_limit;
  int64_t shm_size = 0;
  std::vector<DeviceSpec> devices;
  std::vector<UlimitSpec> ulimits;
  std::string log_driver;
  std::map<std::string, std::string> log_options;
  std::map<std::string, std::string> sysctls;
  std::vector<std::string> group_add;
  std::vector<std::string> dns;
  std::vector<std::string> dns_search;
  std::vector<std::string> dns_options;
  std::vector<std::string> extra_hosts;
  std::optional<bool> oom_kill_disable;
  int64_t oom_score_adj = 0;
  std::vector<std::string> device_cgroup_rules;
  bool auto_remove = false;  // --rm
};

// Reads a container's inspect document. A field of the wrong JSON type is kMalformedInput naming
// the field; absent fields keep their defaults.
[[nodiscard]] core::Result<RunSpec> run_spec_from_inspect(const nlohmann::json& inspect);

struct RenderOptions {
  bool multiline = true;  // one flag per line, joined with " \\\n  "
};

// `docker run -d --name NAME ... IMAGE CMD...`, every word a shell_word() (POSIX sh). Engine
// defaults are left out (IpcMode/CgroupnsMode "private", Runtime "runc", ShmSize 64 MiB, restart
// "no", json-file logging without options), the same ones create_body leaves out.
//   - Entrypoint: --entrypoint takes one word, so a longer one renders as --entrypoint FIRST and
//     its other words before CMD (same argv; inspect then shows them in Cmd). create_body keeps
//     it exact.
//   - Networks after the first: one `&& docker network connect [--alias A] [--ip IP] NET NAME`
//     per network appended (on its own line when multiline), so it stays one command that stops
//     at the first failure.
//   - seccomp=<inline JSON> (as inspect shows a profile): the CLI only reads profiles from
//     files, so it renders as `--security-opt seccomp=/dev/stdin` with the JSON, re-serialised on
//     one line, in a here-document.
//   - An image (or network) name starting with '-' is preceded by "--", so the CLI cannot read
//     it as an option; --mount fields are CSV-quoted where they hold ',' or '"'.
//   - Refuse specs with unrepresentable_field() first: a NUL byte cannot be rendered.
//   - Mounts are grouped -v, --mount, --tmpfs (spec order within each): origin "binds" with -v,
//     origin "volumes" with --mount type=volume,source=NAME (reattached by name), tmpfs of origin
//     "tmpfs" or "" with --tmpfs, the rest with --mount.
[[nodiscard]] std::string render_docker_run(const RunSpec& spec, const RenderOptions& options = {});

// Body of POST /containers/create?name=NAME: Config fields at the top level, "HostConfig",
// "NetworkingConfig" (the first network; others are connected after create). Mounts go where
// render_docker_run's flags put them (Binds, Mounts, Tmpfs, Config.Volumes), so the review and
// the apply create the same container. SecurityOpt is verbatim: a "seccomp=PATH" entry must be
// replaced by the profile's JSON before posting (the engine takes the JSON, not a path).
[[nodiscard]] nlohmann::json create_body(const RunSpec& spec);

// The inspect document the engine would report for a container created from `spec`, in the shape
// docker::decode_container reads (Id and Name from the arguments; State running).
[[nodiscard]] nlohmann::json simulated_inspect(const RunSpec& spec, const std::string& id);

// The capability set the container ends up with, from the one capability model
// (docker::effective_capabilities over cap_add, cap_drop and privileged).
[[nodiscard]] std::set<std::string> effective_capabilities(const RunSpec& spec);

// Why `spec` cannot be rendered as a shell command faithfully: the first field holding a NUL
// byte (no argv or environment string can carry one), or an inline seccomp profile that is not
// JSON ("Env[3] holds a NUL byte"). Empty when every value can be rendered. Callers refuse such
// a container instead of rendering a different one.
[[nodiscard]] std::string unrepresentable_field(const RunSpec& spec);

}  // namespace hardock::harden
