#include "hardock/collect/sources.h"

#include <sys/stat.h>

#include <cerrno>
#include <fstream>
#include <future>
#include <optional>

#include "hardock/docker/collector.h"
#include "hardock/io/bounded_read.h"

namespace hardock::collect {

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

core::Result<Collected> collect_sources(docker::EngineClient* engine, const HostOptions& host,
                                        bool keep_document) {
  docker::EngineClient* client = engine;
  // The host is read when it is known: --host-root, or this machine when the engine is reached
  // over a local unix socket. Its files and probes do not depend on the engine's answers, so
  // both are read at once (once the engine has answered its ping: no engine, no host read).
  const bool read_host = !host.no_host && (!host.host_root.empty() ||
                                           (client != nullptr && client->endpoint().is_local()));
  std::future<core::Result<host::HostSnapshot>> host_part;
  if (read_host) {
    host::ReadContext context;
    context.root = host.host_root.empty() ? "/" : host.host_root;
    context.live = host.host_root.empty() || host.host_root == "/";
    if (context.live && client != nullptr) context.engine_socket = client->endpoint().socket_path;
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
  if (client != nullptr) {
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

}  // namespace hardock::collect
