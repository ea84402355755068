// What an audit or a hardening run reads: the engine and the host it runs on (or a copy of a
// host's files), or a snapshot saved by `hardock collect`.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/docker/engine_client.h"
#include "hardock/docker/snapshot.h"
#include "hardock/host/host_snapshot.h"

namespace hardock::collect {

// How the host is read (the flags of the same names).
struct HostOptions {
  std::string host_root;           // --host-root: audit this host filesystem
  std::string daemon_config_file;  // --config-file
  std::string docker_config_dir;   // --docker-config
  bool no_probe = false;           // --no-probe
  bool no_host = false;            // --no-host: engine only
  std::vector<std::string> trusted_docker_users;
};

// The snapshot document (as `collect -o` writes it) and its decoded parts.
struct Collected {
  nlohmann::json document;  // null unless asked for (collect_sources' keep_document)
  docker::EngineSnapshot snapshot;
  bool engine_present = true;              // false: --host-root alone, no engine read
  std::optional<host::HostSnapshot> host;  // the host part, when one was read
  // Why a part is absent, for the checks that could not run without it.
  std::string no_engine_reason;
  std::string no_host_reason;
};

// Reads the engine (none: --host-root alone) and the host: this host when the engine is local,
// the --host-root tree when given, none for a remote engine. keep_document: also build the on-disk
// document (collect, harden); audit does without it and decodes while streaming.
[[nodiscard]] core::Result<Collected> collect_sources(docker::EngineClient* engine,
                                                      const HostOptions& host,
                                                      bool keep_document = true);

// Reads a snapshot written by `hardock collect -o`. keep_document: also keep the whole document
// (harden); audit does without its containers, networks and images, which are decoded as they
// are parsed (the tree of a 100,000-container snapshot would take gigabytes).
[[nodiscard]] core::Result<Collected> read_snapshot_file(const std::string& path,
                                                         bool keep_document = true);

}  // namespace hardock::collect
