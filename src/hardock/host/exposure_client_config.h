// Docker client configs (config.json): which registries the host logs in to
// and how the credentials are stored. Internal to the exposure reader.
#pragma once

#include <string>
#include <vector>

#include "hardock/host/exposure.h"
#include "hardock/host/read_context.h"

namespace hardock::host {

// Parses one config.json. `display_path` is recorded as ClientConfig::path.
// Malformed text gives a ClientConfig with `error` set, never a secret.
[[nodiscard]] ClientConfig parse_client_config(const std::string& text, std::string display_path);

// Every client config of the host: context.docker_config_dir/config.json when
// set; otherwise <root>/root/.docker and <root>/home/*/.docker, plus $DOCKER_CONFIG
// or $HOME/.docker of this process when the root is the live "/". Absent files
// are skipped; unreadable ones are returned with `error`.
[[nodiscard]] std::vector<ClientConfig> read_client_configs(const ReadContext& context);

}  // namespace hardock::host
