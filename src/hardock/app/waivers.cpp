#include "hardock/app/waivers.h"

#include <cstdlib>
#include <iostream>

#include "hardock/io/escape.h"
#include "hardock/risk/policy.h"
#include "hardock/store/store.h"

namespace hardock::app {

audit::Waiver from_stored(const store::Waiver& stored) {
  audit::Waiver waiver;
  waiver.id = stored.id;
  waiver.check = stored.check;
  waiver.target = stored.target;
  waiver.reason = stored.reason;
  waiver.owner = stored.owner;
  waiver.until = stored.until;
  // `hardock accept` refuses a critical check's waiver without --allow-critical: one in the
  // store was allowed when it was made.
  waiver.allow_critical = true;
  waiver.source = "store #" + std::to_string(stored.id);
  return waiver;
}

core::Result<void> add_run_waivers(const WaiverSources& sources,
                                   std::vector<audit::Waiver>& waivers, std::string& today) {
  today = audit::today_utc();
  const std::string path =
      sources.policy_file.empty() ? risk::default_policy_path() : sources.policy_file;
  if (!path.empty()) {
    auto policy = risk::load_policy_file(path);
    if (!policy) return core::fail(policy.error());
    for (auto& waiver : policy->waivers) waivers.push_back(std::move(waiver));
  }
  if (sources.no_store) return {};
  // Where runs are recorded: --store, else $HARDOCK_STORE, else the default.
  std::string location = sources.store;
  if (const char* from_env = std::getenv("HARDOCK_STORE");
      location.empty() && from_env != nullptr) {
    location = from_env;
  }
  auto opened = store::open_store(location);
  if (!opened) {
    std::cerr << "hardock: warning: stored waivers not read (findings they cover count): "
              << io::terminal_safe(opened.error().to_string()) << "\n";
    return {};
  }
  auto stored = (*opened)->waivers(false);
  if (!stored) {
    std::cerr << "hardock: warning: stored waivers not read (findings they cover count): "
              << io::terminal_safe(stored.error().to_string()) << "\n";
    return {};
  }
  for (const store::Waiver& item : *stored) {
    if (!item.revoked_at.empty()) continue;
    audit::Waiver waiver = from_stored(item);
    // What the store holds is as untrusted as what was written to it (a shared database): a
    // waiver that no longer validates (a check since removed) is named and left out.
    if (auto valid = audit::validate_waiver(waiver, waiver.source); !valid) {
      std::cerr << "hardock: warning: " << io::terminal_safe(valid.error().to_string())
                << "; waiver ignored\n";
      continue;
    }
    waivers.push_back(std::move(waiver));
  }
  return {};
}

}  // namespace hardock::app
