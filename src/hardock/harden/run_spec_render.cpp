// render_docker_run and create_body: the two renderings that create a container, kept to the
// same omissions (run_spec_rules.h) so what a user reviews is what --apply posts.
#include <algorithm>
#include <string_view>

#include "hardock/harden/run_spec.h"
#include "hardock/harden/run_spec_rules.h"
#include "hardock/harden/text.h"
#include "hardock/io/json_guard.h"

namespace hardock::harden {
namespace {

using nlohmann::json;
using namespace rules;  // NOLINT(google-build-using-namespace): the shared decisions

constexpr const char* kSeccompHeredoc = "HARDOCK_SECCOMP";

// The profile as the one line of the here-document: re-serialised compactly, so no line of it
// can equal the delimiter and end the here-document early (what follows would run as
// commands). Text that is not JSON is refused before rendering (unrepresentable_field); here it
// is only kept on one line.
std::string heredoc_line(const std::string& profile) {
  // One line, keys in the profile's own order: the engine keeps the text as given, so the copy's
  // inspect matches the original's.
  const auto parsed = io::json_nesting_error(profile).empty()
                          ? nlohmann::ordered_json::parse(profile, nullptr, false)
                          : nlohmann::ordered_json(nlohmann::ordered_json::value_t::discarded);
  if (!parsed.is_discarded()) {
    return parsed.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  }
  std::string line = profile;
  for (char& ch : line) {
    if (ch == '\n' || ch == '\r') ch = ' ';
  }
  return line;
}

class CommandBuilder {
 public:
  void flag(const std::string& name) { lines_.push_back(name); }
  void flag(const std::string& name, const std::string& value) {
    lines_.push_back(flag_text(name, value));
  }
  // A value that starts with '-' is glued with '=' so no parser mistakes it for a flag.
  static std::string flag_text(const std::string& name, const std::string& value) {
    if (!value.empty() && value.front() == '-') return name + "=" + shell_word(value);
    return name + " " + shell_word(value);
  }
  void line(std::string text) { lines_.push_back(std::move(text)); }
  void words(const std::vector<std::string>& words) {
    std::vector<std::string> quoted;
    for (const auto& word : words) quoted.push_back(shell_word(word));
    lines_.push_back(join(quoted, " "));
  }
  // Operands after the options. An operand that starts with '-' (an image or network name from
  // a hostile engine) would be read as an option: "--" ends the options first. `docker run`
  // stops reading options at its first operand (the image), other commands read them anywhere:
  // `all` checks every operand.
  void operands(const std::vector<std::string>& words, bool all = false) {
    const bool dash =
        std::any_of(words.begin(), all ? words.end() : words.begin() + (words.empty() ? 0 : 1),
                    [](const std::string& word) { return word.starts_with("-"); });
    if (dash) lines_.emplace_back("--");
    this->words(words);
  }
  [[nodiscard]] std::string text(bool multiline) const {
    return join(lines_, multiline ? " \\\n  " : " ");
  }

 private:
  std::vector<std::string> lines_;
};

}  // namespace

std::string render_docker_run(const RunSpec& spec, const RenderOptions& options) {
  CommandBuilder command;
  command.line("docker run -d " + CommandBuilder::flag_text("--name", spec.name));
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
          quoted.push_back(shell_word(health.test[index]));
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
  command.operands(tail);

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
      connect.operands({attachment.network, spec.name}, true);
      text += options.multiline ? " &&\n" : " && ";
      text += connect.text(false);
    }
  }
  if (seccomp_on_stdin) {
    for (const auto& option : spec.security_opt) {
      if (is_inline_seccomp(option)) {
        text += "\n" + heredoc_line(option.substr(8)) + "\n" + kSeccompHeredoc;
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

}  // namespace hardock::harden
