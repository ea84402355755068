// Choosing stored runs for `baseline` and `drift`: the host named by --host (or this one), a run
// named by its id or the newest audit run of that host. The store is opened by record_run.h.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "hardock/core/result.h"
#include "hardock/store/store.h"

namespace hardock::app {

// "12" -> 12; kInvalidArgument naming the flag otherwise.
[[nodiscard]] core::Result<std::int64_t> parse_run_id(const std::string& what,
                                                      const std::string& text);

// The newest audit run of `host` (an identity or a host name). Empty `host`: this machine's
// host name, else the only host the store holds audit runs of; kNotFound when there is none,
// kInvalidArgument when several hosts could be meant (give --host).
[[nodiscard]] core::Result<store::RunInfo> newest_audit_run(store::Store& store,
                                                            const std::string& host);

// Loads run `id` and checks that it is an audit run ("run 7 is a lint run, not an audit run").
[[nodiscard]] core::Result<store::StoredRun> load_audit_run(store::Store& store, std::int64_t id);

}  // namespace hardock::app
