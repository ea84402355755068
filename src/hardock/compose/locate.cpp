// Which audit checks judge a Compose project, and where their findings come from in its files.
#include <algorithm>
#include <array>
#include <charconv>

#include "hardock/compose/project.h"

namespace hardock::compose {
namespace locate_impl {

// Every container and network check of the audit is listed here or in the exclusions below
// (compose_test checks that the two lists cover the registry's kContainer and kNetwork checks).
constexpr std::array<std::string_view, 31> kComposeChecks = {
    "HDK-C-003",  // capabilities: cap_add / cap_drop
    "HDK-C-004",  // privileged
    "HDK-C-005",  // sensitive host paths in bind volumes
    "HDK-C-007",  // memory limit: mem_limit, deploy.resources.limits.memory
    "HDK-C-008",  // CPU: cpus, cpu_shares, cpu_quota, deploy.resources.limits.cpus
    "HDK-C-009",  // read_only
    "HDK-C-010",  // restart
    "HDK-C-011",  // pid
    "HDK-C-012",  // ipc
    "HDK-C-013",  // devices
    "HDK-C-014",  // bind propagation
    "HDK-C-015",  // uts
    "HDK-C-016",  // security_opt seccomp=unconfined
    "HDK-C-018",  // cgroup_parent
    "HDK-C-019",  // security_opt no-new-privileges
    "HDK-C-021",  // pids_limit, deploy.resources.limits.pids
    "HDK-C-022",  // userns_mode
    "HDK-C-023",  // docker.sock in volumes
    "HDK-C-024",  // user (no user: the image decides; annotate() says so)
    "HDK-C-026",  // secrets in environment / env_file
    "HDK-N-001",  // ports below 1024
    "HDK-N-003",  // network_mode: host
    "HDK-N-004",  // ports on every interface
    "HDK-N-005",  // network_mode: bridge (the default bridge)
    "HDK-N-006",  // bridge networks without enable_icc=false in driver_opts
    "HDK-N-007",  // overlay networks without the encrypted driver option
    "HDK-N-008",  // networks mixing sensitivity levels
    "HDK-N-009",  // services bridging sensitivity zones
    "HDK-N-010",  // sensitive networks not internal
    "HDK-N-011",  // services without a sensitivity label
    "HDK-N-012",  // networks with an unknown sensitivity label
};

}  // namespace locate_impl

// The container and network checks left out, with the reason (see project.h).
extern const std::array<std::pair<std::string_view, std::string_view>, 6> kComposeExcludedChecks;
const std::array<std::pair<std::string_view, std::string_view>, 6> kComposeExcludedChecks = {{
    {"HDK-C-001", "AppArmor confinement depends on the engine's security options (/info)"},
    {"HDK-C-002", "SELinux labelling depends on the engine's security options (/info)"},
    {"HDK-C-006", "an SSH server is seen in running processes, which a file does not show"},
    {"HDK-C-017", "exec sessions exist only on a running engine"},
    {"HDK-C-020",
     "a service without healthcheck: inherits its image's HEALTHCHECK, which the files do not "
     "show"},
    {"HDK-N-002", "whether a published port is exposed is the image's EXPOSE, not in the files"},
}};

std::span<const std::string_view> compose_check_codes() { return locate_impl::kComposeChecks; }

namespace locate_impl {

Pos key_or(const Service& service, std::initializer_list<std::string_view> keys) {
  for (auto key : keys) {
    if (auto found = service.keys.find(std::string(key)); found != service.keys.end()) {
      return found->second;
    }
  }
  return service.pos;
}

// "Mounts[3]..." in the evidence: the volume item at that index.
std::optional<size_t> mount_index(std::string_view evidence) {
  constexpr std::string_view kMounts = "Mounts[";
  const size_t at = evidence.find(kMounts);
  if (at == std::string_view::npos) return std::nullopt;
  size_t index = 0;
  const char* begin = evidence.data() + at + kMounts.size();
  auto [stop, error] = std::from_chars(begin, evidence.data() + evidence.size(), index);
  if (error != std::errc() || stop == begin) return std::nullopt;
  return index;
}

int first_port(const std::string& text) {
  int number = -1;
  std::from_chars(text.data(), text.data() + text.size(), number);
  return number;
}

bool every_interface(const PortItem& port) {
  return port.host_ip.empty() || port.host_ip == "0.0.0.0" || port.host_ip == "::";
}

Pos locate_service(const ComposeProject& project, const Service& service,
                   const core::Finding& finding) {
  const std::string_view code = finding.check_code;
  const std::string& evidence = finding.evidence;
  auto item_matching = [&](const std::vector<Item>& items, auto predicate,
                           std::initializer_list<std::string_view> keys) {
    for (const auto& item : items) {
      if (predicate(item.value)) return item.pos;
    }
    return key_or(service, keys);
  };
  if (code == "HDK-C-003") {
    return item_matching(service.cap_add,
                         [&](const std::string& cap) {
                           std::string name = cap;
                           if (name.rfind("CAP_", 0) == 0) name.erase(0, 4);
                           return evidence.find("beyond Docker's default set") !=
                                      std::string::npos &&
                                  evidence.find(name, evidence.find("beyond")) != std::string::npos;
                         },
                         {"cap_drop", "cap_add"});
  }
  if (code == "HDK-C-004") return key_or(service, {"privileged"});
  if (code == "HDK-C-005" || code == "HDK-C-023" || code == "HDK-C-014") {
    if (auto index = mount_index(evidence); index && *index < service.volumes.size()) {
      return service.volumes[*index].pos;
    }
    return key_or(service, {"volumes"});
  }
  if (code == "HDK-C-007") return key_or(service, {"mem_limit", "deploy.resources.limits.memory"});
  if (code == "HDK-C-008") {
    return key_or(service, {"cpus", "cpu_shares", "cpu_quota", "deploy.resources.limits.cpus"});
  }
  if (code == "HDK-C-009") return key_or(service, {"read_only"});
  if (code == "HDK-C-010") return key_or(service, {"restart"});
  if (code == "HDK-C-011") return key_or(service, {"pid"});
  if (code == "HDK-C-012") return key_or(service, {"ipc"});
  if (code == "HDK-C-015") return key_or(service, {"uts"});
  if (code == "HDK-C-022") return key_or(service, {"userns_mode"});
  if (code == "HDK-C-013") {
    if (!service.devices.empty()) return service.devices.front().pos;
    return key_or(service, {"devices"});
  }
  if (code == "HDK-C-016") {
    return item_matching(service.security_opt,
                         [](const std::string& option) {
                           return option.rfind("seccomp", 0) == 0 &&
                                  option.find("unconfined") != std::string::npos;
                         },
                         {"security_opt"});
  }
  if (code == "HDK-C-018") return key_or(service, {"cgroup_parent"});
  if (code == "HDK-C-019") {
    return item_matching(
        service.security_opt,
        [](const std::string& option) { return option.rfind("no-new-privileges", 0) == 0; },
        {"security_opt"});
  }
  if (code == "HDK-C-021") return key_or(service, {"pids_limit", "deploy.resources.limits.pids"});
  if (code == "HDK-C-024") return key_or(service, {"user"});
  if (code == "HDK-C-026") {
    // The first variable the evidence names, in environment, else in an env_file.
    size_t best = std::string::npos;
    Pos where = key_or(service, {"environment", "env_file"});
    auto consider = [&](const std::map<std::string, Entry>& entries) {
      for (const auto& [key, entry] : entries) {
        const size_t at = evidence.find(key + "=");
        if (at != std::string::npos && at < best &&
            (at == 0 || evidence[at - 1] == ' ' || evidence[at - 1] == ',')) {
          best = at;
          where = entry.pos;
        }
      }
    };
    consider(service.environment);
    if (best == std::string::npos) consider(service.env_file_values);
    return where;
  }
  if (code == "HDK-N-001" || code == "HDK-N-004") {
    for (const auto& port : service.ports) {
      const bool fits = code == "HDK-N-001"
                            ? (first_port(port.published) > 0 && first_port(port.published) < 1024)
                            : every_interface(port);
      if (fits) return port.pos;
    }
    return key_or(service, {"ports"});
  }
  if (code == "HDK-N-003" || code == "HDK-N-005") return key_or(service, {"network_mode"});
  if (code == "HDK-N-009") return key_or(service, {"networks"});
  if (code == "HDK-N-011") return key_or(service, {"labels"});
  (void)project;
  return service.pos;
}

Pos locate_network(const ComposeProject& project, const Network& network,
                   const core::Finding& finding) {
  const std::string_view code = finding.check_code;
  auto key_or_network = [&](std::initializer_list<std::string_view> keys) {
    for (auto key : keys) {
      if (auto found = network.keys.find(std::string(key)); found != network.keys.end()) {
        return found->second;
      }
    }
    return network.pos;
  };
  if (!network.declared || network.pos.line == 0) {
    // The implicit default network: the first service on it.
    for (const auto& service : project.services) {
      if (service.network_mode.empty() && service.networks.empty()) return service.pos;
    }
  }
  if (code == "HDK-N-006") return key_or_network({"driver_opts", "driver"});
  if (code == "HDK-N-007") return key_or_network({"driver_opts", "driver"});
  if (code == "HDK-N-010") return key_or_network({"internal", "labels"});
  if (code == "HDK-N-012") {
    for (const auto& [key, entry] : network.labels) {
      if (finding.evidence.find("Labels." + key + "=") != std::string::npos) return entry.pos;
    }
    return key_or_network({"labels"});
  }
  return network.pos;
}

}  // namespace locate_impl

core::SourceLocation locate(const ComposeProject& project, const core::Finding& finding) {
  if (finding.target.kind == core::TargetKind::kContainer) {
    for (const auto& service : project.services) {
      if (project.container_name(service) == finding.target.name) {
        return project.location(locate_impl::locate_service(project, service, finding));
      }
    }
  } else if (finding.target.kind == core::TargetKind::kNetwork) {
    for (const auto& network : project.networks) {
      if (network.name == finding.target.name) {
        return project.location(locate_impl::locate_network(project, network, finding));
      }
    }
    if (finding.target.name == project.name + "_default") {
      Network implicit;
      implicit.declared = false;
      return project.location(locate_impl::locate_network(project, implicit, finding));
    }
  }
  return {};
}

void annotate(const ComposeProject& project, core::Finding& finding) {
  finding.location = locate(project, finding);
  if (finding.check_code != "HDK-C-024" || finding.target.kind != core::TargetKind::kContainer) {
    return;
  }
  for (const auto& service : project.services) {
    if (project.container_name(service) != finding.target.name) continue;
    if (!service.user) {
      finding.evidence = "services." + service.name +
                         " sets no user: the image's USER decides, and nothing in the project "
                         "says it is not root (Config.User=\"\")";
    } else {
      finding.evidence = "services." + service.name + ".user: \"" + *service.user +
                         "\" runs as root (Config.User=\"" + *service.user + "\")";
    }
  }
}

}  // namespace hardock::compose
