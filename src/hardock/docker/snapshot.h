// EngineSnapshot: everything hardock knows about one Docker engine, collected
// once and judged many times.
//
// The on-disk form (what `hardock collect -o` writes) keeps the Engine API's own
// JSON for each object, wrapped in a small versioned envelope:
//
//   {"schema": "hardock.engine-snapshot/1", "endpoint": "...", "collected_at": "...",
//    "local": true, "info": {/info}, "version": {/version},
//    "containers": [{"inspect": {/containers/{id}/json},
//                    "processes": {"source": "proc"|"top"|"none",
//                                  "list": [{"pid": 1, "user": "root", "command": "..."}],
//                                  "error": "..."},
//                    "execs": [{/exec/{id}/json}, ...],
//                    "execs_ended": ["<exec id>", ...]}],
//    "networks": [{/networks/{id}}],
//    "images": [{/images/{id}/json, plus "History": /images/{id}/history}],
//    "errors": [{"what": "GET /...", "message": "..."}],
//    "system_df": {"LayersSize": 0, "Images": [...], "Containers": [...], "Volumes": [...],
//                  "BuildCache": [...]}}
//
// "system_df" is GET /system/df cut down to the fields disk use needs (see DiskUsage); it is
// optional: a snapshot without it (an older collector, or the request failed: see errors) has
// no disk use, which is "not collected", never zero.
//
// "execs" holds the inspect of each session in the container's ExecIDs; "execs_ended" the
// sessions whose inspect answered 404: the engine forgets a session when it ends, so a session
// that ended between the container's inspect and its own is gone, not unread. A session whose
// inspect failed otherwise is in "errors" as "GET /exec/<id>/json" (could not look).
//
// decode_snapshot() turns that document into the typed model below; live collection decodes
// each object with the same functions, so findings are identical. Missing fields take their
// zero value (Docker omits many). A field of the wrong JSON type in one container, network or
// image makes that object "could not check": it is left out and recorded in errors as its
// request ("GET /containers/<id>/json") with the field named; the rest is decoded. Only the
// envelope, /info and /version must decode for the whole snapshot to.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "hardock/core/result.h"

namespace hardock::docker {

inline constexpr std::string_view kSnapshotSchema = "hardock.engine-snapshot/1";

// `hardock harden --apply` renames each original to NAME.hardock-old.STAMP and keeps it stopped
// for --rollback; Docker cannot relabel an existing container, so the hardened replacement
// carries this label with the original's id.
inline constexpr std::string_view kReplacesLabel = "hardock.harden.replaces";
inline constexpr std::string_view kKeptOriginalInfix = ".hardock-old.";
inline constexpr int kSnapshotMajor = 1;

struct PortBinding {
  std::string host_ip;    // "" or "0.0.0.0" means every interface
  std::string host_port;  // "8080"

  bool operator==(const PortBinding&) const = default;
};

// One container port and the host bindings Docker made (or was asked to make) for it.
struct PortMapping {
  std::string container_port;  // "80/tcp"
  std::vector<PortBinding> bindings;

  bool operator==(const PortMapping&) const = default;
};

struct Mount {
  std::string type;  // bind, volume, tmpfs, npipe
  std::string name;  // volume name
  std::string source;
  std::string destination;
  std::string mode;
  bool rw = true;
  std::string propagation;  // rprivate, shared, rshared, slave, ...

  bool operator==(const Mount&) const = default;
};

struct RestartPolicy {
  std::string name;  // "", "no", "always", "unless-stopped", "on-failure"
  int64_t maximum_retry_count = 0;

  bool operator==(const RestartPolicy&) const = default;
};

struct Healthcheck {
  std::vector<std::string> test;  // ["CMD-SHELL", "..."], ["NONE"] disables

  bool operator==(const Healthcheck&) const = default;
};

struct DeviceMapping {
  std::string path_on_host;
  std::string path_in_container;
  std::string cgroup_permissions;

  bool operator==(const DeviceMapping&) const = default;
};

struct Ulimit {
  std::string name;
  int64_t soft = 0;
  int64_t hard = 0;

  bool operator==(const Ulimit&) const = default;
};

struct ContainerNetwork {
  std::string name;
  std::string network_id;
  std::string ip_address;

  bool operator==(const ContainerNetwork&) const = default;
};

struct Process {
  int64_t pid = 0;
  std::string user;
  std::string command;

  bool operator==(const Process&) const = default;
};

enum class ProcessSource { kNone, kProc, kTop };

// A `docker exec` session, from GET /exec/{id}/json. The engine forgets a session when it ends,
// so a snapshot holds only those still running (or recently ended and not yet reaped).
struct ExecSession {
  std::string id;
  bool running = false;
  bool privileged = false;  // ProcessConfig.privileged: docker exec --privileged
  std::string user;         // ProcessConfig.user: docker exec --user ("" = the container's)
  std::string command;      // ProcessConfig.entrypoint + arguments

  bool operator==(const ExecSession&) const = default;
};

struct Container {
  std::string id;
  std::string name;  // without the leading '/'
  std::string image_id;
  std::string image_ref;  // Config.Image as given by the user
  std::string created;
  std::string driver;
  std::string apparmor_profile;
  std::string mount_label;
  std::string process_label;
  // ExecIDs, less the sessions that ended before their own inspect ("execs_ended").
  std::vector<std::string> exec_ids;

  // Config
  std::string user;
  std::string hostname;
  std::string working_dir;
  std::vector<std::string> env;
  std::vector<std::string> cmd;
  std::vector<std::string> entrypoint;
  std::map<std::string, std::string> labels;
  std::vector<std::string> exposed_ports;  // keys of Config.ExposedPorts: "80/tcp"
  std::optional<Healthcheck> healthcheck;

  // State
  std::string status;  // running, exited, created, paused, ...
  bool running = false;
  bool paused = false;
  int64_t pid = 0;
  std::string health_status;  // "", starting, healthy, unhealthy
  int64_t restart_count = 0;

  // HostConfig
  bool privileged = false;
  std::vector<std::string> cap_add;
  std::vector<std::string> cap_drop;
  std::vector<std::string> binds;
  std::string network_mode;
  std::string pid_mode;
  std::string ipc_mode;
  std::string uts_mode;
  std::string userns_mode;
  std::string cgroupns_mode;
  std::string cgroup_parent;
  std::string runtime;
  std::vector<DeviceMapping> devices;
  std::vector<std::string> device_cgroup_rules;
  std::vector<PortMapping> port_bindings;  // HostConfig.PortBindings (requested)
  bool publish_all_ports = false;
  int64_t memory = 0;
  int64_t memory_swap = 0;
  int64_t memory_reservation = 0;
  int64_t nano_cpus = 0;
  int64_t cpu_shares = 0;
  int64_t cpu_quota = 0;
  int64_t cpu_period = 0;
  std::string cpuset_cpus;
  std::optional<int64_t> pids_limit;  // null/0/-1 mean unlimited
  bool readonly_rootfs = false;
  RestartPolicy restart_policy;
  std::vector<std::string> security_opt;
  std::vector<Ulimit> ulimits;
  std::string log_driver;
  std::map<std::string, std::string> log_options;
  std::optional<bool> oom_kill_disable;
  std::map<std::string, std::string> sysctls;
  std::map<std::string, std::string> tmpfs;  // HostConfig.Tmpfs
  std::vector<std::string> group_add;

  std::vector<Mount> mounts;               // top-level Mounts (effective)
  std::vector<PortMapping> ports;          // NetworkSettings.Ports (effective)
  std::vector<ContainerNetwork> networks;  // NetworkSettings.Networks

  // The sessions of exec_ids that could be inspected ("execs" in the snapshot); a session whose
  // inspect failed is in EngineSnapshot::errors as "GET /exec/<id>/json".
  std::vector<ExecSession> execs;
  bool execs_read = false;  // false: the snapshot holds no exec inspects (older collector)

  ProcessSource process_source = ProcessSource::kNone;
  std::vector<Process> processes;
  std::string process_error;  // why processes could not be read, if they could not

  bool operator==(const Container&) const = default;
};

struct NetworkMember {
  std::string id;
  std::string name;
  std::string ipv4_address;

  bool operator==(const NetworkMember&) const = default;
};

struct Network {
  std::string id;
  std::string name;
  std::string driver;  // bridge, overlay, host, null, macvlan, ...
  std::string scope;
  bool internal = false;
  bool attachable = false;
  bool ingress = false;
  bool enable_ipv6 = false;
  std::map<std::string, std::string> options;
  std::map<std::string, std::string> labels;
  std::vector<std::string> subnets;
  std::vector<NetworkMember> containers;

  bool operator==(const Network&) const = default;
};

// One step of GET /images/{id}/history, newest first as the engine answers.
struct ImageHistoryEntry {
  int64_t created = 0;  // Unix seconds
  std::string created_by;
  std::string comment;
  int64_t size = 0;  // 0: the step made no layer

  bool operator==(const ImageHistoryEntry&) const = default;
};

struct Image {
  std::string id;
  std::vector<std::string> repo_tags;
  std::vector<std::string> repo_digests;
  std::string created;
  int64_t size = 0;
  std::string user;
  std::vector<std::string> exposed_ports;
  std::optional<Healthcheck> healthcheck;
  std::map<std::string, std::string> labels;
  std::string os;
  std::string architecture;
  std::vector<std::string> env;  // Config.Env
  std::vector<std::string> entrypoint;
  std::vector<std::string> cmd;
  // GET /images/{id}/history, kept in the snapshot beside the inspect as "History"; nullopt
  // when it was not read (an older snapshot, or the request failed: see errors).
  std::optional<std::vector<ImageHistoryEntry>> history;

  bool operator==(const Image&) const = default;
};

// One entry of /info SecurityOptions: "name=seccomp,profile=default".
struct SecurityOption {
  std::string name;
  std::map<std::string, std::string> params;

  bool operator==(const SecurityOption&) const = default;
};

struct EngineInfo {
  std::string id;
  std::string name;
  std::string server_version;
  std::string operating_system;
  std::string os_type;
  std::string kernel_version;
  std::string architecture;
  std::string docker_root_dir;
  std::string storage_driver;
  std::string logging_driver;
  std::string cgroup_driver;
  std::string cgroup_version;
  std::string default_runtime;
  bool live_restore_enabled = false;
  bool experimental_build = false;
  bool debug = false;
  int64_t containers = 0;
  int64_t containers_running = 0;
  int64_t images = 0;
  std::vector<SecurityOption> security_options;
  std::vector<std::string> authorization_plugins;
  std::vector<std::string> log_plugins;
  std::vector<std::string> insecure_registry_cidrs;  // RegistryConfig.InsecureRegistryCIDRs
  std::vector<std::string> insecure_registries;      // IndexConfigs with Secure=false
  std::vector<std::string> registry_mirrors;
  std::string swarm_state;  // "", inactive, pending, active, error, locked
  bool swarm_control_available = false;
  std::vector<std::string> warnings;

  bool operator==(const EngineInfo&) const = default;
};

struct EngineVersion {
  std::string version;
  std::string api_version;
  std::string min_api_version;
  std::string go_version;
  std::string os;
  std::string arch;
  std::string kernel_version;
  std::string build_time;

  bool operator==(const EngineVersion&) const = default;
};

// Disk use from GET /system/df, by category, as `docker system df` shows it.
struct DiskUsageCategory {
  int64_t count = 0;
  int64_t active = 0;       // images used by a container, running containers, volumes in use
  int64_t size = 0;         // bytes
  int64_t reclaimable = 0;  // bytes that removing the inactive ones would free
  bool size_known = true;   // false: the engine did not compute a size (volumes: -1)

  bool operator==(const DiskUsageCategory&) const = default;
};

// One object whose removal frees space: a stopped container (its writable layer) or a dangling
// image (no tag).
struct ReclaimableItem {
  std::string id;
  std::string name;  // container name, without '/'; empty for an image
  int64_t size = 0;  // bytes; -1: unknown

  bool operator==(const ReclaimableItem&) const = default;
};

struct DiskUsage {
  int64_t layers_size = 0;  // LayersSize: every image layer, shared ones once
  DiskUsageCategory images;
  DiskUsageCategory containers;  // writable layers (SizeRw)
  DiskUsageCategory volumes;
  DiskUsageCategory build_cache;
  std::vector<ReclaimableItem> stopped_containers;  // by name
  std::vector<ReclaimableItem> dangling_images;     // by id

  bool operator==(const DiskUsage&) const = default;
};

// Something collection could not read; checks that needed it report "error".
struct CollectionError {
  std::string what;  // "GET /containers/abc/top"
  std::string message;

  bool operator==(const CollectionError&) const = default;
};

struct EngineSnapshot {
  std::string endpoint;
  std::string collected_at;  // RFC 3339 UTC
  bool local = false;        // engine on this host (processes read from /proc)
  EngineInfo info;
  EngineVersion version;
  std::vector<Container> containers;
  std::vector<Network> networks;
  std::vector<Image> images;
  std::vector<CollectionError> errors;
  // Originals kept for rollback (see kReplacesLabel), set apart from `containers` so that they
  // are reported once as such, not judged or hardened as live workloads.
  std::vector<Container> kept_for_rollback;
  // GET /system/df; nullopt when not collected (see "system_df" above).
  std::optional<DiskUsage> disk_usage;

  // Called once by every decoder, live or --from:
  // - sorts networks by name, then id (the engine lists them in no stable order, and a finding
  //   that names several networks must read the same on every run);
  // - sorts errors by what, then message (parallel requests fail in no stable order);
  // - moves originals kept for rollback (named by a replacement's kReplacesLabel, or
  //   NAME.hardock-old.<digits>) from `containers` to `kept_for_rollback`.
  void normalize();

  [[nodiscard]] const Network* find_network(std::string_view id_or_name) const;
  [[nodiscard]] const Image* find_image(std::string_view id) const;
  [[nodiscard]] const Container* find_container(std::string_view id_or_name) const;

  bool operator==(const EngineSnapshot&) const = default;
};

// Decodes the on-disk snapshot document. Fails with kUnsupportedVersion for a
// different major schema, kMalformedInput (naming the field) for wrong types in the envelope,
// info or version; a bad container, network or image is an error entry (see above).
[[nodiscard]] core::Result<EngineSnapshot> decode_snapshot(const nlohmann::json& document);
// Parses a snapshot's text, never throwing: nesting deeper than io::kMaxJsonDepth, malformed
// JSON and numbers out of range (1e999999) are kMalformedInput with the byte position.
[[nodiscard]] core::Result<nlohmann::json> parse_snapshot_text(std::string_view text);
// decode_snapshot(parse_snapshot_text(text)), without ever holding the JSON tree of all
// containers, networks and images. `rest`, when given, receives the rest of the document
// (schema, info, version, errors, host ..., the three arrays left empty). simdjson parses the
// text (snapshot_simd.h); a text it refuses (malformed, nested too deep, ...) goes to
// decode_snapshot_text_reference, whose result or error (naming the byte) is the one given.
[[nodiscard]] core::Result<EngineSnapshot> decode_snapshot_text(std::string_view text,
                                                                nlohmann::json* rest = nullptr);
// The same result by nlohmann's parser, streaming: each element is decoded as soon as the parser
// has read it, then dropped. The reference the fast path is tested and fuzzed against.
[[nodiscard]] core::Result<EngineSnapshot> decode_snapshot_text_reference(
    std::string_view text, nlohmann::json* rest = nullptr);
// The same, reading `in`: a text of at most 64 MiB whole (decode_snapshot_text, the containers
// on two threads), a longer one a chunk at a time by the streaming parser (never held whole);
// a read error is kIo.
[[nodiscard]] core::Result<EngineSnapshot> decode_snapshot_stream(std::istream& in,
                                                                  nlohmann::json* rest = nullptr);

// GET /system/df (whole, or cut down as in a snapshot) into its totals and reclaimable items.
// A field of the wrong type is kMalformedInput naming it.
[[nodiscard]] core::Result<DiskUsage> decode_disk_usage(const nlohmann::json& system_df);
// The answer of GET /system/df cut down to what decode_disk_usage reads (the "system_df" member
// of a snapshot document); the answer itself when it is not an object.
[[nodiscard]] nlohmann::json trim_system_df(const nlohmann::json& system_df);

// Decoders for single API objects, used by decode_snapshot and by tests.
[[nodiscard]] core::Result<Container> decode_container(const nlohmann::json& inspect);
[[nodiscard]] core::Result<Network> decode_network(const nlohmann::json& network);
[[nodiscard]] core::Result<Image> decode_image(const nlohmann::json& image);
[[nodiscard]] core::Result<EngineInfo> decode_info(const nlohmann::json& info);
[[nodiscard]] core::Result<EngineVersion> decode_version(const nlohmann::json& version);
[[nodiscard]] core::Result<ExecSession> decode_exec(const nlohmann::json& exec);

// Decodes element `position` of a snapshot document's `member` array ("containers", "networks"
// or "images"; others are ignored) into `snapshot`; one that does not decode becomes an error
// entry named by its request ("GET /containers/<id>/json") or, without a readable id, its place
// ("snapshot containers[3]").
void decode_entry(std::string_view member, const nlohmann::json& element, size_t position,
                  EngineSnapshot& snapshot);

// Removes the sessions in `ended` from container.exec_ids (see "execs_ended").
void drop_ended_execs(Container& container, const std::vector<std::string>& ended);

}  // namespace hardock::docker
