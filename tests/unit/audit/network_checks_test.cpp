// Network checks (HDK-N-*) on hand-written snapshot fragments: which port
// bindings count, and the segmentation rules under default and custom
// sensitivity configurations.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "check_runner.h"
#include "hardock/audit/registry.h"

namespace hardock::audit {
namespace {

using check_test::contains;
using check_test::run_check;

// ---- HDK-N-001 privileged host ports ----

TEST(PrivilegedHostPort, StoppedContainerIsJudgedOnItsRequestedBindings) {
  auto findings = run_check("HDK-N-001", R"({"containers":[{"inspect":{"Name":"/web",
    "State":{"Running":false},"NetworkSettings":{"Ports":{}},
    "HostConfig":{"PortBindings":{"443/tcp":[{"HostIp":"","HostPort":"443"}]}}}}]})");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].evidence, "HostConfig.PortBindings: 443/tcp -> :443");
  EXPECT_EQ(findings[0].target.name, "web");
}

TEST(PrivilegedHostPort, RandomAndHighPortsPassRangesStartingLowFail) {
  EXPECT_TRUE(run_check("HDK-N-001", R"({"containers":[{"inspect":{"Name":"/a",
    "State":{"Running":false},"HostConfig":{"PortBindings":{
      "80/tcp":[{"HostIp":"","HostPort":""}],"81/tcp":[{"HostIp":"","HostPort":"0"}],
      "82/tcp":[{"HostIp":"","HostPort":"1024"}]}}}}]})")
                  .empty());
  auto findings = run_check("HDK-N-001", R"({"containers":[{"inspect":{"Name":"/a",
    "State":{"Running":false},"HostConfig":{"PortBindings":{
      "53/udp":[{"HostIp":"10.0.0.1","HostPort":"1000-1100"}]}}}}]})");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_TRUE(contains(findings[0].evidence, "53/udp -> 10.0.0.1:1000-1100"));
}

TEST(PrivilegedHostPort, RunningContainerUsesEffectivePortsNotRequested) {
  // Requested 80 but Docker reports the effective binding: only the latter counts.
  EXPECT_TRUE(run_check("HDK-N-001", R"({"containers":[{"inspect":{"Name":"/a",
    "State":{"Running":true},
    "HostConfig":{"PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"80"}]}},
    "NetworkSettings":{"Ports":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"}]}}}}]})")
                  .empty());
}

// ---- HDK-N-002 published but not exposed by the image ----

TEST(UnexposedPortPublished, FallsBackToContainerConfigAndSaysSo) {
  auto findings = run_check("HDK-N-002", R"({"containers":[{"inspect":{"Name":"/a",
    "Image":"sha256:gone","State":{"Running":true},"Config":{"ExposedPorts":{"80/tcp":{}}},
    "NetworkSettings":{"Ports":{"9000/tcp":[{"HostIp":"","HostPort":"9000"}]}}}}]})");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_TRUE(contains(findings[0].evidence, "9000/tcp"));
  EXPECT_TRUE(contains(findings[0].evidence, "not in the snapshot"));
  EXPECT_TRUE(contains(findings[0].evidence, "Config.ExposedPorts [80/tcp]"));
}

TEST(UnexposedPortPublished, ContainerExposeDoesNotWhitelistWhenImageIsKnown) {
  // --expose 22 puts 22/tcp in the container's config, not in the image's.
  auto findings = run_check("HDK-N-002", R"({"containers":[{"inspect":{"Name":"/a",
    "Image":"sha256:aa","State":{"Running":true},
    "Config":{"ExposedPorts":{"80/tcp":{},"22/tcp":{}}},
    "NetworkSettings":{"Ports":{"22/tcp":[{"HostIp":"","HostPort":"2222"}]}}}}],
    "images":[{"Id":"sha256:aa","Config":{"ExposedPorts":{"80/tcp":{}}}}]})");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_TRUE(contains(findings[0].evidence, "image's ExposedPorts [80/tcp]"));
}

// ---- HDK-N-004 all interfaces ----

TEST(PortOnAllInterfaces, EmptyAndIpv6AnyCountLoopbackDoesNot) {
  auto findings = run_check("HDK-N-004", R"({"containers":[{"inspect":{"Name":"/a",
    "State":{"Running":true},"NetworkSettings":{"Ports":{
      "80/tcp":[{"HostIp":"::","HostPort":"8080"},{"HostIp":"127.0.0.1","HostPort":"8081"}],
      "81/tcp":[{"HostIp":"","HostPort":"8082"}]}}}}]})");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_TRUE(contains(findings[0].evidence, "80/tcp -> [::]:8080"));
  EXPECT_TRUE(contains(findings[0].evidence, "81/tcp -> :8082"));
  EXPECT_FALSE(contains(findings[0].evidence, "127.0.0.1"));
}

TEST(PortOnAllInterfaces, PublishAllOnStoppedContainerIsReported) {
  auto findings = run_check("HDK-N-004", R"({"containers":[{"inspect":{"Name":"/a",
    "State":{"Running":false},"HostConfig":{"PublishAllPorts":true}}}]})");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_TRUE(contains(findings[0].evidence, "PublishAllPorts=true"));
}

// ---- HDK-N-005 default bridge ----

TEST(DefaultBridgeUsed, ModeWithoutReportedNetworksStillCounts) {
  auto findings = run_check("HDK-N-005", R"({"containers":[
    {"inspect":{"Name":"/a","HostConfig":{"NetworkMode":"default"}}},
    {"inspect":{"Name":"/b","HostConfig":{"NetworkMode":"container:a"}}},
    {"inspect":{"Name":"/c","HostConfig":{"NetworkMode":"bridge"},
      "NetworkSettings":{"Networks":{"bridge":{"NetworkID":"n0"},"app":{"NetworkID":"n1"}}}}}]})");
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].target.name, "a");
  EXPECT_EQ(findings[1].target.name, "c");
  EXPECT_TRUE(contains(findings[1].evidence, "NetworkSettings.Networks has \"bridge\""));
}

// ---- HDK-N-006 icc ----

TEST(IccEnabled, UserBridgeWithMembersFailsWithoutCis22) {
  auto findings = run_check("HDK-N-006", R"({"containers":[{"inspect":{"Name":"/a",
    "NetworkSettings":{"Networks":{"app":{"NetworkID":"n1"}}}}}],
    "networks":[{"Name":"app","Id":"n1","Driver":"bridge"},
                {"Name":"idle","Id":"n2","Driver":"bridge"},
                {"Name":"closed","Id":"n3","Driver":"bridge",
                 "Options":{"com.docker.network.bridge.enable_icc":"false"}},
                {"Name":"swarm","Id":"n4","Driver":"overlay"}]})");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].target.name, "app");
  EXPECT_EQ(findings[0].target.kind, core::TargetKind::kNetwork);
  EXPECT_TRUE(findings[0].cis.empty());
  EXPECT_TRUE(contains(findings[0].evidence, "defaults to true"));
  EXPECT_TRUE(contains(findings[0].evidence, "1 container(s)"));
}

TEST(IccEnabled, TheDefaultBridgeIsTheDaemonsCis22NotThisCheck) {
  // One finding per CIS item and target: the default bridge's icc is HDK-H-002's (2.2).
  const std::string_view snapshot = R"({"networks":[{"Name":"bridge","Id":"n0",
    "Driver":"bridge","Options":{"com.docker.network.bridge.enable_icc":"true"}}]})";
  EXPECT_TRUE(run_check("HDK-N-006", snapshot).empty());
  auto daemon = run_check("HDK-H-002", snapshot);
  ASSERT_EQ(daemon.size(), 1u);
  EXPECT_EQ(daemon[0].cis, "2.2");
  EXPECT_TRUE(contains(std::string(daemon[0].remediation), "\"icc\": false"));
}

// ---- HDK-N-007 overlay encryption ----

TEST(UnencryptedOverlay, IngressIsReportedAndNamed) {
  auto findings = run_check("HDK-N-007", R"({"networks":[
    {"Name":"ingress","Id":"i1","Driver":"overlay","Ingress":true},
    {"Name":"secure","Id":"o2","Driver":"overlay","Options":{"encrypted":"true"}},
    {"Name":"app","Id":"b1","Driver":"bridge"}]})");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].target.name, "ingress");
  EXPECT_TRUE(contains(findings[0].evidence, "Ingress=true"));
}

// ---- Segmentation: HDK-N-008 .. HDK-N-012 ----

AuditConfig zone_config() {
  AuditConfig config;
  config.sensitivity_label = "corp.zone";
  config.sensitivity_levels = {"dmz", "app", "vault"};
  return config;
}

// A front network (web, api) and a back network (api, db); api bridges them.
constexpr std::string_view kTwoTier = R"({"containers":[
  {"inspect":{"Id":"c1","Name":"/web","Config":{"Labels":{"corp.zone":"dmz"}},
    "NetworkSettings":{"Networks":{"front":{"NetworkID":"n1"}}}}},
  {"inspect":{"Id":"c2","Name":"/api","Config":{"Labels":{"corp.zone":"app"}},
    "NetworkSettings":{"Networks":{"front":{"NetworkID":"n1"},"back":{"NetworkID":"n2"}}}}},
  {"inspect":{"Id":"c3","Name":"/db","Config":{"Labels":{"corp.zone":"vault",
    "hardock.sensitivity":"public"}},
    "NetworkSettings":{"Networks":{"back":{"NetworkID":"n2"}}}}}],
  "networks":[{"Name":"front","Id":"n1","Driver":"bridge"},
              {"Name":"back","Id":"n2","Driver":"bridge"}]})";

TEST(Segmentation, CustomLabelKeyAndLevelsDriveMixedNetworks) {
  auto findings = run_check("HDK-N-008", kTwoTier, zone_config());
  ASSERT_EQ(findings.size(), 2u);  // networks in name order (EngineSnapshot::normalize)
  EXPECT_EQ(findings[0].target.name, "back");
  EXPECT_EQ(findings[0].evidence, "members' corp.zone: api=app, db=vault");
  EXPECT_EQ(findings[1].target.name, "front");
  EXPECT_EQ(findings[1].evidence, "members' corp.zone: web=dmz, api=app");
  // Under the default config these containers are unclassified, so nothing mixes.
  EXPECT_TRUE(run_check("HDK-N-008", kTwoTier).empty());
}

TEST(Segmentation, NetworkLevelComesFromItsHighestMember) {
  // Unlabelled: front is "app" (api), back is "vault" (db); both above dmz.
  auto findings = run_check("HDK-N-010", kTwoTier, zone_config());
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].target.name, "back");
  EXPECT_EQ(findings[0].evidence, "highest member corp.zone=vault, Internal=false");
  EXPECT_EQ(findings[1].target.name, "front");
  EXPECT_EQ(findings[1].evidence, "highest member corp.zone=app, Internal=false");
}

TEST(Segmentation, ContainerOnTwoLevelsIsCritical) {
  auto findings = run_check("HDK-N-009", kTwoTier, zone_config());
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].target.name, "api");
  EXPECT_EQ(findings[0].severity, core::Severity::kCritical);
  EXPECT_EQ(findings[0].evidence,
            "attached to networks of different corp.zone levels: front:app (from members), "
            "back:vault (from members)");
}

TEST(Segmentation, OwnLabelWinsOverMembers) {
  // Both networks labelled "app": api no longer bridges levels, and an
  // internal "app" network is fine while the non-internal one is not.
  auto config = zone_config();
  std::string fragment(kTwoTier);
  auto label = [&](std::string_view network, std::string_view extra) {
    std::string from = std::string(R"("Name":")") + std::string(network) + "\"";
    fragment.replace(fragment.find(from), from.size(),
                     from + R"(,"Labels":{"corp.zone":"app"})" + std::string(extra));
  };
  label("front", "");
  label("back", R"(,"Internal":true)");
  EXPECT_TRUE(run_check("HDK-N-009", fragment, config).empty());
  auto not_internal = run_check("HDK-N-010", fragment, config);
  ASSERT_EQ(not_internal.size(), 1u);
  EXPECT_EQ(not_internal[0].target.name, "front");
  EXPECT_EQ(not_internal[0].evidence, "Labels.corp.zone=app, Internal=false");
}

TEST(Segmentation, LevelOrderIsTheConfiguredOrder) {
  // Reversed scale: "restricted" is the lowest, so only "public" must be internal.
  AuditConfig config;
  config.sensitivity_levels = {"restricted", "public"};
  auto findings = run_check("HDK-N-010", R"({"networks":[
    {"Name":"a","Id":"n1","Driver":"bridge","Labels":{"hardock.sensitivity":"restricted"}},
    {"Name":"b","Id":"n2","Driver":"bridge","Labels":{"hardock.sensitivity":"public"}}]})",
                            config);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].target.name, "b");
}

TEST(Segmentation, HostAndNoneNetworksAreNotSegments) {
  constexpr std::string_view fragment = R"({"containers":[
    {"inspect":{"Id":"c1","Name":"/a","Config":{"Labels":{"hardock.sensitivity":"public"}},
      "NetworkSettings":{"Networks":{"host":{"NetworkID":"h"},"app":{"NetworkID":"n1"}}}}}],
    "networks":[{"Name":"host","Id":"h","Driver":"host",
                 "Labels":{"hardock.sensitivity":"restricted"}},
                {"Name":"none","Id":"z","Driver":"null",
                 "Labels":{"hardock.sensitivity":"bogus"}},
                {"Name":"app","Id":"n1","Driver":"bridge"}]})";
  EXPECT_TRUE(run_check("HDK-N-009", fragment).empty());
  EXPECT_TRUE(run_check("HDK-N-010", fragment).empty());
  EXPECT_TRUE(run_check("HDK-N-012", fragment).empty());
}

TEST(Segmentation, UnknownLevelsAreReportedAndNotRanked) {
  constexpr std::string_view fragment = R"({"containers":[
    {"inspect":{"Id":"c1","Name":"/a","Config":{"Labels":{"hardock.sensitivity":"secret"}},
      "NetworkSettings":{"Networks":{"x":{"NetworkID":"n1"},"y":{"NetworkID":"n2"}}}}},
    {"inspect":{"Id":"c2","Name":"/b","Config":{"Labels":{}}}}],
    "networks":[{"Name":"x","Id":"n1","Driver":"bridge",
                 "Labels":{"hardock.sensitivity":"top"}},
                {"Name":"y","Id":"n2","Driver":"bridge",
                 "Labels":{"hardock.sensitivity":"restricted"}}]})";
  auto containers = run_check("HDK-N-011", fragment);
  ASSERT_EQ(containers.size(), 2u);
  EXPECT_EQ(containers[0].evidence,
            "Config.Labels.hardock.sensitivity=secret is not a configured level "
            "(public < internal < restricted)");
  EXPECT_EQ(containers[1].evidence, "Config.Labels has no hardock.sensitivity");
  EXPECT_EQ(containers[0].cobit, "APO12.01");
  EXPECT_EQ(containers[0].domain, core::CobitDomain::kRisk);

  auto networks = run_check("HDK-N-012", fragment);
  ASSERT_EQ(networks.size(), 1u);
  EXPECT_EQ(networks[0].target.name, "x");
  // "top" cannot be compared, so a on x (top) and y (restricted) is not a bridge
  // finding, and x is not judged for --internal.
  EXPECT_TRUE(run_check("HDK-N-009", fragment).empty());
  auto not_internal = run_check("HDK-N-010", fragment);
  ASSERT_EQ(not_internal.size(), 1u);
  EXPECT_EQ(not_internal[0].target.name, "y");
}

TEST(Segmentation, MembershipComesFromContainersNotTheNetworkList) {
  // The network lists db and ghost, but only web says it is attached: not mixed.
  constexpr std::string_view stale = R"({"containers":[
    {"inspect":{"Id":"c1","Name":"/web","Config":{"Labels":{"hardock.sensitivity":"public"}},
      "NetworkSettings":{"Networks":{"app":{"NetworkID":"n1"}}}}},
    {"inspect":{"Id":"c2","Name":"/db","Config":{"Labels":{"hardock.sensitivity":"restricted"}},
      "NetworkSettings":{"Networks":{}}}}],
    "networks":[{"Name":"app","Id":"n1","Driver":"bridge","Containers":{
      "c1":{"Name":"web"},"c2":{"Name":"db"},"c9":{"Name":"ghost"}}}]})";
  EXPECT_TRUE(run_check("HDK-N-008", stale).empty());

  // When it is mixed, the unconfirmed entries are named in the evidence.
  std::string mixed(stale);
  constexpr std::string_view detached = R"("Networks":{})";
  mixed.replace(mixed.find(detached), detached.size(), R"("Networks":{"app":{"NetworkID":"n1"}})");
  auto findings = run_check("HDK-N-008", mixed);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_TRUE(contains(findings[0].evidence, "web=public, db=restricted"));
  EXPECT_TRUE(contains(findings[0].evidence, "also lists ghost"));
}

}  // namespace
}  // namespace hardock::audit
