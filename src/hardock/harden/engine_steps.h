// Internal to apply: the engine requests --apply, --rollback and --prune make, each returning its
// result. Whether an object exists is asked with a list filter (always 200) rather than read
// from an error's text: no caller matches message text.
#pragma once

#include <string>

#include "hardock/core/result.h"
#include "hardock/docker/engine_client.h"

namespace hardock::harden::steps {

core::Result<void> start(docker::EngineClient& client, const std::string& id);
core::Result<void> stop(docker::EngineClient& client, const std::string& id, int timeout_seconds);
core::Result<void> rename(docker::EngineClient& client, const std::string& id,
                          const std::string& name);
// Never removes volumes (no v=1): they hold the workload's data.
core::Result<void> remove(docker::EngineClient& client, const std::string& id, bool force);
// The container's name without the leading '/'.
core::Result<std::string> name_of(docker::EngineClient& client, const std::string& id);
core::Result<bool> container_exists(docker::EngineClient& client, const std::string& id);
// By exact name, or by id when `by_id`.
core::Result<bool> network_exists(docker::EngineClient& client, const std::string& name_or_id,
                                  bool by_id);
// " (last log lines: ...)" of a container, on one line; "" when there are none.
std::string last_log_lines(docker::EngineClient& client, const std::string& id);

}  // namespace hardock::harden::steps
