// Docker CLI contexts: `docker context use NAME` makes the docker CLI talk to NAME's endpoint,
// and hardock, run alone or as `docker hardock`, follows the same choice when neither --host nor
// DOCKER_HOST names an engine: DOCKER_CONTEXT, else config.json's "currentContext", read from
// the CLI's config directory (DOCKER_CONFIG, else ~/.docker). "default" means no context.
#pragma once

#include <optional>
#include <string>

#include "hardock/core/result.h"
#include "hardock/docker/endpoint.h"

namespace hardock::docker {

struct ContextEndpoint {
  std::string name;
  std::string host;  // Endpoints.docker.Host: "unix:///...", "tcp://h:2376", "ssh://..."
  bool skip_tls_verify = false;
  std::string ca, cert, key;  // the context's TLS files, when it stores them (else empty)
};

// The context the docker CLI would use, or nullopt for the default one. Fails (kNotFound,
// kMalformedInput) when a context is named but its metadata is missing or malformed: using
// another engine silently would audit the wrong estate.
[[nodiscard]] core::Result<std::optional<ContextEndpoint>> current_context(
    const EnvGetter& env = process_env);

}  // namespace hardock::docker
