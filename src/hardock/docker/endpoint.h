// Where the Docker engine is and how to reach it, resolved like the docker CLI.
//
// Host: the --host flag, else DOCKER_HOST, else unix:///var/run/docker.sock.
// Schemes: unix://PATH, tcp://HOST[:PORT] (http when TLS is off, https when on),
// http://HOST[:PORT], https://HOST[:PORT]. A missing port is 2375 without TLS and
// 2376 with it, as dockerd documents.
//
// TLS (tcp only), as the docker CLI: --tlsverify or a non-empty DOCKER_TLS_VERIFY
// turn on TLS with peer verification; --tls, DOCKER_TLS or an https:// host turn
// on TLS without it. Certificates come from --tlscacert/--tlscert/--tlskey,
// else from DOCKER_CERT_PATH (else ~/.docker) as ca.pem, cert.pem and key.pem.
// A file named explicitly must exist; a default one is used only if it exists.
// Without a CA file, verification uses the system trust store.
//
// Memory caps (the engine is not trusted to answer reasonably): one answer body may hold at
// most max_body_bytes, and the bodies of parallel transfers at most max_total_bytes together
// (see HttpClient). Set with HARDOCK_MAX_BODY_MB and HARDOCK_MAX_TOTAL_MB when the options
// leave them unset.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "hardock/core/result.h"

namespace hardock::docker {

inline constexpr std::string_view kDefaultHost = "unix:///var/run/docker.sock";

// An inspect is a few KiB and the container list of a 10,000-container engine ~15 MiB.
inline constexpr size_t kDefaultMaxBodyBytes = size_t{64} << 20;
inline constexpr size_t kDefaultMaxTotalBytes = size_t{256} << 20;

// "64 MiB" for whole mebibytes, else "1000 bytes": how caps are named in messages.
[[nodiscard]] std::string cap_text(size_t bytes);

// What the user asked for (CLI flags); empty/unset means "not given".
struct EndpointOptions {
  std::string host;                  // --host / -H
  std::optional<bool> tls;           // --tls
  std::optional<bool> tls_verify;    // --tlsverify
  std::string ca;                    // --tlscacert
  std::string cert;                  // --tlscert
  std::string key;                   // --tlskey
  long timeout_ms = 30'000;          // whole request, connect included
  long connect_timeout_ms = 10'000;  // capped at timeout_ms
  int parallelism = 8;               // transfers in flight at most (>= 1)
  size_t max_body_bytes = 0;         // 0: $HARDOCK_MAX_BODY_MB, else kDefaultMaxBodyBytes
  size_t max_total_bytes = 0;        // 0: $HARDOCK_MAX_TOTAL_MB, else kDefaultMaxTotalBytes
};

enum class Transport { kUnix, kTcp };

// A resolved, validated endpoint.
struct Endpoint {
  Transport transport = Transport::kUnix;
  std::string url;  // canonical, for messages and snapshots: "unix:///x.sock", "tcp://h:2376"
  std::string socket_path;  // kUnix only
  std::string base_url;     // what libcurl is given: "http://localhost", "https://h:2376"
  bool tls = false;
  bool tls_verify = false;
  std::string ca;    // empty: system trust store
  std::string cert;  // empty: no client certificate
  std::string key;
  long timeout_ms = 30'000;
  long connect_timeout_ms = 10'000;
  int parallelism = 8;
  size_t max_body_bytes = kDefaultMaxBodyBytes;    // one answer body
  size_t max_total_bytes = kDefaultMaxTotalBytes;  // bodies of parallel transfers together

  // Local means the engine shares this host (and maybe its /proc).
  [[nodiscard]] bool is_local() const { return transport == Transport::kUnix; }
};

// Returns the value of an environment variable, or nullopt when unset.
using EnvGetter = std::function<std::optional<std::string>(const std::string& name)>;

// The real process environment (getenv).
[[nodiscard]] std::optional<std::string> process_env(const std::string& name);

// Fails with kInvalidArgument for an unknown scheme, a malformed address or a bad
// timeout/parallelism/memory cap (a total below the per-body cap included), and kNotFound for an
// explicitly named TLS file that is absent.
[[nodiscard]] core::Result<Endpoint> resolve_endpoint(const EndpointOptions& options,
                                                      const EnvGetter& env = process_env);

}  // namespace hardock::docker
