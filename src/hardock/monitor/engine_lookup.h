// The authorization plugin's view of the engine: a container's inspect and the networks, read
// when a request needs them (an exec's container user, a network connect's levels).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "hardock/docker/endpoint.h"
#include "hardock/monitor/authz.h"

namespace hardock::monitor {

// Lookups through one client, connected on first use and shared under a lock; a failed read
// answers nullopt (the decision then says it could not judge).
[[nodiscard]] EngineLookup engine_lookup(const docker::Endpoint& endpoint);

// The authorization plugins an engine uses, from its /info (Plugins.Authorization).
[[nodiscard]] std::vector<std::string> authorization_plugins(const nlohmann::json& info);

}  // namespace hardock::monitor
