#include "hardock/app/waivers.h"

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

core::Result<void> add_run_waivers(const std::string& policy_file, const StoreFlags& store,
                                   std::string_view config_store,
                                   std::vector<audit::Waiver>& waivers, std::string& today) {
  today = audit::today_utc();
  const std::string path = policy_file.empty() ? risk::default_policy_path() : policy_file;
  if (!path.empty()) {
    auto policy = risk::load_policy_file(path);
    if (!policy) return core::fail(policy.error());
    for (auto& waiver : policy->waivers) waivers.push_back(std::move(waiver));
  }
  if (store.no_store) return {};
  auto opened = open_run_store(store, config_store);
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
