// Where an audit's snapshot comes from: the engine connection flags (same
// names and environment variables as the docker CLI), the host flags, and the
// snapshot file of `audit --from`.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "hardock/audit/config.h"
#include "hardock/core/result.h"
#include "hardock/docker/engine_client.h"
#include "hardock/docker/snapshot.h"
#include "hardock/host/host_snapshot.h"
#include "hardock/image/source_engine.h"

namespace hardock::app {

struct EngineFlags {
  std::string host;  // --host / -H, else DOCKER_HOST
  bool tls = false;
  bool tls_verify = false;
  std::string tls_ca;
  std::string tls_cert;
  std::string tls_key;
  double timeout_seconds = 30;
  int parallelism = 8;
};

struct HostFlags {
  std::string host_root;           // --host-root: audit this host filesystem
  std::string daemon_config_file;  // --config-file
  std::string docker_config_dir;   // --docker-config
  bool no_probe = false;           // --no-probe
  bool no_host = false;            // --no-host: engine only
  std::vector<std::string> trusted_docker_users;
};

// The audit policy: --config FILE, then --sensitivity-label / --sensitivity-levels over it.
struct PolicyFlags {
  std::string config_path;
  std::string sensitivity_label;
  std::vector<std::string> sensitivity_levels;
};

void add_engine_flags(CLI::App& command, EngineFlags& flags);
void add_policy_flags(CLI::App& command, PolicyFlags& flags);
[[nodiscard]] core::Result<audit::AuditConfig> load_policy(const PolicyFlags& flags);
void add_host_flags(CLI::App& command, HostFlags& flags);

// Resolves the endpoint from the flags (and DOCKER_HOST & co.) and connects.
[[nodiscard]] core::Result<docker::EngineClient> connect_engine(const EngineFlags& flags);

// Where the engine `client` talks to, for streaming image exports (`image`, `audit --images`).
[[nodiscard]] image::EngineImageSource engine_image_source(const docker::EngineClient& client);

// Where the engine `client` talks to, for streaming image exports (`image`, `audit --images`).
[[nodiscard]] image::EngineImageSource engine_image_source(const docker::EngineClient& client);

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

// Reads the engine (unless only --host-root was given) and the host: this
// host when the engine is local, the --host-root tree when given, none for a
// remote engine. keep_document: also build the on-disk document (collect, harden); audit does
// without it and decodes while streaming.
[[nodiscard]] core::Result<Collected> collect_sources(const EngineFlags& engine,
                                                      const HostFlags& host,
                                                      bool keep_document = true);

// Reads a snapshot written by `hardock collect -o`. keep_document: also keep the whole document
// (harden); audit does without its containers, networks and images, which are decoded as they
// are parsed (the tree of a 100,000-container snapshot would take gigabytes).
[[nodiscard]] core::Result<Collected> read_snapshot_file(const std::string& path,
                                                         bool keep_document = true);

}  // namespace hardock::app
