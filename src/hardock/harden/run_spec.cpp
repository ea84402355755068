// RunSpec from inspect, and its three renderings (docker run, create body, simulated inspect).
//
// The rule that keeps the renderings honest: render_docker_run and create_body apply the same
// omissions (engine defaults such as IpcMode "private" or ShmSize 64 MiB), so the command a user
// reviews and the body --apply posts create the same container.
#include "hardock/harden/run_spec.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>
#include <string_view>
#include <utility>

#include "hardock/docker/json_reader.h"

namespace hardock::harden {
namespace {

using core::ErrorCode;
using nlohmann::json;

constexpr int64_t kDefaultShmSize = 64LL << 20;
constexpr size_t kShortIdLength = 12;

// Inspect documents are read by the same rules as the snapshot decoder.
using Node = docker::JsonReader;
using FieldError = docker::DecodeError;

// ---- small text helpers ---------------------------------------------------------------------

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

std::string normalize_capability(std::string name) {
  for (auto& ch : name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (name.rfind("CAP_", 0) == 0) name.erase(0, 4);
  return name;
}

bool is_propagation(const std::string& word) {
  static const std::set<std::string> kModes = {"private", "rprivate", "shared",
                                               "rshared", "slave",    "rslave"};
  return kModes.contains(word);
}

// Digits as a number; 0 when there are none or too many.
int64_t parse_number(std::string_view digits, int base = 10) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  return error == std::errc() && end == digits.data() + digits.size() ? value : 0;
}

// "1048576", "64m", "1g" -> bytes (the units docker's RAMInBytes accepts, binary multiples).
int64_t size_in_bytes(const std::string& text) {
  if (text.empty()) return 0;
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  const int64_t value = parse_number(std::string_view(text).substr(0, digits));
  const std::string unit = text.substr(digits);
  const char first = unit.empty() ? 'b' : static_cast<char>(std::tolower(unit[0]));
  switch (first) {
    case 'k':
      return value << 10;
    case 'm':
      return value << 20;
    case 'g':
      return value << 30;
    case 't':
      return value << 40;
    default:
      return value;
  }
}

std::string octal(int64_t mode) {
  std::string out;
  do {
    out.insert(out.begin(), static_cast<char>('0' + (mode & 7)));
    mode >>= 3;
  } while (mode > 0);
  return out;
}

// The size= and mode= of an "--tmpfs"-style option list.
struct TmpfsSizeMode {
  std::string size;
  std::string mode;
};
TmpfsSizeMode tmpfs_size_mode(const std::string& options) {
  TmpfsSizeMode out;
  for (const auto& option : split(options, ',')) {
    if (option.rfind("size=", 0) == 0) out.size = option.substr(5);
    if (option.rfind("mode=", 0) == 0) out.mode = option.substr(5);
  }
  return out;
}

// Go's time.Duration text in the largest exact unit, which docker's duration flags parse back
// to the same nanoseconds ("30s", "1500ms").
std::string duration_text(int64_t nanoseconds) {
  if (nanoseconds % 1000000000 == 0) return std::to_string(nanoseconds / 1000000000) + "s";
  if (nanoseconds % 1000000 == 0) return std::to_string(nanoseconds / 1000000) + "ms";
  if (nanoseconds % 1000 == 0) return std::to_string(nanoseconds / 1000) + "us";
  return std::to_string(nanoseconds) + "ns";
}

// 500000000 -> "0.5": --cpus as an exact decimal.
std::string cpus_text(int64_t nano_cpus) {
  std::string whole = std::to_string(nano_cpus / 1000000000);
  std::string fraction = std::to_string(nano_cpus % 1000000000);
  fraction.insert(0, 9 - fraction.size(), '0');
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  return fraction.empty() ? whole : whole + "." + fraction;
}

// ---- reading inspect ----------------------------------------------------------------------------

MountSpec bind_entry(const std::string& entry) {
  // "source:target[:options]"; a bare "/target" is an anonymous volume.
  MountSpec mount;
  mount.origin = "binds";
  auto parts = split(entry, ':');
  if (parts.size() == 1) {
    mount.type = "volume";
    mount.target = parts[0];
    return mount;
  }
  mount.source = parts[0];
  mount.target = parts[1];
  mount.type = !mount.source.empty() && mount.source.front() == '/' ? "bind" : "volume";
  if (parts.size() > 2) {
    parts.erase(parts.begin(), parts.begin() + 2);
    mount.bind_mode = join(parts, ":");
    for (const auto& option : split(mount.bind_mode, ',')) {
      if (option == "ro") mount.read_only = true;
      if (is_propagation(option)) mount.propagation = option;
    }
  }
  return mount;
}

MountSpec api_mount(const Node& node) {
  MountSpec mount;
  mount.origin = "mounts";
  mount.type = node.str("Type");
  mount.source = node.str("Source");
  mount.target = node.str("Target");
  mount.read_only = node.boolean("ReadOnly");
  mount.propagation = node.object("BindOptions").str("Propagation");
  Node tmpfs = node.object("TmpfsOptions");
  std::vector<std::string> options;
  if (int64_t size = tmpfs.integer("SizeBytes"); size > 0) {
    options.push_back("size=" + std::to_string(size));
  }
  if (int64_t mode = tmpfs.integer("Mode"); mode > 0) options.push_back("mode=" + octal(mode));
  mount.tmpfs_options = join(options, ",");
  return mount;
}

std::optional<HealthSpec> read_health(const Node& config) {
  if (!config.has("Healthcheck")) return std::nullopt;
  Node health = config.object("Healthcheck");
  HealthSpec spec;
  spec.test = health.strings("Test");
  spec.interval_ns = health.integer("Interval");
  spec.timeout_ns = health.integer("Timeout");
  spec.start_period_ns = health.integer("StartPeriod");
  spec.retries = health.integer("Retries");
  return spec;
}

bool joins_other_namespace(const std::string& mode) {
  return mode == "host" || mode.rfind("container:", 0) == 0;
}

bool is_default_bridge_mode(const std::string& mode) {
  return mode.empty() || mode == "default" || mode == "bridge";
}

void read_mounts(const Node& root, const Node& host, RunSpec& spec) {
  for (const auto& entry : host.strings("Binds")) spec.mounts.push_back(bind_entry(entry));
  host.each("Mounts", [&](const Node& node) { spec.mounts.push_back(api_mount(node)); });
  for (const auto& [target, options] : host.string_map("Tmpfs")) {
    spec.mounts.push_back({"tmpfs", "", target, false, "", options, "tmpfs", ""});
  }
  // What remains in the effective mounts came from Config.Volumes (-v /path, image VOLUME) or
  // --volumes-from: keep it by name so a recreate reattaches the same data.
  root.each("Mounts", [&](const Node& node) {
    const std::string destination = node.str("Destination");
    const bool known =
        std::any_of(spec.mounts.begin(), spec.mounts.end(),
                    [&](const MountSpec& mount) { return mount.target == destination; });
    if (known) return;
    const std::string type = node.str("Type");
    MountSpec mount;
    mount.type = type;
    mount.target = destination;
    mount.read_only = !node.boolean("RW");
    if (type == "volume") {
      mount.source = node.str("Name");
      mount.origin = "volumes";
    } else if (type == "bind") {
      mount.source = node.str("Source");
      mount.origin = "mounts";
    } else {
      return;
    }
    spec.mounts.push_back(std::move(mount));
  });
}

void read_ports(const Node& host, RunSpec& spec) {
  // {"8080/tcp": [{"HostIp": "127.0.0.1", "HostPort": "18100"}] | null}
  const json& bindings_by_port = host.raw("PortBindings");
  if (bindings_by_port.is_null()) return;
  const std::string field = host.field("PortBindings");
  if (!bindings_by_port.is_object()) throw FieldError{field, "expected an object"};
  for (const auto& [port, bindings] : bindings_by_port.items()) {
    const auto slash = port.find('/');
    const std::string number = port.substr(0, slash);
    const std::string protocol = slash == std::string::npos ? "tcp" : port.substr(slash + 1);
    if (bindings.is_null()) continue;
    if (!bindings.is_array()) throw FieldError{field + "." + port, "expected an array"};
    for (size_t index = 0; index < bindings.size(); ++index) {
      Node binding(bindings[index], field + "." + port + "[" + std::to_string(index) + "]");
      spec.publish.push_back({binding.str("HostIp"), binding.str("HostPort"), number, protocol});
    }
  }
}

void read_networks(const Node& root, RunSpec& spec, const std::string& id,
                   const std::string& hostname) {
  if (spec.network_mode == "none" || joins_other_namespace(spec.network_mode)) return;
  const std::string first =
      is_default_bridge_mode(spec.network_mode) ? std::string("bridge") : spec.network_mode;
  root.object("NetworkSettings")
      .each_member("Networks", [&](const std::string& name, const Node& network) {
        NetworkAttachment attachment;
        attachment.network = name;
        // The engine adds the short id (and, up to 24.0, the hostname) to every user network's
        // aliases.
        for (auto& alias : network.strings("Aliases")) {
          if (alias != id.substr(0, kShortIdLength) && alias != hostname) {
            attachment.aliases.push_back(std::move(alias));
          }
        }
        Node ipam = network.object("IPAMConfig");
        attachment.ipv4_address = ipam.str("IPv4Address");
        attachment.ipv6_address = ipam.str("IPv6Address");
        if (name == first) {
          spec.networks.insert(spec.networks.begin(), std::move(attachment));
        } else {
          spec.networks.push_back(std::move(attachment));
        }
      });
}

RunSpec read_spec(const Node& root) {
  RunSpec spec;
  const std::string id = root.str("Id");
  spec.name = root.str("Name");
  if (!spec.name.empty() && spec.name.front() == '/') spec.name.erase(0, 1);
  spec.image_id = root.str("Image");

  Node config = root.object("Config");
  spec.image = config.str("Image");
  if (config.has("Entrypoint")) spec.entrypoint = config.strings("Entrypoint");
  spec.cmd = config.strings("Cmd");
  spec.env = config.strings("Env");
  spec.user = config.str("User");
  spec.working_dir = config.str("WorkingDir");
  const std::string hostname = config.str("Hostname");
  spec.domainname = config.str("Domainname");
  spec.labels = config.string_map("Labels");
  spec.expose = config.keys("ExposedPorts");
  spec.healthcheck = read_health(config);
  spec.tty = config.boolean("Tty");
  spec.interactive = config.boolean("OpenStdin");
  spec.stop_signal = config.str("StopSignal");
  spec.stop_timeout = config.optional_integer("StopTimeout");

  Node host = root.object("HostConfig");
  read_mounts(root, host, spec);
  read_ports(host, spec);
  spec.publish_all = host.boolean("PublishAllPorts");
  spec.network_mode = host.str("NetworkMode");
  Node restart = host.object("RestartPolicy");
  spec.restart_policy = restart.str("Name");
  spec.restart_max_retries = restart.integer("MaximumRetryCount");
  spec.privileged = host.boolean("Privileged");
  for (const auto& name : host.strings("CapAdd"))
    spec.cap_add.push_back(normalize_capability(name));
  for (const auto& name : host.strings("CapDrop"))
    spec.cap_drop.push_back(normalize_capability(name));
  spec.security_opt = host.strings("SecurityOpt");
  spec.read_only = host.boolean("ReadonlyRootfs");
  spec.init = host.optional_boolean("Init");
  spec.pid_mode = host.str("PidMode");
  spec.ipc_mode = host.str("IpcMode");
  spec.uts_mode = host.str("UTSMode");
  spec.userns_mode = host.str("UsernsMode");
  spec.cgroupns_mode = host.str("CgroupnsMode");
  spec.cgroup_parent = host.str("CgroupParent");
  spec.runtime = host.str("Runtime");
  spec.memory = host.integer("Memory");
  spec.memory_swap = host.integer("MemorySwap");
  spec.memory_reservation = host.integer("MemoryReservation");
  spec.nano_cpus = host.integer("NanoCpus");
  spec.cpu_shares = host.integer("CpuShares");
  spec.cpu_quota = host.integer("CpuQuota");
  spec.cpu_period = host.integer("CpuPeriod");
  spec.cpuset_cpus = host.str("CpusetCpus");
  if (auto limit = host.optional_integer("PidsLimit"); limit && *limit > 0) spec.pids_limit = limit;
  spec.shm_size = host.integer("ShmSize");
  host.each("Devices", [&](const Node& device) {
    spec.devices.push_back(
        {device.str("PathOnHost"), device.str("PathInContainer"), device.str("CgroupPermissions")});
  });
  host.each("Ulimits", [&](const Node& limit) {
    spec.ulimits.push_back({limit.str("Name"), limit.integer("Soft"), limit.integer("Hard")});
  });
  Node log = host.object("LogConfig");
  spec.log_driver = log.str("Type");
  spec.log_options = log.string_map("Config");
  spec.sysctls = host.string_map("Sysctls");
  spec.group_add = host.strings("GroupAdd");
  spec.dns = host.strings("Dns");
  spec.dns_search = host.strings("DnsSearch");
  spec.dns_options = host.strings("DnsOptions");
  spec.extra_hosts = host.strings("ExtraHosts");
  spec.oom_kill_disable = host.optional_boolean("OomKillDisable");
  spec.oom_score_adj = host.integer("OomScoreAdj");
  spec.device_cgroup_rules = host.strings("DeviceCgroupRules");
  spec.auto_remove = host.boolean("AutoRemove");

  // A hostname is the user's only when the engine did not derive it: from the id, or from the
  // host or another container whose UTS namespace it shares.
  const bool inherited = joins_other_namespace(spec.network_mode) || spec.uts_mode == "host";
  if (!inherited && hostname != id.substr(0, kShortIdLength)) spec.hostname = hostname;
  read_networks(root, spec, id, hostname);
  return spec;
}

// ---- what gets rendered ------------------------------------------------------------------------
// One list of decisions shared by render_docker_run and create_body.

bool render_ipc(const std::string& mode) { return !mode.empty() && mode != "private"; }
bool render_cgroupns(const std::string& mode) { return !mode.empty() && mode != "private"; }
bool render_runtime(const std::string& runtime) { return !runtime.empty() && runtime != "runc"; }
bool render_shm(int64_t size) { return size > 0 && size != kDefaultShmSize; }
bool render_restart(const RunSpec& spec) {
  return !spec.restart_policy.empty() && spec.restart_policy != "no";
}
// The daemon fills LogConfig with its default driver; json-file without options is that default
// on a stock engine.
bool render_log_driver(const RunSpec& spec) {
  return !spec.log_driver.empty() && (spec.log_driver != "json-file" || !spec.log_options.empty());
}
bool connects_networks(const RunSpec& spec) {
  return spec.network_mode != "host" && spec.network_mode != "none" &&
         !joins_other_namespace(spec.network_mode);
}
std::string port_key(const std::string& port, const std::string& protocol) {
  return port + "/" + (protocol.empty() ? "tcp" : protocol);
}
bool is_published(const RunSpec& spec, const std::string& key) {
  return std::any_of(spec.publish.begin(), spec.publish.end(), [&](const PublishSpec& publish) {
    return port_key(publish.container_port, publish.protocol) == key;
  });
}
// A fresh anonymous volume has no name to reattach: it goes through Config.Volumes (-v /path).
bool is_fresh_anonymous(const MountSpec& mount) {
  return mount.type == "volume" && mount.source.empty();
}
bool uses_tmpfs_flag(const MountSpec& mount) {
  return mount.type == "tmpfs" && (mount.origin == "tmpfs" || mount.origin.empty());
}
bool uses_binds(const MountSpec& mount) {
  return mount.origin == "binds" && mount.type != "tmpfs" && !is_fresh_anonymous(mount);
}

// The -v options of a Binds mount: as given while they still say what the fields say (a
// hardening step that flips read_only gets freshly built options, keeping z/Z/nocopy).
std::string bind_options(const MountSpec& mount) {
  std::vector<std::string> kept;
  bool given_ro = false;
  std::string given_propagation;
  for (const auto& option : split(mount.bind_mode, ',')) {
    if (option == "ro") {
      given_ro = true;
    } else if (is_propagation(option)) {
      given_propagation = option;
    } else if (!option.empty() && option != "rw") {
      kept.push_back(option);
    }
  }
  if (given_ro == mount.read_only && given_propagation == mount.propagation) return mount.bind_mode;
  if (mount.read_only) kept.insert(kept.begin(), "ro");
  if (!mount.propagation.empty()) kept.push_back(mount.propagation);
  return join(kept, ",");
}
std::string binds_entry(const MountSpec& mount) {
  std::string entry = mount.source + ":" + mount.target;
  if (auto options = bind_options(mount); !options.empty()) entry += ":" + options;
  return entry;
}
std::string tmpfs_entry(const MountSpec& mount) {
  return mount.tmpfs_options.empty() ? mount.target : mount.target + ":" + mount.tmpfs_options;
}
std::string mount_flag_value(const MountSpec& mount) {
  std::vector<std::string> parts = {"type=" + mount.type};
  if (!mount.source.empty()) parts.push_back("source=" + mount.source);
  parts.push_back("target=" + mount.target);
  if (mount.read_only) parts.emplace_back("readonly");
  if (mount.type == "bind" && !mount.propagation.empty()) {
    parts.push_back("bind-propagation=" + mount.propagation);
  }
  if (mount.type == "tmpfs") {
    auto [size, mode] = tmpfs_size_mode(mount.tmpfs_options);
    if (!size.empty()) parts.push_back("tmpfs-size=" + size);
    if (!mode.empty()) parts.push_back("tmpfs-mode=" + mode);
  }
  return join(parts, ",");
}
std::string publish_value(const PublishSpec& publish) {
  std::string host_ip = publish.host_ip.find(':') != std::string::npos ? "[" + publish.host_ip + "]"
                                                                       : publish.host_ip;
  std::string container = port_key(publish.container_port, publish.protocol);
  if (host_ip.empty() && publish.host_port.empty()) return container;
  if (host_ip.empty()) return publish.host_port + ":" + container;
  return host_ip + ":" + publish.host_port + ":" + container;
}
std::string restart_value(const RunSpec& spec) {
  if (spec.restart_policy == "on-failure" && spec.restart_max_retries > 0) {
    return "on-failure:" + std::to_string(spec.restart_max_retries);
  }
  return spec.restart_policy;
}

// The seccomp profile inline in a SecurityOpt ("seccomp={...}"): the CLI only reads profiles
// from files, so the command feeds it on stdin.
bool is_inline_seccomp(const std::string& option) {
  return option.rfind("seccomp=", 0) == 0 && option.size() > 8 && option[8] == '{';
}
constexpr const char* kSeccompHeredoc = "HARDOCK_SECCOMP";

// ---- render helpers --------------------------------------------------------------------------

class CommandBuilder {
 public:
  void flag(const std::string& name) { lines_.push_back(name); }
  void flag(const std::string& name, const std::string& value) {
    // A value that starts with '-' is glued with '=' so no parser mistakes it for a flag.
    if (!value.empty() && value.front() == '-') {
      lines_.push_back(name + "=" + shell_quote(value));
    } else {
      lines_.push_back(name + " " + shell_quote(value));
    }
  }
  void words(const std::vector<std::string>& words) {
    std::vector<std::string> quoted;
    for (const auto& word : words) quoted.push_back(shell_quote(word));
    lines_.push_back(join(quoted, " "));
  }
  [[nodiscard]] std::string text(bool multiline) const {
    return join(lines_, multiline ? " \\\n  " : " ");
  }

 private:
  std::vector<std::string> lines_;
};

// ---- JSON helpers -----------------------------------------------------------------------------

json string_array(const std::vector<std::string>& items) {
  json out = json::array();
  for (const auto& item : items) out.push_back(item);
  return out;
}
json string_object(const std::map<std::string, std::string>& items) {
  json out = json::object();
  for (const auto& [key, value] : items) out[key] = value;
  return out;
}
json set_object(const std::vector<std::string>& keys) {
  json out = json::object();
  for (const auto& key : keys) out[key] = json::object();
  return out;
}
json health_json(const HealthSpec& health) {
  json out = {{"Test", string_array(health.test)}};
  if (health.interval_ns != 0) out["Interval"] = health.interval_ns;
  if (health.timeout_ns != 0) out["Timeout"] = health.timeout_ns;
  if (health.start_period_ns != 0) out["StartPeriod"] = health.start_period_ns;
  if (health.retries != 0) out["Retries"] = health.retries;
  return out;
}
json api_mount_json(const MountSpec& mount) {
  json out = {{"Type", mount.type}, {"Target", mount.target}};
  if (!mount.source.empty()) out["Source"] = mount.source;
  if (mount.read_only) out["ReadOnly"] = true;
  if (mount.type == "bind" && !mount.propagation.empty()) {
    out["BindOptions"] = {{"Propagation", mount.propagation}};
  }
  if (mount.type == "tmpfs") {
    auto [size, mode] = tmpfs_size_mode(mount.tmpfs_options);
    json options = json::object();
    if (!size.empty()) options["SizeBytes"] = size_in_bytes(size);
    if (!mode.empty()) options["Mode"] = parse_number(mode, 8);
    if (!options.empty()) out["TmpfsOptions"] = options;
  }
  return out;
}
json port_bindings_json(const RunSpec& spec) {
  json out = json::object();
  for (const auto& publish : spec.publish) {
    out[port_key(publish.container_port, publish.protocol)].push_back(
        {{"HostIp", publish.host_ip}, {"HostPort", publish.host_port}});
  }
  return out;
}
std::vector<std::string> exposed_ports(const RunSpec& spec) {
  std::vector<std::string> ports = spec.expose;
  for (const auto& publish : spec.publish) {
    auto key = port_key(publish.container_port, publish.protocol);
    if (std::find(ports.begin(), ports.end(), key) == ports.end()) ports.push_back(key);
  }
  return ports;
}
json endpoint_json(const NetworkAttachment& attachment) {
  json out = json::object();
  if (!attachment.aliases.empty()) out["Aliases"] = string_array(attachment.aliases);
  json ipam = json::object();
  if (!attachment.ipv4_address.empty()) ipam["IPv4Address"] = attachment.ipv4_address;
  if (!attachment.ipv6_address.empty()) ipam["IPv6Address"] = attachment.ipv6_address;
  if (!ipam.empty()) out["IPAMConfig"] = ipam;
  return out;
}

}  // namespace

core::Result<RunSpec> run_spec_from_inspect(const json& inspect) {
  if (!inspect.is_object()) {
    return core::fail(ErrorCode::kMalformedInput, "container inspect: expected an object");
  }
  try {
    return read_spec(Node(inspect, ""));
  } catch (const FieldError& error) {
    return core::fail(ErrorCode::kMalformedInput,
                      "container inspect: field " + error.field + ": " + error.message);
  } catch (const json::exception& error) {
    return core::fail(ErrorCode::kMalformedInput,
                      std::string("container inspect: ") + error.what());
  }
}

std::string shell_quote(const std::string& word) {
  if (word.empty()) return "''";
  const bool safe = std::all_of(word.begin(), word.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) != 0 ||
           std::string_view("@%+=:,./-_").find(ch) != std::string_view::npos;
  });
  if (safe) return word;
  std::string out = "'";
  for (char ch : word) {
    if (ch == '\'') {
      out += "'\\''";
    } else {
      out += ch;
    }
  }
  return out + "'";
}

std::string render_docker_run(const RunSpec& spec, const RenderOptions& options) {
  CommandBuilder command;
  command.words({"docker", "run", "-d", "--name", spec.name});
  if (!spec.hostname.empty()) command.flag("--hostname", spec.hostname);
  if (!spec.domainname.empty()) command.flag("--domainname", spec.domainname);
  if (!spec.user.empty()) command.flag("--user", spec.user);
  if (!spec.working_dir.empty()) command.flag("--workdir", spec.working_dir);
  for (const auto& variable : spec.env) command.flag("-e", variable);
  for (const auto& [key, value] : spec.labels) command.flag("--label", key + "=" + value);
  for (const auto& port : spec.expose) {
    if (!is_published(spec, port)) command.flag("--expose", port);
  }
  for (const auto& publish : spec.publish) command.flag("-p", publish_value(publish));
  if (spec.publish_all) command.flag("-P");

  const bool connects = connects_networks(spec);
  if (!is_default_bridge_mode(spec.network_mode)) command.flag("--network", spec.network_mode);
  if (connects && !spec.networks.empty()) {
    for (const auto& alias : spec.networks[0].aliases) command.flag("--network-alias", alias);
    if (!spec.networks[0].ipv4_address.empty()) command.flag("--ip", spec.networks[0].ipv4_address);
    if (!spec.networks[0].ipv6_address.empty()) {
      command.flag("--ip6", spec.networks[0].ipv6_address);
    }
  }

  // Grouped by flag (-v, --mount, --tmpfs), spec order within a group: each lands in its own
  // inspect list, so the grouping changes nothing and keeps the text stable across round trips.
  for (const auto& mount : spec.mounts) {
    if (is_fresh_anonymous(mount)) {
      command.flag("-v", mount.read_only ? mount.target + ":ro" : mount.target);
    } else if (uses_binds(mount)) {
      command.flag("-v", binds_entry(mount));
    }
  }
  for (const auto& mount : spec.mounts) {
    if (!uses_tmpfs_flag(mount) && !is_fresh_anonymous(mount) && !uses_binds(mount)) {
      command.flag("--mount", mount_flag_value(mount));
    }
  }
  for (const auto& mount : spec.mounts) {
    if (uses_tmpfs_flag(mount)) command.flag("--tmpfs", tmpfs_entry(mount));
  }

  if (render_restart(spec)) command.flag("--restart", restart_value(spec));
  if (spec.auto_remove) command.flag("--rm");
  if (spec.privileged) command.flag("--privileged");
  for (const auto& name : spec.cap_drop) command.flag("--cap-drop", name);
  for (const auto& name : spec.cap_add) command.flag("--cap-add", name);
  bool seccomp_on_stdin = false;
  for (const auto& option : spec.security_opt) {
    if (is_inline_seccomp(option) && !seccomp_on_stdin) {
      seccomp_on_stdin = true;
      command.flag("--security-opt", "seccomp=/dev/stdin");
    } else {
      command.flag("--security-opt", option);
    }
  }
  if (spec.read_only) command.flag("--read-only");
  if (spec.init) command.flag(*spec.init ? "--init" : "--init=false");
  if (!spec.pid_mode.empty()) command.flag("--pid", spec.pid_mode);
  if (render_ipc(spec.ipc_mode)) command.flag("--ipc", spec.ipc_mode);
  if (!spec.uts_mode.empty()) command.flag("--uts", spec.uts_mode);
  if (!spec.userns_mode.empty()) command.flag("--userns", spec.userns_mode);
  if (render_cgroupns(spec.cgroupns_mode)) command.flag("--cgroupns", spec.cgroupns_mode);
  if (!spec.cgroup_parent.empty()) command.flag("--cgroup-parent", spec.cgroup_parent);
  if (render_runtime(spec.runtime)) command.flag("--runtime", spec.runtime);
  if (spec.memory != 0) command.flag("--memory", std::to_string(spec.memory));
  if (spec.memory_swap != 0) command.flag("--memory-swap", std::to_string(spec.memory_swap));
  if (spec.memory_reservation != 0) {
    command.flag("--memory-reservation", std::to_string(spec.memory_reservation));
  }
  if (spec.nano_cpus != 0) command.flag("--cpus", cpus_text(spec.nano_cpus));
  if (spec.cpu_shares != 0) command.flag("--cpu-shares", std::to_string(spec.cpu_shares));
  if (spec.cpu_quota != 0) command.flag("--cpu-quota", std::to_string(spec.cpu_quota));
  if (spec.cpu_period != 0) command.flag("--cpu-period", std::to_string(spec.cpu_period));
  if (!spec.cpuset_cpus.empty()) command.flag("--cpuset-cpus", spec.cpuset_cpus);
  if (spec.pids_limit && *spec.pids_limit > 0) {
    command.flag("--pids-limit", std::to_string(*spec.pids_limit));
  }
  if (render_shm(spec.shm_size)) command.flag("--shm-size", std::to_string(spec.shm_size));
  for (const auto& device : spec.devices) {
    command.flag("--device",
                 device.path_on_host + ":" + device.path_in_container + ":" + device.permissions);
  }
  for (const auto& rule : spec.device_cgroup_rules) command.flag("--device-cgroup-rule", rule);
  for (const auto& limit : spec.ulimits) {
    command.flag("--ulimit",
                 limit.name + "=" + std::to_string(limit.soft) + ":" + std::to_string(limit.hard));
  }
  if (render_log_driver(spec)) command.flag("--log-driver", spec.log_driver);
  for (const auto& [key, value] : spec.log_options) command.flag("--log-opt", key + "=" + value);
  for (const auto& [key, value] : spec.sysctls) command.flag("--sysctl", key + "=" + value);
  for (const auto& group : spec.group_add) command.flag("--group-add", group);
  for (const auto& server : spec.dns) command.flag("--dns", server);
  for (const auto& domain : spec.dns_search) command.flag("--dns-search", domain);
  for (const auto& option : spec.dns_options) command.flag("--dns-option", option);
  for (const auto& entry : spec.extra_hosts) command.flag("--add-host", entry);
  // The CLI always sends OomKillDisable=false, so only true is the user's.
  if (spec.oom_kill_disable.value_or(false)) command.flag("--oom-kill-disable");
  if (spec.oom_score_adj != 0) command.flag("--oom-score-adj", std::to_string(spec.oom_score_adj));

  if (spec.healthcheck) {
    const auto& health = *spec.healthcheck;
    if (!health.test.empty() && health.test[0] == "NONE") {
      command.flag("--no-healthcheck");
    } else {
      if (health.test.size() >= 2 && health.test[0] == "CMD-SHELL") {
        command.flag("--health-cmd", health.test[1]);
      } else if (health.test.size() >= 2 && health.test[0] == "CMD") {
        // No flag takes the exec form: the same argv, run by the shell instead.
        std::vector<std::string> quoted;
        for (size_t index = 1; index < health.test.size(); ++index) {
          quoted.push_back(shell_quote(health.test[index]));
        }
        command.flag("--health-cmd", join(quoted, " "));
      }
      if (health.interval_ns != 0) {
        command.flag("--health-interval", duration_text(health.interval_ns));
      }
      if (health.timeout_ns != 0) {
        command.flag("--health-timeout", duration_text(health.timeout_ns));
      }
      if (health.start_period_ns != 0) {
        command.flag("--health-start-period", duration_text(health.start_period_ns));
      }
      if (health.retries != 0) command.flag("--health-retries", std::to_string(health.retries));
    }
  }
  if (spec.tty) command.flag("-t");
  if (spec.interactive) command.flag("-i");
  if (!spec.stop_signal.empty()) command.flag("--stop-signal", spec.stop_signal);
  if (spec.stop_timeout) command.flag("--stop-timeout", std::to_string(*spec.stop_timeout));

  // --entrypoint takes one word: the rest of a longer entrypoint goes before CMD.
  std::vector<std::string> tail = {spec.image};
  if (spec.entrypoint) {
    command.flag("--entrypoint",
                 spec.entrypoint->empty() ? std::string() : spec.entrypoint->front());
    if (spec.entrypoint->size() > 1) {
      tail.insert(tail.end(), spec.entrypoint->begin() + 1, spec.entrypoint->end());
    }
  }
  tail.insert(tail.end(), spec.cmd.begin(), spec.cmd.end());
  command.words(tail);

  std::string text = command.text(options.multiline);
  if (seccomp_on_stdin) text += std::string(" <<'") + kSeccompHeredoc + "'";
  if (connects) {
    for (size_t index = 1; index < spec.networks.size(); ++index) {
      const auto& attachment = spec.networks[index];
      CommandBuilder connect;
      connect.words({"docker", "network", "connect"});
      for (const auto& alias : attachment.aliases) connect.flag("--alias", alias);
      if (!attachment.ipv4_address.empty()) connect.flag("--ip", attachment.ipv4_address);
      if (!attachment.ipv6_address.empty()) connect.flag("--ip6", attachment.ipv6_address);
      connect.words({attachment.network, spec.name});
      text += options.multiline ? " &&\n" : " && ";
      text += connect.text(false);
    }
  }
  if (seccomp_on_stdin) {
    for (const auto& option : spec.security_opt) {
      if (is_inline_seccomp(option)) {
        text += "\n" + option.substr(8) + "\n" + kSeccompHeredoc;
        break;
      }
    }
  }
  return text;
}

json create_body(const RunSpec& spec) {
  json body = json::object();
  body["Image"] = spec.image;
  if (spec.entrypoint) body["Entrypoint"] = string_array(*spec.entrypoint);
  if (!spec.cmd.empty()) body["Cmd"] = string_array(spec.cmd);
  body["Env"] = string_array(spec.env);
  body["User"] = spec.user;
  body["WorkingDir"] = spec.working_dir;
  if (!spec.hostname.empty()) body["Hostname"] = spec.hostname;
  body["Domainname"] = spec.domainname;
  body["Labels"] = string_object(spec.labels);
  body["ExposedPorts"] = set_object(exposed_ports(spec));
  if (spec.healthcheck) body["Healthcheck"] = health_json(*spec.healthcheck);
  body["Tty"] = spec.tty;
  body["OpenStdin"] = spec.interactive;
  if (!spec.stop_signal.empty()) body["StopSignal"] = spec.stop_signal;
  if (spec.stop_timeout) body["StopTimeout"] = *spec.stop_timeout;

  json host = json::object();
  json binds = json::array();
  json mounts = json::array();
  json tmpfs = json::object();
  json volumes = json::object();
  for (const auto& mount : spec.mounts) {
    if (uses_tmpfs_flag(mount)) {
      tmpfs[mount.target] = mount.tmpfs_options;
    } else if (is_fresh_anonymous(mount)) {
      volumes[mount.target] = json::object();
    } else if (uses_binds(mount)) {
      binds.push_back(binds_entry(mount));
    } else {
      mounts.push_back(api_mount_json(mount));
    }
  }
  if (!volumes.empty()) body["Volumes"] = volumes;
  if (!binds.empty()) host["Binds"] = binds;
  if (!mounts.empty()) host["Mounts"] = mounts;
  if (!tmpfs.empty()) host["Tmpfs"] = tmpfs;
  host["PortBindings"] = port_bindings_json(spec);
  host["PublishAllPorts"] = spec.publish_all;
  host["NetworkMode"] = is_default_bridge_mode(spec.network_mode) ? "bridge" : spec.network_mode;
  host["RestartPolicy"] = {{"Name", render_restart(spec) ? spec.restart_policy : "no"},
                           {"MaximumRetryCount", spec.restart_max_retries}};
  host["AutoRemove"] = spec.auto_remove;
  host["Privileged"] = spec.privileged;
  if (!spec.cap_add.empty()) host["CapAdd"] = string_array(spec.cap_add);
  if (!spec.cap_drop.empty()) host["CapDrop"] = string_array(spec.cap_drop);
  if (!spec.security_opt.empty()) host["SecurityOpt"] = string_array(spec.security_opt);
  host["ReadonlyRootfs"] = spec.read_only;
  if (spec.init) host["Init"] = *spec.init;
  host["PidMode"] = spec.pid_mode;
  if (render_ipc(spec.ipc_mode)) host["IpcMode"] = spec.ipc_mode;
  host["UTSMode"] = spec.uts_mode;
  host["UsernsMode"] = spec.userns_mode;
  if (render_cgroupns(spec.cgroupns_mode)) host["CgroupnsMode"] = spec.cgroupns_mode;
  host["CgroupParent"] = spec.cgroup_parent;
  if (render_runtime(spec.runtime)) host["Runtime"] = spec.runtime;
  host["Memory"] = spec.memory;
  host["MemorySwap"] = spec.memory_swap;
  host["MemoryReservation"] = spec.memory_reservation;
  host["NanoCpus"] = spec.nano_cpus;
  host["CpuShares"] = spec.cpu_shares;
  host["CpuQuota"] = spec.cpu_quota;
  host["CpuPeriod"] = spec.cpu_period;
  host["CpusetCpus"] = spec.cpuset_cpus;
  if (spec.pids_limit && *spec.pids_limit > 0) host["PidsLimit"] = *spec.pids_limit;
  if (render_shm(spec.shm_size)) host["ShmSize"] = spec.shm_size;
  json devices = json::array();
  for (const auto& device : spec.devices) {
    devices.push_back({{"PathOnHost", device.path_on_host},
                       {"PathInContainer", device.path_in_container},
                       {"CgroupPermissions", device.permissions}});
  }
  host["Devices"] = devices;
  if (!spec.device_cgroup_rules.empty()) {
    host["DeviceCgroupRules"] = string_array(spec.device_cgroup_rules);
  }
  json ulimits = json::array();
  for (const auto& limit : spec.ulimits) {
    ulimits.push_back({{"Name", limit.name}, {"Soft", limit.soft}, {"Hard", limit.hard}});
  }
  if (!ulimits.empty()) host["Ulimits"] = ulimits;
  if (render_log_driver(spec)) {
    host["LogConfig"] = {{"Type", spec.log_driver}, {"Config", string_object(spec.log_options)}};
  }
  if (!spec.sysctls.empty()) host["Sysctls"] = string_object(spec.sysctls);
  if (!spec.group_add.empty()) host["GroupAdd"] = string_array(spec.group_add);
  host["Dns"] = string_array(spec.dns);
  host["DnsSearch"] = string_array(spec.dns_search);
  host["DnsOptions"] = string_array(spec.dns_options);
  if (!spec.extra_hosts.empty()) host["ExtraHosts"] = string_array(spec.extra_hosts);
  host["OomKillDisable"] = spec.oom_kill_disable.value_or(false);
  host["OomScoreAdj"] = spec.oom_score_adj;
  body["HostConfig"] = host;

  json endpoints = json::object();
  if (connects_networks(spec) && !spec.networks.empty()) {
    endpoints[spec.networks[0].network] = endpoint_json(spec.networks[0]);
  }
  body["NetworkingConfig"] = {{"EndpointsConfig", endpoints}};
  return body;
}

json simulated_inspect(const RunSpec& spec, const std::string& id) {
  json body = create_body(spec);
  json host = body["HostConfig"];
  json config = body;
  config.erase("HostConfig");
  config.erase("NetworkingConfig");
  if (spec.hostname.empty()) config["Hostname"] = id.substr(0, kShortIdLength);
  if (!spec.entrypoint) config["Entrypoint"] = nullptr;

  // Engine defaults filled at create time, as inspect shows them.
  if (!host.contains("IpcMode"))
    host["IpcMode"] = spec.ipc_mode.empty() ? "private" : spec.ipc_mode;
  if (!host.contains("CgroupnsMode")) {
    host["CgroupnsMode"] = spec.cgroupns_mode.empty() ? "private" : spec.cgroupns_mode;
  }
  if (!host.contains("Runtime")) host["Runtime"] = spec.runtime.empty() ? "runc" : spec.runtime;
  if (!host.contains("ShmSize"))
    host["ShmSize"] = spec.shm_size > 0 ? spec.shm_size : kDefaultShmSize;
  if (!host.contains("LogConfig")) {
    host["LogConfig"] = {{"Type", spec.log_driver.empty() ? "json-file" : spec.log_driver},
                         {"Config", string_object(spec.log_options)}};
  }
  if (!host.contains("PidsLimit")) host["PidsLimit"] = nullptr;
  // The daemon doubles the memory as the swap limit when only --memory is given.
  if (spec.memory > 0 && spec.memory_swap == 0) host["MemorySwap"] = spec.memory * 2;
  // The daemon stores capabilities with the CAP_ prefix.
  for (const char* key : {"CapAdd", "CapDrop"}) {
    if (!host.contains(key)) continue;
    for (auto& name : host[key]) {
      if (name != "ALL") name = "CAP_" + name.get<std::string>();
    }
  }

  json inspect = {{"Id", id},
                  {"Name", "/" + spec.name},
                  {"Image", spec.image_id},
                  {"Config", config},
                  {"HostConfig", host},
                  {"State", {{"Status", "running"}, {"Running", true}}}};

  // AppArmor: the engine's docker-default unless an option names a profile or the container is
  // privileged (unconfined).
  std::string apparmor = spec.privileged ? "unconfined" : "docker-default";
  for (const auto& option : spec.security_opt) {
    if (option.rfind("apparmor=", 0) == 0) apparmor = option.substr(9);
  }
  inspect["AppArmorProfile"] = apparmor;

  // Effective mounts: --tmpfs mounts are not listed, --mount tmpfs ones are.
  json mounts = json::array();
  for (const auto& mount : spec.mounts) {
    if (uses_tmpfs_flag(mount)) continue;
    json entry = {{"Type", mount.type}, {"Destination", mount.target}, {"RW", !mount.read_only}};
    // Binds show their options; a named volume also gets the engine's SELinux default "z".
    entry["Mode"] = uses_binds(mount) && mount.type == "bind"              ? bind_options(mount)
                    : mount.type == "volume" && !is_fresh_anonymous(mount) ? "z"
                                                                           : "";
    if (mount.type == "bind") {
      entry["Source"] = mount.source;
      entry["Propagation"] = mount.propagation.empty() ? "rprivate" : mount.propagation;
    } else if (mount.type == "volume") {
      const std::string name = mount.source.empty() ? id + "-" + mount.target : mount.source;
      entry["Name"] = name;
      entry["Source"] = "/var/lib/docker/volumes/" + name + "/_data";
      entry["Driver"] = "local";
      entry["Propagation"] = "";
    } else {
      entry["Source"] = "";
      entry["Propagation"] = "";
    }
    mounts.push_back(entry);
  }
  inspect["Mounts"] = mounts;

  // NetworkSettings: bound ports (the engine binds "" to 0.0.0.0), exposed ones unbound.
  json ports = json::object();
  json networks = json::object();
  if (connects_networks(spec)) {
    for (const auto& port : exposed_ports(spec)) ports[port] = nullptr;
    for (const auto& publish : spec.publish) {
      auto& bound = ports[port_key(publish.container_port, publish.protocol)];
      if (bound.is_null()) bound = json::array();
      bound.push_back({{"HostIp", publish.host_ip.empty() ? "0.0.0.0" : publish.host_ip},
                       {"HostPort", publish.host_port}});
    }
    if (spec.publish_all) {
      for (auto& [port, bound] : ports.items()) {
        if (bound.is_null()) bound = json::array({{{"HostIp", "0.0.0.0"}, {"HostPort", ""}}});
      }
    }
    std::vector<NetworkAttachment> attachments = spec.networks;
    if (attachments.empty()) {
      attachments.push_back(
          {is_default_bridge_mode(spec.network_mode) ? "bridge" : spec.network_mode, {}, "", ""});
    }
    for (const auto& attachment : attachments) {
      json endpoint = endpoint_json(attachment);
      endpoint["IPAddress"] = attachment.ipv4_address;
      networks[attachment.network] = endpoint;
    }
  } else if (spec.network_mode == "host" || spec.network_mode == "none") {
    networks[spec.network_mode] = json::object();
  }
  inspect["NetworkSettings"] = {{"Ports", ports}, {"Networks", networks}};
  return inspect;
}

}  // namespace hardock::harden
