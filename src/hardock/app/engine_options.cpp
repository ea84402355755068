#include "hardock/app/engine_options.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <future>
#include <optional>

#include "hardock/docker/collector.h"
#include "hardock/docker/context.h"
#include "hardock/docker/endpoint.h"
#include "hardock/docker/engine_client.h"
#include "hardock/io/bounded_read.h"

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
  auto endpoint = docker::resolve_endpoint(options);
  if (!endpoint) return core::fail(endpoint.error());
  return docker::EngineClient::connect(*endpoint);
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

namespace {

core::Result<Collected> collect_engine(docker::EngineClient& client, bool keep_document) {
  if (!keep_document) {
    // Decode while streaming: no JSON document beside the typed snapshot.
    auto snapshot = docker::collect_snapshot(client, docker::CollectOptions{});
    if (!snapshot) return core::fail(snapshot.error());
    return Collected{nlohmann::json(), std::move(*snapshot), true, std::nullopt, {}, {}};
  }
  auto document = docker::collect_snapshot_document(client, docker::CollectOptions{});
  if (!document) return core::fail(document.error());
  auto snapshot = docker::decode_snapshot(*document);
  if (!snapshot) return core::fail(snapshot.error());
  return Collected{std::move(*document), std::move(*snapshot), true, std::nullopt, {}, {}};
}

}  // namespace

core::Result<Collected> collect_sources(const EngineFlags& engine, const HostFlags& host,
                                        bool keep_document) {
  const bool engine_named = !engine.host.empty() || std::getenv("DOCKER_HOST") != nullptr;
  std::optional<docker::EngineClient> client;
  if (host.host_root.empty() || engine_named) {
    auto connected = connect_engine(engine);
    if (!connected) return core::fail(connected.error());
    client.emplace(std::move(*connected));
  }

  // The host is read when it is known: --host-root, or this machine when the engine is reached
  // over a local unix socket. Its files and probes do not depend on the engine's answers, so
  // both are read at once (once the engine has answered its ping: no engine, no host read).
  const bool read_host =
      !host.no_host && (!host.host_root.empty() || (client && client->endpoint().is_local()));
  std::future<core::Result<host::HostSnapshot>> host_part;
  if (read_host) {
    host::ReadContext context;
    context.root = host.host_root.empty() ? "/" : host.host_root;
    context.live = host.host_root.empty() || host.host_root == "/";
    if (context.live && client) context.engine_socket = client->endpoint().socket_path;
    context.daemon_config_file = host.daemon_config_file;
    context.docker_config_dir = host.docker_config_dir;
    context.probe = !host.no_probe;
    context.trusted_docker_users = host.trusted_docker_users;
    host_part = std::async(std::launch::async, [context = std::move(context)] {
      return host::read_host_snapshot(context);
    });
  }

  Collected collected;
  if (!read_host) {
    collected.no_host_reason =
        host.no_host ? "--no-host: the host was not read"
                     : "the engine is not on this host (" + client->endpoint().url +
                           "): its host was not read; audit a copy of it with --host-root";
  }
  if (client) {
    auto from_engine = collect_engine(*client, keep_document);
    if (!from_engine) return core::fail(from_engine.error());
    collected = std::move(*from_engine);
  } else {
    // --host-root alone: the file-based checks need no engine.
    collected.engine_present = false;
    collected.no_engine_reason = "--host-root alone: no engine was read (add --host to read one)";
    collected.document = {{"schema", docker::kSnapshotSchema},
                          {"endpoint", ""},
                          {"collected_at", docker::rfc3339_now()}};
    collected.snapshot.collected_at = collected.document["collected_at"];
  }

  if (read_host) {
    auto snapshot = host_part.get();
    if (!snapshot) return core::fail(snapshot.error());
    if (keep_document) collected.document["host"] = host::encode_host_snapshot(*snapshot);
    collected.host = std::move(*snapshot);
  }
  return collected;
}

namespace {

core::Error snapshot_open_error(const io::FileError& failure) {
  core::Error error = failure.to_error();
  error.message = "cannot open snapshot " + failure.message();
  return error;
}

}  // namespace

core::Result<Collected> read_snapshot_file(const std::string& path, bool keep_document) {
  auto not_a_snapshot = [](const nlohmann::json& document) {
    return !document.is_object() || !document.contains("schema");
  };
  const core::Error no_schema{core::ErrorCode::kMalformedInput,
                              path +
                                  ": not a hardock snapshot (no \"schema\" field; write one with "
                                  "`hardock collect -o`)",
                              {}};
  nlohmann::json document;
  core::Result<docker::EngineSnapshot> snapshot;
  if (keep_document) {
    // A regular file of at most io::kMaxSnapshotFileBytes: a FIFO or /dev/zero named by --from
    // is refused, not read forever.
    auto text = io::read_regular_file(path, io::kMaxSnapshotFileBytes);
    if (!text) return core::fail(snapshot_open_error(text.error()));
    auto parsed = docker::parse_snapshot_text(*text);
    if (!parsed) return core::fail(parsed.error().with_context(path));
    document = std::move(*parsed);
    if (not_a_snapshot(document)) return core::fail(no_schema);
    snapshot = docker::decode_snapshot(document);
  } else {
    // The same rules, checked before the stream is opened; then a chunk at a time, each
    // container decoded and dropped as it is parsed.
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
      return core::fail(snapshot_open_error(io::file_error(path, errno)));
    }
    if (auto regular = io::check_regular(info, path, io::kMaxSnapshotFileBytes); !regular) {
      return core::fail(snapshot_open_error(regular.error()));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::fail(core::ErrorCode::kNotFound, "cannot open snapshot " + path);
    snapshot = docker::decode_snapshot_stream(in, &document);
    if (snapshot && not_a_snapshot(document)) return core::fail(no_schema);
  }
  if (!snapshot) return core::fail(snapshot.error().with_context(path));
  Collected collected{std::move(document), std::move(*snapshot), true, std::nullopt, {}, {}};
  // A snapshot of --host-root alone has no endpoint: no engine was read.
  collected.engine_present = !collected.snapshot.endpoint.empty();
  if (!collected.engine_present) {
    collected.no_engine_reason = "the snapshot holds no engine part (collected with --host-root)";
  }
  if (auto part = collected.document.find("host"); part != collected.document.end()) {
    auto host = host::decode_host_snapshot(*part);
    if (!host) return core::fail(host.error().with_context(path));
    collected.host = std::move(*host);
  } else {
    collected.no_host_reason =
        "the snapshot holds no host part (the engine was remote, or "
        "collected with --no-host)";
  }
  if (!collected.engine_present && !collected.host) {
    return core::fail(core::ErrorCode::kMalformedInput,
                      path + ": not a snapshot: it holds neither an engine nor a host part");
  }
  return collected;
}

}  // namespace hardock::app
