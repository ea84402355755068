// harden_container: the rules, one step each, applied in a fixed order (namespaces before ports,
// the user before capabilities). Every change is paired with a Reason; whatever a workload may
// need back is listed as an exception rather than silently kept.
#include "hardock/harden/container_hardening.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "hardock/docker/capabilities.h"
#include "hardock/harden/text.h"

namespace hardock::harden {
namespace {

constexpr int64_t kMiB = int64_t{1} << 20;
constexpr int64_t kNanosPerCore = 1'000'000'000;
constexpr int64_t kSecond = 1'000'000'000;

// Writes under these roots are scratch: a tmpfs replaces them, nothing there is kept. /var/log is
// deliberately not scratch: log files are what an operator wants kept, and they can outgrow a
// small tmpfs (services that log to stdout do not write there at all).
constexpr std::string_view kScratchRoots[] = {"/tmp", "/var/tmp", "/run", "/var/run"};
// /var/cache/<app> is scratch per application: the tmpfs goes on /var/cache/<app>, so the image's
// other caches stay visible.
constexpr std::string_view kCacheRoot = "/var/cache";

// Ports commonly serving plain HTTP, for the proposed healthcheck. 443 and friends speak TLS,
// which busybox wget cannot be relied on for.
constexpr int kHttpPorts[] = {80, 8080, 8000, 8008, 8081, 8888, 3000, 5000};

bool is_root_user(std::string_view user) {
  const auto name = user.substr(0, user.find(':'));
  return name.empty() || name == "root" || name == "0";
}

std::string normalized_user(const std::string& user) {
  return is_root_user(user) ? std::string("root") : user;
}

struct Port {
  int number = 0;
  std::string protocol = "tcp";
  [[nodiscard]] std::string text() const { return fmt::format("{}/{}", number, protocol); }
  auto operator<=>(const Port&) const = default;
};

std::optional<int> parse_number(std::string_view text) {
  int value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// "80/tcp" or "80" -> {80, tcp}; nullopt for ranges and garbage.
std::optional<Port> parse_port(std::string_view text, std::string_view default_protocol = "tcp") {
  Port port;
  const auto slash = text.find('/');
  port.protocol = slash == std::string_view::npos ? default_protocol : text.substr(slash + 1);
  auto number = parse_number(text.substr(0, slash));
  if (!number || *number <= 0 || *number > 65535) return std::nullopt;
  port.number = *number;
  return port;
}

std::string mib_text(int64_t bytes) { return fmt::format("{}m", (bytes + kMiB - 1) / kMiB); }

int64_t round_up_mib(double bytes) {
  const auto whole = static_cast<int64_t>(std::ceil(bytes));
  return (whole + kMiB - 1) / kMiB * kMiB;
}

// --cpus in a reason, to a tenth (run_spec_rules.h cpus_text() is the exact flag value).
std::string cpus_rounded(int64_t nano_cpus) {
  return fmt::format("{:.1f}", static_cast<double>(nano_cpus) / kNanosPerCore);
}

// Where a tmpfs would go for a scratch path, or nullopt when the path is not scratch.
std::optional<std::string> scratch_mount_point(const std::string& path) {
  for (const auto root : kScratchRoots) {
    if (is_under(path, root)) return std::string(root);
  }
  if (is_under(path, kCacheRoot)) {
    if (path.size() == kCacheRoot.size()) return std::string(kCacheRoot);
    const auto next = path.find('/', kCacheRoot.size() + 1);
    return path.substr(0, next);
  }
  return std::nullopt;
}

// Keeps only the outermost of paths nested in one another.
std::vector<std::string> outermost(std::set<std::string> paths) {
  std::vector<std::string> out;
  for (const auto& path : paths) {  // sorted: an ancestor comes before its descendants
    const bool nested = std::any_of(out.begin(), out.end(),
                                    [&](const std::string& kept) { return is_under(path, kept); });
    if (!nested) out.push_back(path);
  }
  return out;
}

// The directories the workload writes to, from the changes list. The API lists every ancestor of
// a changed path as modified, so: a modified path with changed descendants is only such an
// ancestor; an added tree counts from its topmost added directory; a modified or deleted leaf
// (file or directory, the API does not say) and an added leaf count as their parent directory,
// since a mount needs a directory. The results are collapsed to the outermost.
std::vector<std::string> written_directories(const std::vector<ChangedPath>& changes) {
  std::map<std::string, int> kind_by_path;
  for (const auto& change : changes) kind_by_path[change.path] = change.kind;
  auto has_children = [&](const std::string& path) {
    auto next = kind_by_path.upper_bound(path);
    return next != kind_by_path.end() && is_under(next->first, path) && next->first != path;
  };
  std::set<std::string> directories;
  for (const auto& [path, kind] : kind_by_path) {
    if (path.empty() || path == "/") continue;
    if (has_children(path) && kind != 1) continue;  // an ancestor the API marks as modified
    std::string top = path;
    if (kind == 1) {
      for (auto parent = parent_of(top); parent != "/"; parent = parent_of(top)) {
        auto found = kind_by_path.find(parent);
        if (found == kind_by_path.end() || found->second != 1) break;
        top = parent;
      }
      if (!has_children(top)) top = parent_of(top);
    } else {
      top = parent_of(top);
    }
    directories.insert(top);
  }
  return outermost(std::move(directories));
}

// A path that can be a mount target in every form hardock writes (--tmpfs target:options,
// -v source:target, Compose's "source:target", --mount CSV): absolute, no ',' ':' '"' and no
// control character. A workload (or an intruder in it) chooses the names of what it writes.
bool mountable(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  return std::none_of(path.begin(), path.end(), [](char ch) {
    const auto byte = static_cast<unsigned char>(ch);
    return byte < 0x20 || byte == 0x7F || ch == ',' || ch == ':' || ch == '"';
  });
}

class Hardener {
 public:
  Hardener(const std::string& container_id, const RunSpec& original, const Observations& seen,
           Level level, const HardenOptions& options)
      : seen_(seen), strict_(level == Level::kStrict), options_(options) {
    out_.container_id = container_id;
    out_.original = original;
    out_.spec = original;
  }

  HardenedContainer run() {
    note_ports_in_use();
    analyse_writes();
    remove_privileged();
    remove_host_namespaces();
    choose_user();
    set_capabilities();
    set_security_options();
    set_filesystem();
    set_limits();
    set_ports();
    set_restart_policy();
    set_healthcheck();
    return std::move(out_);
  }

 private:
  void reason(std::string change, std::string why) {
    out_.reasoning.push_back({std::move(change), std::move(why)});
  }
  void exception(std::string text) { out_.exceptions.push_back(std::move(text)); }
  RunSpec& spec() { return out_.spec; }

  // The ports the workload uses inside the container: those seen listening, else (nothing
  // observed) the ones the container exposes or publishes, which is what it was built to use.
  void note_ports_in_use() {
    std::set<Port> ports;
    for (const auto& text : seen_.listening_ports) {
      if (auto port = parse_port(text)) ports.insert(*port);
    }
    ports_observed_ = !ports.empty();
    if (!ports_observed_) {
      for (const auto& text : spec().expose) {
        if (auto port = parse_port(text)) ports.insert(*port);
      }
      for (const auto& publish : spec().publish) {
        if (auto port = parse_port(publish.container_port, publish.protocol)) ports.insert(*port);
      }
    }
    ports_in_use_.assign(ports.begin(), ports.end());
  }

  [[nodiscard]] std::string port_source() const {
    return ports_observed_ ? "listened on inside the container"
                           : "exposed or published by the container (no listening sockets were "
                             "observed)";
  }

  // --privileged grants every capability and every host device: removed. Devices mapped
  // explicitly stay (the workload was given them on purpose); strict lists them for review.
  void remove_privileged() {
    if (spec().privileged) {
      spec().privileged = false;
      reason("--privileged removed",
             "privileged mode grants every capability, every host device and no seccomp or "
             "AppArmor confinement; only the capabilities justified below are added back");
    }
    if (strict_) {
      for (const auto& device : spec().devices) {
        exception(
            fmt::format("--device {}:{}: kept because it was mapped explicitly; review "
                        "whether the workload needs it",
                        device.path_on_host, device.path_in_container));
      }
    }
  }

  // Host namespaces break the isolation hardening builds on: each is removed. The host network
  // becomes the default bridge, with the workload's ports published on the bind address.
  void remove_host_namespaces() {
    if (spec().network_mode == "host") {
      spec().network_mode = "bridge";
      NetworkAttachment bridge;
      bridge.network = "bridge";
      spec().networks = {bridge};
      host_network_removed_ = true;
      reason("--network bridge (was host)",
             fmt::format("the host network namespace lets the container reach the host's "
                         "loopback services and bind any host interface; its ports are published "
                         "on {} instead",
                         publish_address()));
      exception(
          "--network bridge: the container used the host network; only the TCP ports listed "
          "in --publish are reachable now (UDP listeners are not observed)");
    }
    struct Namespace {
      std::string* mode;
      std::string_view flag;
      std::string_view why;
    };
    const Namespace namespaces[] = {
        {&spec().pid_mode, "--pid",
         "the host PID namespace lets the container see, trace and signal every host process"},
        {&spec().ipc_mode, "--ipc", "the host IPC namespace shares the host's shared memory"},
        {&spec().uts_mode, "--uts",
         "the host UTS namespace lets the container change the host's hostname"},
        {&spec().userns_mode, "--userns",
         "--userns host opts the container out of the daemon's user namespace remapping"},
    };
    for (const auto& ns : namespaces) {
      if (*ns.mode != "host") continue;
      ns.mode->clear();
      reason(fmt::format("{} host removed", ns.flag), std::string(ns.why));
    }
  }

  // Keep a non-root user; else the image's non-root USER; else (strict) nobody. A workload seen
  // switching user itself (root parent, non-root children) keeps root: its entrypoint needs it.
  void choose_user() {
    std::set<std::string> users;
    for (const auto& process : seen_.processes) users.insert(normalized_user(process.user));
    users_seen_.assign(users.begin(), users.end());
    const bool root = is_root_user(spec().user);
    switches_user_ = seen_.processes_observed && root &&
                     (users.size() > 1 || (users.size() == 1 && !users.contains("root")));
    if (!root) return;
    if (switches_user_) {
      exception(
          fmt::format("runs as root: processes run as {} (the entrypoint switches user and "
                      "needs root to start); use --user if it can start as that user",
                      join(users_seen_, " and ")));
      return;
    }
    if (!is_root_user(seen_.image_user)) {
      spec().user = seen_.image_user;
      reason("--user " + seen_.image_user,
             fmt::format("the container runs as root but its image declares USER {}",
                         seen_.image_user));
      return;
    }
    if (strict_) {
      spec().user = "65534:65534";
      reason("--user 65534:65534",
             "the container runs as root and its image declares no other user; strict runs it as "
             "nobody");
      exception(
          "--user 65534:65534: the image declares no non-root user; the workload may need to "
          "write files owned by root or start as root (then use --user root for it)");
      return;
    }
    exception(
        "runs as root: the image declares no non-root user and hardock cannot tell whether the "
        "workload works as another (strict tries --user 65534:65534)");
  }

  // cap_drop ALL, then back only what an observation justifies. Root is what makes capabilities
  // matter: a non-root process keeps none of them (Docker sets no ambient capabilities).
  void set_capabilities() {
    const std::vector<std::string> drop_all = {"ALL"};
    if (spec().cap_drop != drop_all) {
      spec().cap_drop = drop_all;
      reason("--cap-drop ALL",
             "start from no capabilities; only those justified by what was observed are added");
    }
    std::vector<std::pair<std::string, std::string>> justified;  // in a stable order
    const bool root = is_root_user(spec().user);
    if (root) {
      std::vector<std::string> low_ports;
      for (const auto& port : ports_in_use_) {
        if (port.number < 1024) low_ports.push_back(port.text());
      }
      if (!low_ports.empty()) {
        justified.emplace_back("NET_BIND_SERVICE",
                               fmt::format("port {} is {} and the process runs as root",
                                           join(low_ports, ", "), port_source()));
      }
      if (switches_user_) {
        const auto why =
            fmt::format("processes run as {}: the workload switches user (setuid/setgid)",
                        join(users_seen_, " and "));
        justified.emplace_back("SETUID", why);
        justified.emplace_back("SETGID", why);
        if (!data_dirs_.empty()) {
          justified.emplace_back(
              "CHOWN", fmt::format("the workload switches user and wrote {}: entrypoints that "
                                   "drop privileges typically chown their data first (inferred: "
                                   "the changes do not show ownership)",
                                   join(data_dirs_, ", ")));
        }
      }
      if (!seen_.processes_observed) {
        exception(
            "no processes were observed: if the entrypoint switches user, add --cap-add SETUID "
            "--cap-add SETGID");
      }
      if (!data_dirs_.empty()) {
        exception(
            "DAC_OVERRIDE and FOWNER are not added: the changes do not show file ownership; add "
            "them if the root process must write files owned by another user");
      }
    }
    std::set<std::string> kept;
    spec().cap_add.clear();
    for (const auto& [cap, why] : justified) {
      spec().cap_add.push_back(cap);
      kept.insert(cap);
      reason("--cap-add " + cap, why);
    }
    for (const auto& original : out_.original.cap_add) {
      const auto cap = docker::normalize_capability(original);
      if (kept.contains(cap)) continue;
      reason("--cap-add " + cap + " removed",
             "it was added explicitly but nothing observed needs it");
      exception(
          fmt::format("--cap-add {} was set explicitly and is dropped: nothing observed "
                      "needs it; add it back if the workload fails without it",
                      cap));
    }
  }

  // no-new-privileges always; the unconfined/disabled LSM options go; profiles from the options
  // replace any the container had for the same LSM.
  void set_security_options() {
    std::vector<std::string> kept;
    bool had_no_new_privileges = false;
    for (const auto& entry : spec().security_opt) {
      std::string normalized = entry;
      std::replace(normalized.begin(), normalized.end(), ':', '=');
      if (normalized == "seccomp=unconfined" || normalized == "apparmor=unconfined" ||
          normalized == "label=disable") {
        reason("--security-opt " + entry + " removed",
               "it turns off a kernel confinement layer (the engine's default profile applies)");
        continue;
      }
      if (normalized.starts_with("no-new-privileges")) {
        had_no_new_privileges =
            normalized == "no-new-privileges" || normalized == "no-new-privileges=true";
        continue;
      }
      if (!options_.seccomp_profile_path.empty() && normalized.starts_with("seccomp=")) {
        continue;
      }
      if (!options_.apparmor_profile_name.empty() && normalized.starts_with("apparmor=")) {
        continue;
      }
      kept.push_back(entry);
    }
    kept.emplace_back("no-new-privileges:true");
    if (!had_no_new_privileges) {
      reason("--security-opt no-new-privileges:true",
             "setuid binaries and file capabilities can no longer raise a process's privileges");
    }
    if (!options_.seccomp_profile_path.empty()) {
      kept.push_back("seccomp=" + options_.seccomp_profile_path);
      reason("--security-opt seccomp=" + options_.seccomp_profile_path,
             "the seccomp profile given for this workload");
    }
    if (!options_.apparmor_profile_name.empty()) {
      kept.push_back("apparmor=" + options_.apparmor_profile_name);
      reason("--security-opt apparmor=" + options_.apparmor_profile_name,
             "the AppArmor profile given for this workload");
    }
    spec().security_opt = std::move(kept);
  }

  [[nodiscard]] bool is_mounted(const std::string& path) const {
    return std::any_of(out_.original.mounts.begin(), out_.original.mounts.end(),
                       [&](const MountSpec& mount) { return is_under(path, mount.target); });
  }

  // The directories written, split into scratch (tmpfs) and data (volume) mount points.
  // An ancestor of a mount target: the engine creates missing mount points in the writable layer,
  // so "A /data" for a volume at /data is the engine's doing, not the workload's.
  [[nodiscard]] bool holds_mount_point(const std::string& path) const {
    return std::any_of(out_.original.mounts.begin(), out_.original.mounts.end(),
                       [&](const MountSpec& mount) {
                         return mount.target != path && is_under(mount.target, path);
                       });
  }

  // The changes the workload made: without mount points, what is under them, and ancestors that
  // changed only because a mount point was created below them.
  [[nodiscard]] std::vector<ChangedPath> workload_changes() const {
    auto engine_made = [&](const std::string& path) {
      return is_mounted(path) || holds_mount_point(path);
    };
    std::vector<ChangedPath> out;
    for (const auto& change : seen_.changes) {
      if (is_mounted(change.path)) continue;
      if (holds_mount_point(change.path)) {
        const bool other_writes =
            std::any_of(seen_.changes.begin(), seen_.changes.end(), [&](const ChangedPath& other) {
              return other.path != change.path && is_under(other.path, change.path) &&
                     !engine_made(other.path);
            });
        if (!other_writes) continue;
        // Created for the mount point, so not the top of a tree the workload added: a mount on it
        // would also cover the mount point below.
        out.push_back({change.path, 0});
        continue;
      }
      out.push_back(change);
    }
    return out;
  }

  void analyse_writes() {
    std::set<std::string> data;
    for (const auto& directory : written_directories(workload_changes())) {
      if (is_mounted(directory)) continue;
      auto scratch = scratch_mount_point(directory);
      if (!mountable(scratch ? *scratch : directory)) {
        // Never made a mount point; kept as data when it is (--keep-changes copies it).
        unmountable_.insert(scratch ? *scratch : directory);
        if (!scratch) data.insert(directory);
        continue;
      }
      if (scratch) {
        tmpfs_targets_.insert(*scratch);
      } else {
        data.insert(directory);
      }
    }
    data_dirs_ = outermost(data);
    // For the reasons: a path written below each mount point (the point itself is listed only
    // because something below it changed).
    for (const auto& change : seen_.changes) {
      for (const auto& target : tmpfs_targets_) {
        if (change.path != target && is_under(change.path, target)) {
          first_write_.emplace(target, change.path);
        }
      }
      for (const auto& target : data_dirs_) {
        if (change.path != target && is_under(change.path, target)) {
          first_write_.emplace(target, change.path);
        }
      }
    }
  }

  // Read-only root; tmpfs for /tmp and the scratch directories written; a named volume for every
  // other directory written (data_paths), so the workload can still write and the data outlives
  // a recreate. Baseline keeps a writable root when it cannot know what is written.
  void set_filesystem() {
    auto tmpfs_targets = tmpfs_targets_;
    const auto& data_dirs = data_dirs_;
    out_.data_paths = data_dirs;
    const bool root_written = std::find(data_dirs.begin(), data_dirs.end(), "/") != data_dirs.end();
    if (out_.original.read_only) return;
    if (!unmountable_.empty()) {
      // A mount option cannot carry the path (docker reads "target:options" and CSV fields):
      // mounting there could mount something else. The root stays writable (baseline) instead.
      const std::string paths =
          join(std::vector<std::string>(unmountable_.begin(), unmountable_.end()), ", ");
      if (!strict_) {
        exception("--read-only not set: the workload writes " + paths +
                  ", a path no mount option can carry (it holds ',', ':', '\"' or a control "
                  "character)");
        return;
      }
      exception("--read-only: the workload writes " + paths +
                ", which cannot be mounted (',', ':', '\"' or a control character); writes "
                "there will fail");
    }

    if (!seen_.changes_observed) {
      if (!strict_) {
        exception(
            "--read-only not set: the container's changes could not be read, so the paths it "
            "writes are unknown");
        return;
      }
      exception(
          "--read-only: the container's changes could not be read; writes outside /tmp will "
          "fail until the paths are mounted");
    }
    if (root_written) {
      if (!strict_) {
        exception(
            "--read-only not set: the workload writes files directly in / (no directory to "
            "mount a volume on)");
        return;
      }
      exception("--read-only: the workload writes files directly in /, which will fail");
    }
    spec().read_only = true;
    reason("--read-only",
           "the root filesystem cannot be altered by the workload or an intruder; the paths it "
           "was seen writing get a tmpfs (scratch) or a volume (data)");

    if (!is_mounted("/tmp")) tmpfs_targets.insert("/tmp");
    const std::string tmpfs_options =
        fmt::format("rw,{}nosuid,nodev,size={}", strict_ ? "noexec," : "", options_.tmpfs_size);
    for (const auto& target : tmpfs_targets) {
      MountSpec tmpfs;
      tmpfs.type = "tmpfs";
      tmpfs.target = target;
      tmpfs.tmpfs_options = tmpfs_options;
      spec().mounts.push_back(std::move(tmpfs));
      auto written = first_write_.find(target);
      reason(fmt::format("--tmpfs {}:{}", target, tmpfs_options),
             written == first_write_.end()
                 ? target + " is the conventional scratch directory; it stays writable"
                 : fmt::format("the workload wrote {} (scratch: not kept across restarts)",
                               written->second));
    }
    if (strict_ && !tmpfs_targets.empty()) {
      exception(
          "tmpfs mounts are noexec at strict: a workload that runs files it writes there needs "
          "them without noexec");
    }
    for (const auto& path : data_dirs) {
      if (path == "/" || !mountable(path)) continue;
      const auto volume = volume_for_data_path(
          spec().name.empty() ? out_.container_id.substr(0, 12) : spec().name, path);
      MountSpec mount;
      mount.type = "volume";
      mount.source = volume;
      mount.target = path;
      spec().mounts.push_back(std::move(mount));
      reason(fmt::format("--mount type=volume,source={},target={}", volume, path),
             fmt::format("the workload wrote {}: a read-only root needs it writable, and a named "
                         "volume keeps the data across recreates (the image's files there are "
                         "copied into the new volume; the container's own changes only with "
                         "--keep-changes)",
                         first_write_.contains(path) ? first_write_.at(path) : path));
    }
  }

  // Limits from observed usage with headroom; an existing tighter limit is kept.
  void set_limits() {
    std::optional<int64_t> memory_seen = seen_.memory_usage_bytes;
    if (seen_.memory_max_usage_bytes) {
      memory_seen = std::max(memory_seen.value_or(0), *seen_.memory_max_usage_bytes);
    }
    int64_t memory = options_.default_memory_bytes;
    std::string memory_why = "no memory usage was observed: a default limit";
    if (memory_seen) {
      memory = round_up_mib(std::max(static_cast<double>(*memory_seen) * options_.memory_headroom,
                                     static_cast<double>(options_.memory_floor_bytes)));
      const bool peak = seen_.memory_max_usage_bytes &&
                        *seen_.memory_max_usage_bytes > seen_.memory_usage_bytes.value_or(0);
      memory_why =
          fmt::format("observed {} in use{}; limit = max({} x usage, {}) rounded up to MiB",
                      mib_text(*memory_seen), peak ? " at its peak" : "", options_.memory_headroom,
                      mib_text(options_.memory_floor_bytes));
    }
    if (out_.original.memory <= 0 || out_.original.memory > memory) {
      spec().memory = memory;
      reason("--memory " + mib_text(memory), memory_why);
    }

    int64_t pids = options_.default_pids;
    std::string pids_why = "no process count was observed: a default limit";
    if (seen_.pids_current) {
      pids = std::max(*seen_.pids_current * 4, options_.pids_floor);
      pids_why = fmt::format("observed {} processes/threads; limit = max(4 x {}, {})",
                             *seen_.pids_current, *seen_.pids_current, options_.pids_floor);
    }
    const auto original_pids = out_.original.pids_limit.value_or(0);
    if (original_pids <= 0 || original_pids > pids) {
      spec().pids_limit = pids;
      reason(fmt::format("--pids-limit {}", pids), pids_why);
    }

    // --cpus and --cpu-quota/--cpu-period cannot both be set: an existing quota stays.
    if (out_.original.cpu_quota > 0) return;
    int64_t nano = options_.default_nano_cpus;
    std::string cpu_why = "no CPU usage was observed: a default limit";
    if (seen_.cpu_cores_used) {
      const double cores = std::max(*seen_.cpu_cores_used * options_.cpu_headroom,
                                    static_cast<double>(options_.min_nano_cpus) / kNanosPerCore);
      // Tenths of a core, rounded up: what --cpus shows.
      nano = static_cast<int64_t>(std::ceil(cores * 10.0 - 1e-9)) * (kNanosPerCore / 10);
      cpu_why = fmt::format("observed {:.2f} cores in use; limit = max({} x usage, {}) cores",
                            *seen_.cpu_cores_used, options_.cpu_headroom,
                            cpus_rounded(options_.min_nano_cpus));
    }
    if (seen_.online_cpus && *seen_.online_cpus > 0) {
      // The engine refuses more CPUs than the host has.
      nano = std::min(nano, *seen_.online_cpus * kNanosPerCore);
    }
    if (out_.original.nano_cpus <= 0 || out_.original.nano_cpus > nano) {
      spec().nano_cpus = nano;
      reason("--cpus " + cpus_rounded(nano), cpu_why);
    }
  }

  [[nodiscard]] std::string host_port_for(const std::string& host_port) const {
    auto number = parse_number(host_port);
    if (!number || *number <= 0 || *number >= 1024) return host_port;
    return std::to_string(*number + options_.unprivileged_port_offset);
  }

  // Where published ports go: --publish-address for a container labelled public, else the bind
  // address (loopback by default).
  [[nodiscard]] const std::string& publish_address() const {
    return options_.labelled_public && !options_.public_address.empty() ? options_.public_address
                                                                        : options_.bind_address;
  }

  // Why ports were rebound to publish_address() and, when that cut them off from other hosts, the
  // exception a reviewer must weigh.
  [[nodiscard]] std::string rebind_why() const {
    if (options_.labelled_public && !options_.public_address.empty()) {
      return fmt::format("the container is labelled public: bound to {} (--publish-address)",
                         options_.public_address);
    }
    return fmt::format("bound to {}", options_.bind_address);
  }
  void rebind_exception(const std::string& port) {
    if (options_.labelled_public && !options_.public_address.empty()) return;
    exception(fmt::format(
        "--publish {}: was published on every interface, now only on {}: clients on other hosts "
        "no longer reach it{}",
        port, options_.bind_address,
        options_.labelled_public
            ? "; the container is labelled public: give --publish-address ADDR to publish it on an "
              "address they reach"
            : "; publish it through a proxy, or on a chosen address, if they must"));
  }

  [[nodiscard]] PublishSpec bound_publish(const Port& port, const std::string& host_port) const {
    PublishSpec entry;
    entry.host_ip = publish_address();
    entry.host_port = host_port;
    entry.container_port = std::to_string(port.number);
    entry.protocol = port.protocol;
    return entry;
  }

  // Every published port bound to the bind address and to a host port above 1023; publish-all
  // (random host ports on every interface) becomes explicit ports.
  void set_ports() {
    std::vector<PublishSpec> publish;
    auto add = [&](PublishSpec entry, std::string why) {
      const bool taken =
          !entry.host_port.empty() &&
          std::any_of(publish.begin(), publish.end(), [&](const PublishSpec& other) {
            return other.host_ip == entry.host_ip && other.host_port == entry.host_port &&
                   other.protocol == entry.protocol && other.container_port != entry.container_port;
          });
      if (taken) {
        why += fmt::format("; host port {} is taken by another port, so the engine picks one",
                           entry.host_port);
        entry.host_port.clear();
      }
      const bool duplicate =
          std::any_of(publish.begin(), publish.end(), [&](const PublishSpec& other) {
            return other.host_ip == entry.host_ip && other.host_port == entry.host_port &&
                   other.container_port == entry.container_port && other.protocol == entry.protocol;
          });
      if (duplicate) return;
      if (!why.empty()) {
        reason(fmt::format("--publish {}:{}:{}/{}", entry.host_ip, entry.host_port,
                           entry.container_port, entry.protocol),
               why);
      }
      publish.push_back(std::move(entry));
    };
    if (host_network_removed_) {
      // Ports above 1023 first: they keep their number, a moved low port must not take it.
      auto by_privilege = ports_in_use_;
      std::stable_partition(by_privilege.begin(), by_privilege.end(),
                            [](const Port& port) { return port.number >= 1024; });
      for (const auto& port : by_privilege) {
        add(bound_publish(port, host_port_for(std::to_string(port.number))),
            fmt::format("port {} was {} on the host network", port.text(), port_source()));
      }
    }
    for (const auto& original : spec().publish) {
      PublishSpec entry = original;
      std::vector<std::string> whys;
      if (entry.host_ip.empty() || entry.host_ip == "0.0.0.0" || entry.host_ip == "::" ||
          entry.host_ip == "[::]") {
        whys.push_back(fmt::format("was published on every interface ({}); {}",
                                   entry.host_ip.empty() ? "0.0.0.0" : entry.host_ip,
                                   rebind_why()));
        entry.host_ip = publish_address();
        rebind_exception(fmt::format("{}/{}", entry.container_port,
                                     entry.protocol.empty() ? "tcp" : entry.protocol));
      }
      const auto host_port = host_port_for(entry.host_port);
      if (host_port != entry.host_port) {
        whys.push_back(fmt::format("host port {} is privileged (below 1024); moved to {}",
                                   entry.host_port, host_port));
        entry.host_port = host_port;
      }
      add(std::move(entry), join(whys, "; "));
    }
    if (spec().publish_all) {
      spec().publish_all = false;
      for (const auto& text : spec().expose) {
        auto port = parse_port(text);
        if (!port) continue;
        const bool published =
            std::any_of(publish.begin(), publish.end(), [&](const PublishSpec& entry) {
              return entry.container_port == std::to_string(port->number) &&
                     entry.protocol == port->protocol;
            });
        if (published) continue;
        add(bound_publish(*port, ""),
            fmt::format("--publish-all published {} on every interface; now explicit, {}",
                        port->text(), rebind_why()));
        rebind_exception(port->text());
      }
      if (publish.empty()) reason("--publish-all removed", "the container exposes no ports");
    }
    spec().publish = std::move(publish);
  }

  // on-failure:5 bounds a crash loop (CIS 5.14). "no" is what the engine records both for an
  // explicit --restart no and for no flag at all, so baseline keeps it (a one-shot job must not
  // start re-running); strict sets on-failure:5 and lists it.
  void set_restart_policy() {
    const auto& name = spec().restart_policy;
    const auto retries = spec().restart_max_retries;
    const auto target = fmt::format("on-failure:{}", options_.restart_max_retries);
    if (name == "on-failure" && retries > 0 && retries <= options_.restart_max_retries) return;
    if (name.empty() || name == "no") {
      if (!strict_) return;
      exception("--restart " + target +
                ": the container had no restart policy; a one-shot job may not want restarts");
    }
    const std::string why =
        name == "on-failure"
            ? fmt::format("on-failure with {} retries ({}); bounded to {}", retries,
                          retries <= 0 ? "unlimited" : "too many", options_.restart_max_retries)
        : name.empty() || name == "no"
            ? fmt::format("a crash is retried at most {} times, then left for inspection",
                          options_.restart_max_retries)
            : fmt::format("{} restarts without limit, which hides a crash loop", name);
    spec().restart_policy = "on-failure";
    spec().restart_max_retries = options_.restart_max_retries;
    reason("--restart " + target, why);
  }

  // The container's or image's healthcheck stays (an explicit NONE too: a deliberate choice).
  // Without any, strict proposes an HTTP probe on a port that usually serves HTTP.
  void set_healthcheck() {
    if (spec().healthcheck || seen_.image_healthcheck) return;
    if (!strict_) return;
    std::optional<Port> http;
    for (const int candidate : kHttpPorts) {
      for (const auto& port : ports_in_use_) {
        if (port.number == candidate && port.protocol == "tcp") http = port;
      }
      if (http) break;
    }
    if (!http) return;
    const auto command =
        fmt::format("wget -q -O /dev/null http://127.0.0.1:{}/ || exit 1", http->number);
    HealthSpec health;
    health.test = {"CMD-SHELL", command};
    health.interval_ns = 30 * kSecond;
    health.timeout_ns = 5 * kSecond;
    health.start_period_ns = 10 * kSecond;
    health.retries = 3;
    spec().healthcheck = std::move(health);
    reason("--health-cmd '" + command + "'",
           fmt::format("no healthcheck; port {} usually serves HTTP", http->text()));
    exception("--health-cmd '" + command +
              "': proposed; review it (the image needs wget and / must answer)");
  }

  const Observations& seen_;
  bool strict_;
  const HardenOptions& options_;
  HardenedContainer out_;
  std::vector<Port> ports_in_use_;
  bool ports_observed_ = false;
  std::vector<std::string> users_seen_;
  bool switches_user_ = false;
  bool host_network_removed_ = false;
  std::set<std::string> tmpfs_targets_;
  std::vector<std::string> data_dirs_;
  std::map<std::string, std::string> first_write_;  // mount point -> a path written under it
  std::set<std::string> unmountable_;               // written directories no mount can name
};

}  // namespace

std::string volume_for_data_path(const std::string& container_name, const std::string& path) {
  std::string name = "hardock-" + container_name;
  for (const char c : path) {
    const bool allowed =
        std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '-';
    name += allowed ? c : '-';
  }
  // "hardock-web-/var/lib" -> "hardock-web--var-lib": collapse the doubled separator.
  std::string collapsed;
  for (const char c : name) {
    if (c == '-' && !collapsed.empty() && collapsed.back() == '-') continue;
    collapsed += c;
  }
  while (!collapsed.empty() && collapsed.back() == '-') collapsed.pop_back();
  return collapsed;
}

HardenedContainer harden_container(const std::string& container_id, const RunSpec& original,
                                   const Observations& seen, Level level,
                                   const HardenOptions& options) {
  return Hardener(container_id, original, seen, level, options).run();
}

}  // namespace hardock::harden
