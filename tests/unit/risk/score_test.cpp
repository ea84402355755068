// Risk = impact x likelihood: each factor moves the score in the documented direction, and the
// register ranks, dates and trends findings across two runs.
#include "hardock/risk/score.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "hardock/risk/register.h"

namespace hardock::risk {
namespace {

const std::vector<std::string> kLevels{"public", "internal", "restricted"};

docker::EngineSnapshot snapshot_of(std::string_view text) {
  auto snapshot = docker::decode_snapshot_text(text);
  EXPECT_TRUE(snapshot.has_value()) << snapshot.error().to_string();
  return snapshot ? *snapshot : docker::EngineSnapshot{};
}

// One container "app" with the given inspect fields.
std::string one(std::string_view fields) {
  return std::string(R"({"containers":[{"inspect":{"Id":"c1","Name":"/app")") +
         (fields.empty() ? "" : ",") + std::string(fields) + "}}]}";
}

double score_of(std::string_view fields, core::Severity severity = core::Severity::kHigh,
                bool engine_api = false, RiskPolicy policy = {}) {
  const auto snapshot = snapshot_of(one(fields));
  const RiskModel model(std::move(policy), "hardock.sensitivity", kLevels, &snapshot, engine_api);
  return model.score(model.asset(core::TargetKind::kContainer, "c1", "app"), severity).value;
}

TEST(RiskScore, AnUnexposedUnlabelledContainerIsImpactTimesSeverity) {
  EXPECT_DOUBLE_EQ(score_of(""), 2 * 4);  // unlabelled 2 x high 4
}

TEST(RiskScore, EveryFactorRaisesTheScore) {
  const double base = score_of(R"("Config":{"Labels":{"hardock.sensitivity":"internal"}})");
  EXPECT_DOUBLE_EQ(base, 2 * 4);
  // Impact: a higher level weighs more.
  EXPECT_GT(score_of(R"("Config":{"Labels":{"hardock.sensitivity":"restricted"}})"), base);
  // Severity.
  EXPECT_GT(score_of(R"("Config":{"Labels":{"hardock.sensitivity":"internal"}})",
                     core::Severity::kCritical),
            base);
  EXPECT_LT(
      score_of(R"("Config":{"Labels":{"hardock.sensitivity":"internal"}})", core::Severity::kLow),
      base);
  // Exposure: published on every interface, privileged, the engine API reachable.
  const std::string_view label = R"("Config":{"Labels":{"hardock.sensitivity":"internal"}})";
  EXPECT_GT(
      score_of(std::string(label) +
               R"(,"NetworkSettings":{"Ports":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"80"}]}})"),
      base);
  EXPECT_DOUBLE_EQ(
      score_of(
          std::string(label) +
          R"(,"NetworkSettings":{"Ports":{"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"80"}]}})"),
      base);  // loopback only is not exposed
  EXPECT_GT(score_of(std::string(label) + R"(,"HostConfig":{"Privileged":true})"), base);
  EXPECT_GT(score_of(label, core::Severity::kHigh, true), base);
}

TEST(RiskScore, APublicZoneRaisesLikelihoodButLowersImpact) {
  // On a public network: the public-zone factor holds.
  const auto snapshot = snapshot_of(R"({"containers":[{"inspect":{"Id":"c1","Name":"/app",
      "Config":{"Labels":{"hardock.sensitivity":"internal"}},
      "NetworkSettings":{"Networks":{"edge":{"NetworkID":"n1"}}}}}],
      "networks":[{"Name":"edge","Id":"n1","Driver":"bridge",
                   "Labels":{"hardock.sensitivity":"public"}}]})");
  const RiskModel model({}, "hardock.sensitivity", kLevels, &snapshot, false);
  const Asset asset = model.asset(core::TargetKind::kContainer, "c1", "app");
  EXPECT_EQ(asset.zone, "internal");
  EXPECT_TRUE(asset.exposure.public_zone);
  const Score score = model.score(asset, core::Severity::kHigh);
  EXPECT_DOUBLE_EQ(score.value, 2 * 4 * 1.5);
  EXPECT_EQ(score.factors, std::vector<std::string>{"public-zone"});
  // The network itself sits in the public zone, at the public level's impact.
  const Asset network = model.asset(core::TargetKind::kNetwork, "n1", "edge");
  EXPECT_EQ(network.zone, "public");
  EXPECT_DOUBLE_EQ(network.impact, 1);
}

TEST(RiskScore, WeightsComeFromThePolicy) {
  RiskPolicy policy;
  policy.impact["internal"] = 10;
  policy.privileged = 3;
  EXPECT_DOUBLE_EQ(score_of(R"("Config":{"Labels":{"hardock.sensitivity":"internal"}},
                              "HostConfig":{"Privileged":true})",
                            core::Severity::kHigh, false, policy),
                   10 * 4 * (1 + 3));
  RiskPolicy zero;
  zero.privileged = 0;
  EXPECT_DOUBLE_EQ(
      score_of(R"("HostConfig":{"Privileged":true})", core::Severity::kHigh, false, zero),
      score_of(""));
}

TEST(RiskScore, TheHostCarriesItsMostSensitiveContainer) {
  const auto snapshot = snapshot_of(R"({"containers":[
      {"inspect":{"Id":"c1","Name":"/a","Config":{"Labels":{"hardock.sensitivity":"public"}}}},
      {"inspect":{"Id":"c2","Name":"/b","Config":{"Labels":{"hardock.sensitivity":"restricted"}}}}]})");
  const RiskModel model({}, "hardock.sensitivity", kLevels, &snapshot, true);
  const Asset host = model.asset(core::TargetKind::kDaemon, "", "");
  EXPECT_EQ(host.zone, "host");
  EXPECT_DOUBLE_EQ(host.impact, 3);
  EXPECT_TRUE(host.exposure.engine_api);
  // Without a snapshot everything is unlabelled.
  const RiskModel blind({}, "hardock.sensitivity", kLevels, nullptr, false);
  EXPECT_EQ(blind.asset(core::TargetKind::kContainer, "c1", "a").zone, "unlabelled");
}

store::StoredFinding stored(std::string fingerprint, std::string code, std::string target,
                            core::Severity severity) {
  store::StoredFinding finding;
  finding.fingerprint = std::move(fingerprint);
  finding.check_code = std::move(code);
  finding.title = "t";
  finding.target_kind = core::TargetKind::kContainer;
  finding.target_id = target;
  finding.target_name = std::move(target);
  finding.severity = severity;
  return finding;
}

TEST(RiskRegister, RanksDatesAndTrendsAgainstThePreviousRun) {
  const auto before = snapshot_of(R"({"containers":[
      {"inspect":{"Id":"a","Name":"/a","Config":{"Labels":{"hardock.sensitivity":"internal"}}}},
      {"inspect":{"Id":"b","Name":"/b","Config":{"Labels":{"hardock.sensitivity":"internal"}}}}]})");
  const auto after = snapshot_of(R"({"containers":[
      {"inspect":{"Id":"a","Name":"/a","Config":{"Labels":{"hardock.sensitivity":"restricted"}}}},
      {"inspect":{"Id":"b","Name":"/b","Config":{"Labels":{"hardock.sensitivity":"public"}}}},
      {"inspect":{"Id":"c","Name":"/c","Config":{"Labels":{"hardock.sensitivity":"internal"}}}}]})");
  const RiskModel old_model({}, "hardock.sensitivity", kLevels, &before, false);
  const RiskModel new_model({}, "hardock.sensitivity", kLevels, &after, false);
  store::RunInfo first;
  first.host = "h1";
  first.host_name = "node1";
  store::RunInfo second = first;
  const std::vector<store::StoredFinding> old_findings{
      stored("fa", "HDK-C-002", "a", core::Severity::kHigh),
      stored("fb", "HDK-C-002", "b", core::Severity::kHigh)};
  std::vector<store::StoredFinding> new_findings{
      stored("fa", "HDK-C-002", "a", core::Severity::kHigh),
      stored("fb", "HDK-C-002", "b", core::Severity::kHigh),
      stored("fc", "HDK-C-002", "c", core::Severity::kHigh),
      stored("fe", "HDK-C-002", "c", core::Severity::kHigh)};
  new_findings.back().status = core::FindingStatus::kError;  // could not look: not a risk
  std::vector<store::FingerprintSeen> seen(2);
  seen[0].fingerprint = "fa";
  seen[0].first_seen = "2026-05-01T10:00:00Z";
  seen[1].fingerprint = "fb";
  seen[1].first_seen = "2026-05-20T10:00:00Z";

  const auto entries = build_register({&second, new_findings, &new_model},
                                      {&first, old_findings, &old_model}, seen, "2026-06-01", 0);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].target, "a");  // restricted first
  EXPECT_EQ(entries[0].zone, "restricted");
  EXPECT_EQ(entries[0].trend, Trend::kRising);
  EXPECT_EQ(entries[0].age_days, 31);
  EXPECT_EQ(entries[0].host, "node1");
  EXPECT_EQ(entries[1].target, "c");
  EXPECT_EQ(entries[1].trend, Trend::kNew);
  EXPECT_TRUE(entries[1].first_seen.empty());
  EXPECT_EQ(entries[2].target, "b");
  EXPECT_EQ(entries[2].trend, Trend::kFalling);
  EXPECT_EQ(entries[2].age_days, 12);

  // The top N per host and zone.
  const auto top = build_register({&second, new_findings, &new_model}, {}, seen, "2026-06-01", 1);
  EXPECT_EQ(top.size(), 3u);                                          // three zones, one each
  for (const auto& entry : top) EXPECT_EQ(entry.trend, Trend::kNew);  // no previous run
}

// An accepted finding is an accepted risk, listed after the open ones with its owner and expiry,
// and left out of the open total; once its waiver's last day is past, it is open again.
TEST(RiskRegister, AcceptedRisksAreListedApartUntilTheirWaiverLapses) {
  const auto snapshot = snapshot_of(R"({"containers":[
      {"inspect":{"Id":"a","Name":"/a","Config":{"Labels":{"hardock.sensitivity":"restricted"}}}},
      {"inspect":{"Id":"b","Name":"/b","Config":{"Labels":{"hardock.sensitivity":"public"}}}}]})");
  const RiskModel model({}, "hardock.sensitivity", kLevels, &snapshot, false);
  store::RunInfo info;
  info.host = "h1";
  std::vector<store::StoredFinding> findings{
      stored("fa", "HDK-C-002", "a", core::Severity::kHigh),
      stored("fb", "HDK-C-002", "b", core::Severity::kHigh),
      stored("fc", "HDK-C-004", "b", core::Severity::kCritical)};
  findings[0].accepted = true;
  findings[0].accepted_owner = "ops";
  findings[0].accepted_until = "2026-06-30";
  findings[0].accepted_reason = "legacy";
  findings[0].accepted_source = "store #1";
  findings[2].accepted = true;
  findings[2].accepted_owner = "dev";
  findings[2].accepted_until = "2026-05-31";  // the day before today: lapsed

  const auto entries = build_register({&info, findings, &model}, {}, {}, "2026-06-01", 0);
  ASSERT_EQ(entries.size(), 3u);
  // Open first (the lapsed one among them, the worst), the accepted one last, though its score
  // is the highest.
  EXPECT_EQ(entries[0].check_code, "HDK-C-004");
  EXPECT_FALSE(entries[0].accepted);
  EXPECT_EQ(entries[0].waiver_expired, "2026-05-31");
  EXPECT_EQ(entries[1].target, "b");
  EXPECT_FALSE(entries[1].accepted);
  EXPECT_TRUE(entries[1].waiver_expired.empty());
  EXPECT_EQ(entries[2].target, "a");
  EXPECT_TRUE(entries[2].accepted);
  EXPECT_EQ(entries[2].accepted_owner, "ops");
  EXPECT_EQ(entries[2].accepted_until, "2026-06-30");
  EXPECT_EQ(entries[2].accepted_reason, "legacy");
  EXPECT_EQ(entries[2].accepted_source, "store #1");
  EXPECT_GT(entries[2].score.value, entries[1].score.value);
  EXPECT_DOUBLE_EQ(open_total(entries), entries[0].score.value + entries[1].score.value);

  // On its last day the waiver still holds.
  const auto last_day = build_register({&info, findings, &model}, {}, {}, "2026-05-31", 0);
  EXPECT_EQ(std::count_if(last_day.begin(), last_day.end(),
                          [](const RiskEntry& entry) { return entry.accepted; }),
            2);
  // --top counts open and accepted risks apart: one of each per zone.
  const auto top = build_register({&info, findings, &model}, {}, {}, "2026-05-31", 1);
  EXPECT_EQ(top.size(), 3u);
}

}  // namespace
}  // namespace hardock::risk
