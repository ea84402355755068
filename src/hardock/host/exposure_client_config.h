// Docker client configs (config.json): which registries the host logs in to
// and how the credentials are stored. Internal to the exposure reader.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hardock/host/exposure.h"
#include "hardock/host/read_context.h"
#include "hardock/io/root_dir.h"

namespace hardock::host {

// Parses one config.json. `display_path` is recorded as ClientConfig::path.
// Malformed text (deeper than io::kMaxJsonDepth included) gives a ClientConfig with `error`
// set, never a secret. Pure: never throws on any input.
[[nodiscard]] ClientConfig parse_client_config(std::string_view text, std::string display_path);

// Every client config of the host: context.docker_config_dir/config.json when
// set; otherwise /root/.docker and /home/*/.docker under `root`, plus $DOCKER_CONFIG
// or $HOME/.docker of this process when the root is the live "/". Absent files
// are skipped; unreadable ones (and a /home that cannot be listed) are returned
// with `error`.
[[nodiscard]] std::vector<ClientConfig> read_client_configs(const ReadContext& context,
                                                            const io::RootDir& root);

}  // namespace hardock::host
