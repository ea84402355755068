// Where an audit's snapshot comes from: the engine connection flags (same
// names and environment variables as the docker CLI), the host flags, and the
// snapshot file of `audit --from`.
#pragma once

#include <string>
#include <vector>

#include "hardock/app/cli11.h"
#include "hardock/audit/config.h"
#include "hardock/collect/sources.h"
#include "hardock/core/result.h"
#include "hardock/docker/engine_client.h"
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

using HostFlags = collect::HostOptions;
using collect::Collected;

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
// The endpoint alone, for a caller that connects later (the authorization plugin starts before
// the engine it serves).
[[nodiscard]] core::Result<docker::Endpoint> resolve_engine(const EngineFlags& flags);

// Where the engine `client` talks to, for streaming image exports (`image`, `audit --images`).
[[nodiscard]] image::EngineImageSource engine_image_source(const docker::EngineClient& client);

// Connects when an engine is to be read (always, unless --host-root is given alone), then reads
// it and the host (collect::collect_sources).
[[nodiscard]] core::Result<Collected> collect_sources(const EngineFlags& engine,
                                                      const HostFlags& host,
                                                      bool keep_document = true);
using collect::read_snapshot_file;

}  // namespace hardock::app
