#include "hardock/app/engine_options.h"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "hardock/docker/context.h"
#include "hardock/docker/endpoint.h"
#include "hardock/docker/engine_client.h"

namespace hardock::app {

void add_engine_flags(CLI::App& command, EngineFlags& flags) {
  command.add_option("-H,--host", flags.host,
                     "Engine to audit: unix:///path or tcp://host:port (default $DOCKER_HOST, "
                     "else unix:///var/run/docker.sock)");
  command.add_flag("--tls", flags.tls, "Use TLS; implied by --tlsverify (as docker)");
  command.add_flag("--tlsverify", flags.tls_verify, "Use TLS and verify the engine (as docker)");
  command.add_option("--tlscacert", flags.tls_ca, "Trust certs signed only by this CA");
  command.add_option("--tlscert", flags.tls_cert, "TLS client certificate");
  command.add_option("--tlskey", flags.tls_key, "TLS client key");
  command.add_option("--timeout", flags.timeout_seconds, "Seconds before a request gives up")
      ->capture_default_str();
  command.add_option("--parallel", flags.parallelism, "Requests in flight at once")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
}

void add_host_flags(CLI::App& command, HostFlags& flags) {
  command.add_option("--host-root", flags.host_root,
                     "Audit the host filesystem mounted at DIR (no engine needed unless --host "
                     "is also given)");
  command.add_option("--config-file", flags.daemon_config_file,
                     "dockerd's daemon.json (default /etc/docker/daemon.json)");
  command.add_option("--docker-config", flags.docker_config_dir,
                     "Docker client config directory to audit (default ~/.docker)");
  command.add_flag("--no-probe", flags.no_probe,
                   "Do not connect to TCP API endpoints or registries");
  command.add_flag("--no-host", flags.no_host, "Audit the engine only, not the host");
  command
      .add_option("--trusted-docker-users", flags.trusted_docker_users,
                  "Users expected in the docker group")
      ->delimiter(',');
}

void add_policy_flags(CLI::App& command, PolicyFlags& flags) {
  command.add_option("--config", flags.config_path, "Audit policy file (JSON)");
  command.add_option("--sensitivity-label", flags.sensitivity_label,
                     "Label key holding a container's or network's sensitivity level "
                     "(default hardock.sensitivity)");
  command
      .add_option("--sensitivity-levels", flags.sensitivity_levels,
                  "Sensitivity levels, lowest first (default public,internal,restricted)")
      ->delimiter(',');
}

core::Result<audit::AuditConfig> load_policy(const PolicyFlags& flags) {
  audit::AuditConfig config;
  if (!flags.config_path.empty()) {
    auto loaded = audit::load_audit_config(flags.config_path);
    if (!loaded) return core::fail(loaded.error());
    config = std::move(*loaded);
  }
  if (!flags.sensitivity_label.empty()) config.sensitivity_label = flags.sensitivity_label;
  if (!flags.sensitivity_levels.empty()) config.sensitivity_levels = flags.sensitivity_levels;
  return config;
}

core::Result<docker::EngineClient> connect_engine(const EngineFlags& flags) {
  auto endpoint = resolve_engine(flags);
  if (!endpoint) return core::fail(endpoint.error());
  return docker::EngineClient::connect(*endpoint);
}

core::Result<docker::Endpoint> resolve_engine(const EngineFlags& flags) {
  docker::EndpointOptions options;
  options.host = flags.host;
  if (flags.tls) options.tls = true;
  if (flags.tls_verify) options.tls_verify = true;
  options.ca = flags.tls_ca;
  options.cert = flags.tls_cert;
  options.key = flags.tls_key;
  options.timeout_ms = static_cast<long>(flags.timeout_seconds * 1000);
  options.parallelism = flags.parallelism;
  // Like the docker CLI: without --host or DOCKER_HOST, the current docker context's engine.
  if (options.host.empty() && std::getenv("DOCKER_HOST") == nullptr) {
    auto context = docker::current_context();
    if (!context) return core::fail(context.error());
    if (*context) {
      options.host = (*context)->host;
      if (!(*context)->ca.empty() && options.ca.empty()) {
        options.tls = true;
        if (!options.tls_verify) options.tls_verify = !(*context)->skip_tls_verify;
        options.ca = (*context)->ca;
        options.cert = (*context)->cert;
        options.key = (*context)->key;
      }
    }
  }
  return docker::resolve_endpoint(options);
}

image::EngineImageSource engine_image_source(const docker::EngineClient& client) {
  const docker::Endpoint& endpoint = client.endpoint();
  image::EngineImageSource engine;
  engine.base_url = endpoint.base_url;
  engine.api_version = client.api_version();
  engine.transport.unix_socket = endpoint.socket_path;
  engine.transport.verify_peer = endpoint.tls_verify;
  engine.transport.ca_file = endpoint.ca;
  engine.transport.client_cert = endpoint.cert;
  engine.transport.client_key = endpoint.key;
  engine.transport.connect_timeout_ms = endpoint.connect_timeout_ms;
  // The engine may think a while before a large export starts: never less than a minute.
  engine.transport.stall_timeout_seconds = std::max(60L, endpoint.timeout_ms / 1000);
  return engine;
}

core::Result<Collected> collect_sources(const EngineFlags& engine, const HostFlags& host,
                                        bool keep_document) {
  // --host-root alone reads no engine; an engine named too (-H, DOCKER_HOST) is read beside it.
  const bool engine_named = !engine.host.empty() || std::getenv("DOCKER_HOST") != nullptr;
  std::optional<docker::EngineClient> client;
  if (host.host_root.empty() || engine_named) {
    auto connected = connect_engine(engine);
    if (!connected) return core::fail(connected.error());
    client.emplace(std::move(*connected));
  }
  return collect::collect_sources(client ? &*client : nullptr, host, keep_document);
}

}  // namespace hardock::app
