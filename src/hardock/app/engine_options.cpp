#include "hardock/app/engine_options.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hardock/docker/collector.h"
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

core::Result<Collected> collect_from_engine(const EngineFlags& flags) {
  docker::EndpointOptions options;
  options.host = flags.host;
  if (flags.tls) options.tls = true;
  if (flags.tls_verify) options.tls_verify = true;
  options.ca = flags.tls_ca;
  options.cert = flags.tls_cert;
  options.key = flags.tls_key;
  options.timeout_ms = static_cast<long>(flags.timeout_seconds * 1000);
  options.parallelism = flags.parallelism;
  auto endpoint = docker::resolve_endpoint(options);
  if (!endpoint) return core::fail(endpoint.error());
  auto client = docker::EngineClient::connect(*endpoint);
  if (!client) return core::fail(client.error());
  auto document = docker::collect_snapshot_document(*client, docker::CollectOptions{});
  if (!document) return core::fail(document.error());
  auto snapshot = docker::decode_snapshot(*document);
  if (!snapshot) return core::fail(snapshot.error());
  return Collected{std::move(*document), std::move(*snapshot)};
}

core::Result<Collected> read_snapshot_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::fail(core::ErrorCode::kNotFound, "cannot open snapshot " + path);
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& error) {
    return core::fail(core::ErrorCode::kMalformedInput,
                      path + ": invalid JSON at byte " + std::to_string(error.byte));
  }
  auto snapshot = docker::decode_snapshot(document);
  if (!snapshot) return core::fail(snapshot.error().with_context(path));
  return Collected{std::move(document), std::move(*snapshot)};
}

}  // namespace hardock::app
