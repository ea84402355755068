// Engine connection flags shared by every command that talks to dockerd, with
// the same names and environment variables as the docker CLI.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include <nlohmann/json.hpp>

#include "hardock/core/result.h"
#include "hardock/docker/snapshot.h"

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

void add_engine_flags(CLI::App& command, EngineFlags& flags);

// Connects, collects the snapshot document and decodes it.
struct Collected {
  nlohmann::json document;
  docker::EngineSnapshot snapshot;
};
[[nodiscard]] core::Result<Collected> collect_from_engine(const EngineFlags& flags);

// Reads a snapshot written by `hardock collect -o`.
[[nodiscard]] core::Result<Collected> read_snapshot_file(const std::string& path);

}  // namespace hardock::app
