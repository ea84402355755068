// The risk register read from the store: the one way `hardock risk`, the HTML report's top risks
// and the `hardock_risk_total` metric load a host's audit run and the one before it, build their
// risk models from the stored snapshots and score them (risk/register.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hardock/audit/config.h"
#include "hardock/core/result.h"
#include "hardock/risk/policy.h"
#include "hardock/risk/register.h"
#include "hardock/store/store.h"

namespace hardock::app {

// What scoring needs besides the runs: the risk weights and the audit policy's sensitivity label
// and levels.
struct RiskSettings {
  risk::RiskPolicy policy;
  audit::AuditConfig config;
};

// The risk policy of `policy_file` (empty: ./.hardock.yaml when there is one, else the defaults)
// and the audit policy of `config` (see load_policy in engine_options.h).
[[nodiscard]] core::Result<RiskSettings> load_risk_settings(const std::string& policy_file,
                                                            audit::AuditConfig config);

// The register of one host as of the audit run `latest`: its failing findings scored, trended
// against the host's audit before it (by start time, then id), dated from the host's
// fingerprints, the `top` highest per zone kept (0: all); `today` (YYYY-MM-DD) gives ages and
// which acceptances still hold. A snapshot that does not decode is said on stderr in one line and
// every asset of that run is then taken as unlabelled and unexposed; a run or the fingerprints
// that cannot be read are an error.
[[nodiscard]] core::Result<std::vector<risk::RiskEntry>> host_register(store::Store& db,
                                                                       const store::RunInfo& latest,
                                                                       const RiskSettings& settings,
                                                                       const std::string& today,
                                                                       int top);

// The register of every host's newest audit (or only `host`'s: its identity or name), hosts in
// order. An unknown `host` is kNotFound.
[[nodiscard]] core::Result<std::vector<risk::RiskEntry>> store_register(
    store::Store& db, const std::string& host, const RiskSettings& settings,
    const std::string& today, int top);

}  // namespace hardock::app
