// simulated_inspect: what the engine would show for a spec, so the audit can judge a plan.
#include "hardock/harden/run_spec.h"
#include "hardock/harden/run_spec_rules.h"

namespace hardock::harden {

using nlohmann::json;
using namespace rules;  // NOLINT(google-build-using-namespace): the shared decisions

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
