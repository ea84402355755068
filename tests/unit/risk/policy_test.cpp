// .hardock.yaml's risk: and waivers: sections, with hostile input: every error is one line naming
// the file and line, never a crash.
#include "hardock/risk/policy.h"

#include <gtest/gtest.h>

namespace hardock::risk {
namespace {

TEST(PolicyFile, ReadsRiskWeightsAndWaivers) {
  auto policy = parse_policy(R"(ignore: [HDK-B-050]
risk:
  impact: {public: 1, internal: 4, restricted: 9}
  unlabelled: 3
  severity: {critical: 10}
  exposure: {privileged: 2, engine_api: 0}
  public_levels: [public, dmz]
waivers:
  - check: privileged-container
    target: web
    reason: vendor appliance, replaced in Q3
    owner: ops@example.com
    until: 2027-01-31
    allow_critical: true
  - {check: HDK-C-002, target: "*", reason: r, owner: o, until: 2026-12-01}
)",
                             ".hardock.yaml");
  ASSERT_TRUE(policy.has_value()) << policy.error().to_string();
  EXPECT_DOUBLE_EQ(policy->risk.impact.at("internal"), 4);
  EXPECT_DOUBLE_EQ(policy->risk.unlabelled, 3);
  EXPECT_DOUBLE_EQ(policy->risk.severity.at(core::Severity::kCritical), 10);
  EXPECT_DOUBLE_EQ(policy->risk.severity.at(core::Severity::kHigh), 4);  // default kept
  EXPECT_DOUBLE_EQ(policy->risk.privileged, 2);
  EXPECT_DOUBLE_EQ(policy->risk.engine_api, 0);
  EXPECT_EQ(policy->risk.public_levels.size(), 2u);
  ASSERT_EQ(policy->waivers.size(), 2u);
  EXPECT_EQ(policy->waivers[0].check, "HDK-C-004");
  EXPECT_TRUE(policy->waivers[0].allow_critical);
  EXPECT_EQ(policy->waivers[0].source, ".hardock.yaml:9");  // the line of its "- check:"
  EXPECT_EQ(policy->waivers[1].target, "*");
}

TEST(PolicyFile, EmptyOrWithoutTheSectionsIsTheDefaults) {
  auto empty = parse_policy("", "p");
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->waivers.empty());
  EXPECT_DOUBLE_EQ(empty->risk.unlabelled, 2);
  EXPECT_TRUE(parse_policy("ignore: [HDK-B-050]\n", "p").has_value());
}

TEST(PolicyFile, HostileInputIsAOneLineErrorNamingTheLine) {
  struct Case {
    std::string text;
    const char* expect;
  };
  const Case cases[] = {
      {"waivers:\n  - {check: NOPE, target: a, reason: r, owner: o, until: 2026-01-01}\n",
       "p:2: waiver: check NOPE names no check"},
      {"waivers:\n  - {check: HDK-C-002, target: a, reason: r, owner: o, until: 2026-02-30}\n",
       "is not a date"},
      {"waivers:\n  - {check: HDK-C-002, target: a, reason: '', owner: o, until: 2026-01-01}\n",
       "reason must not be empty"},
      {"waivers:\n  - {check: HDK-C-002, target: a, reason: r, until: 2026-01-01}\n",
       "owner must not be empty"},
      {"waivers:\n  - {check: HDK-C-002, target: a, reason: r, owner: o, until: 2026-01-01, "
       "allow_critical: yes}\n",
       "allow_critical: expected true or false"},
      {"waivers:\n  - {check: HDK-C-002, target: [a, b], reason: r, owner: o}\n",
       "expected a single value"},
      {"waivers:\n  - {check: HDK-C-002, colour: red}\n", "unknown key colour"},
      {"waivers: {check: HDK-C-002}\n", "waivers: expected a list"},
      {"waivers:\n  - just a string\n", "each waiver is a mapping"},
      {"risk:\n  impact: {public: -1}\n", "expected a number"},
      {"risk:\n  impact: {public: .nan}\n", "expected a number"},
      {"risk:\n  severity: {urgent: 3}\n", "urgent is not critical"},
      {"risk:\n  exposure: {\"\\e[31mred\": 1}\n", "unknown factor"},
      {"risk: [1, 2]\n", "risk: expected a mapping"},
      {"risk:\n  colour: red\n", "unknown key colour"},
      {"- a\n- b\n", "not a YAML mapping"},
      {"waivers: [\n", "p:"},
      {"waivers: " + std::string(10000, '[') + "\n", "nested deeper than 32"},
      {"a: &x [1]\nwaivers: *x\n", "each waiver is a mapping"},
      {"waivers:\n  - {check: HDK-C-002, target: \"a\\nb\", reason: r, owner: o, "
       "until: 2026-01-01}\n",
       "one line"},
  };
  for (const auto& item : cases) {
    SCOPED_TRACE(item.text.substr(0, 80));
    auto policy = parse_policy(item.text, "p");
    ASSERT_FALSE(policy.has_value());
    const std::string& message = policy.error().message;
    EXPECT_NE(message.find(item.expect), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_EQ(message.find('\x1b'), std::string::npos) << message;
    EXPECT_TRUE(message.starts_with("p")) << message;
  }
}

}  // namespace
}  // namespace hardock::risk
