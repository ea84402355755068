// Published ports as the network checks see them.
//
// A running container's effective bindings are NetworkSettings.Ports; a
// stopped container has none there, so its requested HostConfig.PortBindings
// stand in (they become effective on the next start).
#pragma once

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/docker/snapshot.h"

// Helpers live in their own namespace so that other areas' helpers cannot clash.
namespace hardock::audit::checks::network {

struct PublishedPorts {
  std::string_view field;  // where the bindings were read, for evidence
  const std::vector<docker::PortMapping>* mappings = nullptr;
};

inline bool has_bindings(const std::vector<docker::PortMapping>& mappings) {
  for (const auto& mapping : mappings) {
    if (!mapping.bindings.empty()) return true;
  }
  return false;
}

inline PublishedPorts published_ports(const docker::Container& container) {
  if (container.running || has_bindings(container.ports)) {
    return {"NetworkSettings.Ports", &container.ports};
  }
  return {"HostConfig.PortBindings", &container.port_bindings};
}

// First port of a HostPort value ("8080", "8000-8010"); nullopt for "" or "0",
// which ask Docker for a random ephemeral port.
inline std::optional<int> host_port_number(std::string_view host_port) {
  int number = 0;
  const char* end = host_port.data() + host_port.size();
  auto [stop, error] = std::from_chars(host_port.data(), end, number);
  if (error != std::errc() || stop == host_port.data() || number <= 0) return std::nullopt;
  return number;
}

// "0.0.0.0:80", "[::]:80", ":80" (every interface, Docker's empty HostIp).
inline std::string binding_text(const docker::PortBinding& binding) {
  std::string host = binding.host_ip.find(':') != std::string::npos ? "[" + binding.host_ip + "]"
                                                                    : binding.host_ip;
  return host + ":" + (binding.host_port.empty() ? "<random>" : binding.host_port);
}

inline bool binds_all_interfaces(const docker::PortBinding& binding) {
  return binding.host_ip.empty() || binding.host_ip == "0.0.0.0" || binding.host_ip == "::";
}

// Joins texts with ", " for evidence lines.
inline std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += ", ";
    out += part;
  }
  return out;
}

}  // namespace hardock::audit::checks::network
