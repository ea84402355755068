#include "hardock/risk/register.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <unordered_map>

#include "hardock/audit/waiver.h"

namespace hardock::risk {

std::string_view to_string(Trend trend) {
  switch (trend) {
    case Trend::kNew:
      return "new";
    case Trend::kRising:
      return "rising";
    case Trend::kFalling:
      return "falling";
    case Trend::kSteady:
      return "steady";
  }
  return "unknown";
}

namespace {

std::vector<RiskEntry> score_run(const RunView& run, std::string_view today) {
  std::vector<RiskEntry> entries;
  if (run.info == nullptr || run.model == nullptr) return entries;
  const std::string& host = run.info->host_name.empty() ? run.info->host : run.info->host_name;
  for (const store::StoredFinding& finding : run.findings) {
    if (finding.status != core::FindingStatus::kFail) continue;
    const Asset asset =
        run.model->asset(finding.target_kind, finding.target_id, finding.target_name);
    RiskEntry entry;
    entry.host = host;
    entry.zone = asset.zone;
    entry.fingerprint = finding.fingerprint;
    entry.check_code = finding.check_code;
    entry.title = finding.title;
    entry.severity = finding.severity;
    entry.target_kind = finding.target_kind;
    entry.target = finding.target_name.empty() ? finding.target_id : finding.target_name;
    entry.score = run.model->score(asset, finding.severity);
    if (finding.accepted) {
      // Past its last day, a waiver accepts no more (audit::expired, the runner's test).
      audit::Waiver waiver;
      waiver.until = finding.accepted_until;
      if (audit::expired(waiver, today)) {
        entry.waiver_expired = finding.accepted_until;
      } else {
        entry.accepted = true;
        entry.accepted_owner = finding.accepted_owner;
        entry.accepted_until = finding.accepted_until;
        entry.accepted_reason = finding.accepted_reason;
        entry.accepted_source = finding.accepted_source;
      }
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace

double open_total(std::span<const RiskEntry> entries) {
  double total = 0;
  for (const RiskEntry& entry : entries) {
    if (!entry.accepted) total += entry.score.value;
  }
  return std::round(total * 10) / 10;
}

std::vector<RiskEntry> keep_top(std::vector<RiskEntry> entries, int top) {
  if (top <= 0) return entries;
  std::vector<RiskEntry> kept;
  std::map<std::tuple<std::string, bool, std::string>, int> count;
  for (RiskEntry& entry : entries) {
    if (++count[{entry.host, entry.accepted, entry.zone}] <= top) kept.push_back(std::move(entry));
  }
  return kept;
}

std::vector<RiskEntry> build_register(const RunView& latest, const RunView& previous,
                                      std::span<const store::FingerprintSeen> seen,
                                      std::string_view today, int top) {
  std::vector<RiskEntry> entries = score_run(latest, today);
  std::unordered_map<std::string, double> before;
  for (const RiskEntry& entry : score_run(previous, today))
    before.emplace(entry.fingerprint, entry.score.value);
  std::unordered_map<std::string_view, const store::FingerprintSeen*> first;
  for (const store::FingerprintSeen& sighting : seen) {
    auto [slot, inserted] = first.try_emplace(sighting.fingerprint, &sighting);
    if (!inserted && sighting.first_seen < slot->second->first_seen) slot->second = &sighting;
  }
  for (RiskEntry& entry : entries) {
    if (auto found = before.find(entry.fingerprint); found != before.end()) {
      entry.previous = found->second;
      entry.trend = entry.score.value > found->second   ? Trend::kRising
                    : entry.score.value < found->second ? Trend::kFalling
                                                        : Trend::kSteady;
    }
    if (auto found = first.find(entry.fingerprint); found != first.end()) {
      entry.first_seen = found->second->first_seen;
      const std::string day = entry.first_seen.substr(0, 10);
      if (audit::is_date(day) && audit::is_date(today)) {
        entry.age_days = std::max<std::int64_t>(0, audit::days_between(day, today));
      }
    }
  }
  // Zones ordered by their worst risk, so the register reads from the top down; the accepted
  // risks after the open ones.
  using ZoneKey = std::tuple<std::string, bool, std::string>;
  std::map<ZoneKey, double> zone_top;
  for (const RiskEntry& entry : entries) {
    double& worst = zone_top[{entry.host, entry.accepted, entry.zone}];
    worst = std::max(worst, entry.score.value);
  }
  std::sort(entries.begin(), entries.end(), [&](const RiskEntry& a, const RiskEntry& b) {
    if (a.host != b.host) return a.host < b.host;
    if (a.accepted != b.accepted) return b.accepted;
    if (a.zone != b.zone) {
      const double left = zone_top[{a.host, a.accepted, a.zone}];
      const double right = zone_top[{b.host, b.accepted, b.zone}];
      if (left != right) return left > right;
      return a.zone < b.zone;
    }
    if (a.score.value != b.score.value) return a.score.value > b.score.value;
    if (a.check_code != b.check_code) return a.check_code < b.check_code;
    return a.target < b.target;
  });
  return keep_top(std::move(entries), top);
}

}  // namespace hardock::risk
