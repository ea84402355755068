// The waivers of a run, in one place for every run command (audit, image, lint): those of the
// policy file (.hardock.yaml `waivers:`) and those stored by `hardock accept`, judged on today's
// date. The runner (audit::run_audit) applies them; this only gathers them.
#pragma once

#include <string>
#include <vector>

#include "hardock/app/record_run.h"
#include "hardock/audit/waiver.h"
#include "hardock/core/result.h"

namespace hardock::store {
class Store;
struct Waiver;
}  // namespace hardock::store

namespace hardock::app {

// Appends the waivers in force or expired (not revoked) to `waivers` and sets `today`: those of
// `policy_file` (a .hardock.yaml; empty: ./.hardock.yaml or .hardock.yml if there is one), and,
// unless --no-store, the store's where the run is recorded (store_location(store, config_store)).
// A policy file that does not parse is an error (one line naming file and line). A store that
// cannot be opened or read is a warning on stderr, the run going on without its waivers:
// findings then count, never the reverse.
[[nodiscard]] core::Result<void> add_run_waivers(const std::string& policy_file,
                                                 const StoreFlags& store,
                                                 std::string_view config_store,
                                                 std::vector<audit::Waiver>& waivers,
                                                 std::string& today);

// A stored waiver in the one model (source "store #ID").
[[nodiscard]] audit::Waiver from_stored(const store::Waiver& stored);

}  // namespace hardock::app
