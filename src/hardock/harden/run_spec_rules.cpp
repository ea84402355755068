// The decisions the RunSpec renderings share (run_spec_rules.h).
#include "hardock/harden/run_spec_rules.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "hardock/harden/text.h"

namespace hardock::harden::rules {

using nlohmann::json;

bool is_propagation(const std::string& word) {
  static const std::set<std::string> kModes = {"private", "rprivate", "shared",
                                               "rshared", "slave",    "rslave"};
  return kModes.contains(word);
}

// Digits as a number; 0 when there are none or too many.
int64_t parse_number(std::string_view digits, int base) {
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

bool joins_other_namespace(const std::string& mode) {
  return mode == "host" || mode.rfind("container:", 0) == 0;
}

bool is_default_bridge_mode(const std::string& mode) {
  return mode.empty() || mode == "default" || mode == "bridge";
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
  for (auto& part : parts) part = csv_field(part);
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

}  // namespace hardock::harden::rules
