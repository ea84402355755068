// Active probes used by the exposure reader: the engine API over HTTP/HTTPS
// and registries over TLS. Internal; every probe only connects to the address
// it is given and records failures instead of returning them.
#pragma once

#include <optional>
#include <string>

#include "hardock/host/exposure.h"
#include "hardock/host/read_context.h"

namespace hardock::host {

// "host:port" split; IPv6 in brackets. nullopt when the port is not a number.
struct HostPort {
  std::string host;  // without brackets
  int port = 0;
  [[nodiscard]] std::string to_string() const;  // "[::1]:2375" / "127.0.0.1:2375"
};
[[nodiscard]] std::optional<HostPort> parse_host_port(const std::string& text, int default_port);

// "tcp://0.0.0.0:2375" -> 127.0.0.1:2375 (a wildcard bind is reached on
// loopback); "unix://..." and "fd://" -> nullopt.
[[nodiscard]] std::optional<HostPort> api_probe_address(const std::string& docker_host);

// GET /_ping then /version, plain HTTP first, then TLS without a client
// certificate (server certificate not verified: the question is whether the
// engine demands ours).
[[nodiscard]] ApiProbe probe_api(const HostPort& address, std::string source, long timeout_ms);

// "https://reg.example/v1/" -> reg.example:443; "reg:5000" -> reg:5000.
[[nodiscard]] std::optional<HostPort> registry_address(const std::string& configured);

// TLS handshake with `registry` (verified against the system CAs and
// <root>/etc/docker/certs.d/<registry>/ca.crt); when no TLS, GET /v2/ over HTTP.
[[nodiscard]] RegistryProbe probe_registry(const std::string& registry, std::string source,
                                           const ReadContext& context);

}  // namespace hardock::host
