// The Engine API documents to_snapshot() decodes, also read by the hardened override
// (fix.cpp feeds a service's inspect to harden::run_spec_from_inspect).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "hardock/compose/project.h"

namespace hardock::compose {

// GET /containers/{id}/json of the service's first container, as the engine answers for a
// created container (State.Status "created"): Config, HostConfig, Mounts, NetworkSettings.
[[nodiscard]] nlohmann::json service_inspect(const ComposeProject& project, const Service& service);

// GET /networks/{id} of a project network; `members` are (container id, name) pairs.
[[nodiscard]] nlohmann::json network_inspect(
    const ComposeProject& project, const Network& network,
    const std::vector<std::pair<std::string, std::string>>& members);

}  // namespace hardock::compose
