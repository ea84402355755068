#include "hardock/harden/network_plan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "hardock/audit/registry.h"

namespace hardock::harden {
namespace {

docker::EngineSnapshot load_fixture(const std::string& name) {
  std::ifstream in(std::string(HARDOCK_TEST_DATA) + "/harden/network/" + name);
  std::stringstream text;
  text << in.rdbuf();
  auto snapshot = docker::decode_snapshot_text(text.str());
  if (!snapshot) ADD_FAILURE() << name << ": " << snapshot.error().to_string();
  return snapshot ? *snapshot : docker::EngineSnapshot{};
}

const NetworkMove* move_of(const NetworkPlan& plan, const std::string& container) {
  for (const auto& move : plan.moves) {
    if (move.container == container) return &move;
  }
  return nullptr;
}

const NetworkDecision* decision_for(const NetworkPlan& plan, const std::string& container) {
  for (const auto& decision : plan.decisions) {
    if (decision.container == container) return &decision;
  }
  return nullptr;
}

const PlannedNetwork* network_named(const NetworkPlan& plan, const std::string& name) {
  for (const auto& net : plan.networks) {
    if (net.name == name) return &net;
  }
  return nullptr;
}

std::vector<core::Finding> findings_of(const std::string& code,
                                       const docker::EngineSnapshot& snapshot) {
  const audit::Check* check = audit::find_check(code);
  if (check == nullptr) {
    ADD_FAILURE() << code;
    return {};
  }
  audit::AuditConfig config;
  return check->run(*check, audit::AuditContext{snapshot, config});
}

class MixedLevels : public ::testing::Test {
 protected:
  void SetUp() override {
    snapshot_ = load_fixture("mixed-levels.json");
    auto plan = plan_networks(snapshot_, config_);
    ASSERT_TRUE(plan) << plan.error().to_string();
    plan_ = *plan;
  }
  docker::EngineSnapshot snapshot_;
  audit::AuditConfig config_;
  NetworkPlan plan_;
};

TEST_F(MixedLevels, TwoLevelsOnOneNetworkMoveToPerLevelNetworks) {
  const auto* web = move_of(plan_, "web");
  const auto* db = move_of(plan_, "db");
  ASSERT_NE(web, nullptr);
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(web->to_network, "hardock-public");
  EXPECT_EQ(db->to_network, "hardock-restricted");
  EXPECT_EQ(web->from_networks, std::vector<std::string>{"app"});
  EXPECT_EQ(db->from_networks, std::vector<std::string>{"app"});
  EXPECT_EQ(move_of(plan_, "cache"), nullptr) << "vault already fits the restricted level";
  EXPECT_EQ(plan_.moves.size(), 2U);
}

TEST_F(MixedLevels, RestrictedNetworkIsInternalWithIccOffAndPublicIsNotInternal) {
  const auto* restricted = network_named(plan_, "hardock-restricted");
  const auto* pub = network_named(plan_, "hardock-public");
  ASSERT_NE(restricted, nullptr);
  ASSERT_NE(pub, nullptr);
  EXPECT_TRUE(restricted->internal);
  EXPECT_FALSE(pub->internal);
  for (const auto* net : {restricted, pub}) {
    EXPECT_EQ(net->options.at("com.docker.network.bridge.enable_icc"), "false");
  }
  EXPECT_EQ(restricted->labels.at("hardock.sensitivity"), "restricted");
  EXPECT_EQ(network_named(plan_, "hardock-internal"), nullptr) << "no container needs it";
}

TEST_F(MixedLevels, ContainersThatCannotBeMovedAreListedForADecision) {
  ASSERT_NE(decision_for(plan_, "gateway"), nullptr);
  EXPECT_EQ(decision_for(plan_, "gateway")->kind, DecisionKind::kBridgesLevels);
  ASSERT_NE(decision_for(plan_, "tool"), nullptr);
  EXPECT_EQ(decision_for(plan_, "tool")->kind, DecisionKind::kUnlabelled);
  ASSERT_NE(decision_for(plan_, "odd"), nullptr);
  EXPECT_EQ(decision_for(plan_, "odd")->kind, DecisionKind::kUnknownLevel);
  ASSERT_NE(decision_for(plan_, "agent"), nullptr);
  EXPECT_EQ(decision_for(plan_, "agent")->kind, DecisionKind::kNetworkMode);
  for (const char* name : {"gateway", "tool", "odd", "agent"}) {
    EXPECT_EQ(move_of(plan_, name), nullptr) << name;
  }
}

TEST_F(MixedLevels, PlanRemovesTheMixedNetworkFindingAndSaysSo) {
  auto mixed_before = findings_of("HDK-N-008", snapshot_);
  ASSERT_EQ(mixed_before.size(), 1U);
  EXPECT_TRUE(findings_of("HDK-N-008", apply_network_plan(snapshot_, plan_)).empty());
  EXPECT_TRUE(findings_of("HDK-N-010", apply_network_plan(snapshot_, plan_)).empty());
  auto fixed = [&](const std::string& code, const std::string& target) {
    return std::any_of(plan_.fixes.begin(), plan_.fixes.end(), [&](const FixedFinding& fix) {
      return fix.code == code && fix.target == target;
    });
  };
  EXPECT_TRUE(fixed("HDK-N-008", "app"));
  EXPECT_TRUE(fixed("HDK-N-010", "app"));
  EXPECT_FALSE(fixed("HDK-N-009", "gateway")) << "the bridging container is left in place";
}

TEST_F(MixedLevels, MovesCarryNotesForPublishedPortsAndCompose) {
  const auto* db = move_of(plan_, "db");
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->compose_project, "shop");
  EXPECT_EQ(db->compose_service, "db");
  const auto mentions = [&](std::string_view text) {
    return std::any_of(db->notes.begin(), db->notes.end(), [&](const std::string& note) {
      return note.find(text) != std::string::npos;
    });
  };
  EXPECT_TRUE(mentions("publishes ports"));
  EXPECT_TRUE(mentions("Compose project shop"));
  EXPECT_TRUE(move_of(plan_, "web")->notes.empty()) << "public network is not internal";
}

TEST_F(MixedLevels, ScriptCreatesConnectsThenDisconnectsAndListsFixes) {
  const std::string script = render_network_script(plan_);
  const auto create = script.find(
      "docker network create --driver bridge --internal --label hardock.sensitivity=restricted "
      "--opt com.docker.network.bridge.enable_icc=false hardock-restricted\n");
  const auto connect = script.find("docker network connect hardock-restricted db\n");
  const auto disconnect = script.find("docker network disconnect app db\n");
  ASSERT_NE(create, std::string::npos) << script;
  ASSERT_NE(connect, std::string::npos) << script;
  ASSERT_NE(disconnect, std::string::npos) << script;
  EXPECT_LT(create, connect);
  EXPECT_LT(connect, disconnect);
  const auto header_end = script.find("set -eu");
  EXPECT_LT(script.find("#   HDK-N-008 mixed-sensitivity-network: app"), header_end);
  EXPECT_LT(script.find("#   gateway (bridges levels)"), header_end);
  EXPECT_NE(script.find("#       networks: [hardock-restricted]"), std::string::npos);
  EXPECT_EQ(script.find("docker network create --driver bridge --internal --label "
                        "hardock.sensitivity=public"),
            std::string::npos);
}

docker::Network bridge_network(const std::string& id, const std::string& name) {
  docker::Network net;
  net.id = id;
  net.name = name;
  net.driver = "bridge";
  return net;
}

docker::Container labelled(const std::string& name, const std::string& level,
                           const std::string& network) {
  docker::Container container;
  container.id = "id-" + name;
  container.name = name;
  container.network_mode = network;
  if (!level.empty()) container.labels["hardock.sensitivity"] = level;
  container.networks.push_back({network, "n-" + network, ""});
  return container;
}

TEST(NetworkPlan, DefaultBridgeContainersMoveAndUnlabelledOnesStay) {
  docker::EngineSnapshot snapshot;
  snapshot.networks.push_back(bridge_network("n-bridge", "bridge"));
  snapshot.containers = {labelled("shopfront", "public", "bridge"),
                         labelled("ledger", "internal", "bridge"), labelled("misc", "", "bridge")};
  auto plan = plan_networks(snapshot, audit::AuditConfig{});
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_EQ(plan->moves.size(), 2U);
  EXPECT_EQ(move_of(*plan, "ledger")->to_network, "hardock-internal");
  EXPECT_TRUE(network_named(*plan, "hardock-internal")->internal);
  EXPECT_EQ(decision_for(*plan, "misc")->kind, DecisionKind::kUnlabelled);
  const auto after = apply_network_plan(snapshot, *plan);
  EXPECT_EQ(after.find_container("ledger")->networks.size(), 1U);
  EXPECT_EQ(after.find_container("ledger")->networks.front().name, "hardock-internal");
  EXPECT_EQ(after.find_container("misc")->networks.front().name, "bridge");
}

TEST(NetworkPlan, ExistingNetworkOfThePlannedNameThatIsNotInternalIsRefused) {
  docker::EngineSnapshot snapshot;
  snapshot.networks.push_back(bridge_network("n-app", "app"));
  snapshot.networks.push_back(bridge_network("n-x", "hardock-restricted"));
  snapshot.containers = {labelled("db", "restricted", "app")};
  auto plan = plan_networks(snapshot, audit::AuditConfig{});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(plan.error().message.find("hardock-restricted"), std::string::npos);
}

TEST(NetworkPlan, ExistingPlannedNetworkIsReusedNotCreated) {
  docker::EngineSnapshot snapshot;
  snapshot.networks.push_back(bridge_network("n-app", "app"));
  docker::Network existing = bridge_network("n-r", "hardock-restricted");
  existing.internal = true;
  existing.options["com.docker.network.bridge.enable_icc"] = "false";
  existing.labels["hardock.sensitivity"] = "restricted";
  snapshot.networks.push_back(existing);
  snapshot.containers = {labelled("db", "restricted", "app"), labelled("web", "public", "app")};
  auto plan = plan_networks(snapshot, audit::AuditConfig{});
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_NE(network_named(*plan, "hardock-restricted"), nullptr);
  EXPECT_TRUE(network_named(*plan, "hardock-restricted")->exists);
  const std::string script = render_network_script(*plan);
  EXPECT_EQ(script.find("create --driver bridge --internal"), std::string::npos) << script;
  EXPECT_NE(script.find("docker network connect hardock-restricted db"), std::string::npos);
}

TEST(NetworkPlan, LevelThatCannotNameANetworkIsRefused) {
  audit::AuditConfig config;
  config.sensitivity_levels = {"public", "top secret"};
  docker::EngineSnapshot snapshot;
  snapshot.networks.push_back(bridge_network("n-app", "app"));
  snapshot.containers = {labelled("vault", "top secret", "app")};
  auto plan = plan_networks(snapshot, config);
  ASSERT_FALSE(plan);
  EXPECT_NE(plan.error().message.find("hardock-top secret"), std::string::npos);
}

}  // namespace
}  // namespace hardock::harden
