// Exposure: how the engine and its registries can be reached from outside.
//
// Two kinds of facts:
//   read from the root  client configs (~/.docker/config.json: registries,
//                       stored credentials), docker.sock / containerd.sock modes,
//                       containerd's TCP listener (config.toml)
//   probed (live only)  the engine API on loopback and configured addresses
//                       (GET /_ping and /version only, never another host),
//                       a TLS handshake with every configured registry,
//                       DOCKER_CONTENT_TRUST of this process's environment
// Secrets never enter this struct: a stored credential keeps only its user and
// a redacted password ("ab****"), so encode_exposure() cannot leak it.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/host/daemon_config.h"
#include "hardock/host/read_context.h"

namespace hardock::host {

// One engine API address that was probed.
struct ApiProbe {
  std::string address;    // "127.0.0.1:2375" as connected to
  std::string source;     // "default", "daemon -H", "DOCKER_HOST"
  bool answered = false;  // /_ping answered without a client certificate
  std::string scheme;     // "http" or "https": how it answered
  std::string version;    // engine version /version revealed, may be empty
  std::string detail;     // why it did not answer (refused, handshake failure)
};

// A unix socket and its mode.
struct SocketFile {
  std::string path;  // as under the root: "/run/docker.sock"
  std::string kind;  // "docker" or "containerd"
  bool present = false;
  unsigned mode = 0;  // permission bits (07777)
  std::string owner;  // "uid:gid"
  std::string error;  // could not look: stat failed for another reason than absence
};

// A TLS (and, failing that, plain HTTP) check of one registry.
struct RegistryProbe {
  std::string registry;        // "host:port" as configured
  std::string source;          // the client config that names it, or "explicit"
  bool reachable = false;      // TCP connect succeeded
  bool tls = false;            // TLS handshake completed
  std::string tls_version;     // "TLSv1.3"
  bool tls_below_1_2 = false;  // negotiated version older than TLS 1.2
  bool verified = false;       // chain verifies (system CAs + certs.d ca.crt)
  std::string verify_error;    // OpenSSL's reason when not verified
  bool hostname_matches = false;
  std::string ca_file;            // certs.d ca.crt used, relative to the root; may be empty
  std::optional<long> days_left;  // until the leaf certificate expires
  bool plain_http = false;        // answered GET /v2/ over plain HTTP
  std::string error;              // could not look: unreachable, timeout
};

// A credential found in a client config; the secret itself is never kept.
struct StoredCredential {
  std::string registry;
  std::string user;
  std::string redacted;    // "user:ab****"
  bool plaintext = false;  // base64 "auth" with no credsStore/credHelper for it
};

struct ClientConfig {
  std::string path;  // relative to the root: "/root/.docker/config.json"
  std::string creds_store;
  std::vector<std::string> registries;  // keys of "auths"
  std::vector<StoredCredential> credentials;
  std::string error;  // unreadable or malformed
};

struct Exposure {
  bool probed = false;        // the active probes ran
  std::string probe_skipped;  // why not ("--no-probe", "not the live host")
  std::vector<ApiProbe> api;
  std::vector<SocketFile> sockets;
  std::vector<std::string> containerd_tcp;  // tcp_address values from config.toml
  // containerd configs that exist but could not be read ("<path>: <reason>").
  std::vector<std::string> containerd_errors;
  std::vector<ClientConfig> client_configs;
  std::vector<RegistryProbe> registries;
  // DOCKER_CONTENT_TRUST of the live environment; nullopt when not read.
  std::optional<std::string> content_trust;
};

// What to probe beyond what exposure finds itself. The daemon-config reader
// supplies these (dockerd -H tcp://..., insecure-registries, registry-mirrors).
struct ExposureTargets {
  std::vector<std::string> tcp_hosts;   // "tcp://0.0.0.0:2376", "127.0.0.1:2375"
  std::vector<std::string> registries;  // "reg.local:5000", "https://mirror.example"
};

// Reads client configs and sockets under context.root and, when context.live
// && context.probe, probes targets plus 127.0.0.1:2375/2376, DOCKER_HOST and
// the registries of the client configs. What could not be looked at is
// recorded in the struct; fails only on an unusable root.
[[nodiscard]] core::Result<Exposure> probe_exposure(const ExposureTargets& targets,
                                                    const ReadContext& context);

// probe_exposure() with the targets the daemon configuration names (none yet).
[[nodiscard]] core::Result<Exposure> read_exposure(const ReadContext& context,
                                                   const DaemonConfig& daemon);
[[nodiscard]] core::Result<Exposure> decode_exposure(const nlohmann::json& document);
[[nodiscard]] nlohmann::json encode_exposure(const Exposure& value);

// "user:password" -> "user:pa****" (at most two characters of the secret).
[[nodiscard]] std::string redact_credential(const std::string& user_colon_password);

}  // namespace hardock::host
