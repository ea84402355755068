// NetworkZones and SnapshotIndex answer what a scan of every container would, built once.
#include "hardock/docker/network_zones.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "hardock/docker/snapshot.h"
#include "hardock/docker/snapshot_index.h"

namespace hardock::docker {
namespace {

EngineSnapshot decode(const std::string& text) {
  auto snapshot = decode_snapshot_text(text);
  if (!snapshot) ADD_FAILURE() << snapshot.error().to_string();
  return snapshot.value_or(EngineSnapshot());
}

// Networks sort by name: back (n2), bridge (n0), front (n1), host (n3), "twin" twice (no id, n4).
const char* kEstate = R"({
  "containers":[
    {"inspect":{"Id":"c0","Name":"/web","Config":{"Labels":{"s":"public"}},
      "NetworkSettings":{"Networks":{"front":{"NetworkID":"n1"},"back":{"NetworkID":"n2"}}}}},
    {"inspect":{"Id":"c1","Name":"/db","Config":{"Labels":{"s":"restricted"}},
      "NetworkSettings":{"Networks":{"back":{"NetworkID":"n2"},"back2":{"NetworkID":"n2"}}}}},
    {"inspect":{"Id":"c2","Name":"/old","Config":{"Labels":{"s":"secret"}},
      "NetworkSettings":{"Networks":{"front":{},"twin":{"NetworkID":"whatever"}}}}},
    {"inspect":{"Id":"c3","Name":"/none"}}],
  "networks":[
    {"Id":"n0","Name":"bridge","Driver":"bridge"},
    {"Id":"n1","Name":"front","Driver":"bridge","Labels":{"s":"internal"},
     "Containers":{"c0":{"Name":"web"},"c2":{"Name":"old"},"gone":{"Name":""}}},
    {"Id":"n2","Name":"back","Driver":"bridge"},
    {"Id":"n3","Name":"host","Driver":"host"},
    {"Name":"twin","Driver":"bridge"},
    {"Name":"twin","Driver":"bridge","Labels":{"s":"nope"}}]})";

TEST(NetworkZones, MembershipFollowsTheContainersOwnNetworkSettings) {
  EngineSnapshot snapshot = decode(kEstate);
  SnapshotIndex index(snapshot);
  NetworkZones zones(index, "s", {"public", "internal", "restricted"});
  auto net = [&](std::string_view name) { return *index.network_position(name); };
  // By id when both sides have one (back2 -> n2), by name otherwise (c2's "front" has no id).
  EXPECT_EQ(zones.members(net("back")), (std::vector<size_t>{0, 1}));
  EXPECT_EQ(zones.members(net("front")), (std::vector<size_t>{0, 2}));
  EXPECT_EQ(zones.members(net("bridge")), std::vector<size_t>{});
  // Networks without an id match by name: c2 is on both "twin" networks.
  EXPECT_EQ(zones.networks_of(2).size(), 3u);
  EXPECT_EQ(zones.networks_of(1), std::vector<size_t>{net("back")});  // once, though listed twice
  EXPECT_TRUE(zones.networks_of(3).empty());
  EXPECT_TRUE(zones.is_member(0, net("front")));
  EXPECT_FALSE(zones.is_member(1, net("front")));
  EXPECT_EQ(zones.unconfirmed_members(net("front")), std::vector<std::string>{"gone"});
}

TEST(NetworkZones, LevelsComeFromOwnLabelElseTheHighestMember) {
  EngineSnapshot snapshot = decode(kEstate);
  SnapshotIndex index(snapshot);
  NetworkZones zones(index, "s", {"public", "internal", "restricted"});
  auto net = [&](std::string_view name) { return *index.network_position(name); };
  EXPECT_EQ(zones.network_level(net("front")).index, 1);
  EXPECT_TRUE(zones.network_level(net("front")).from_label);
  EXPECT_EQ(zones.network_level(net("back")).index, 2);  // db is restricted
  EXPECT_FALSE(zones.network_level(net("back")).from_label);
  EXPECT_EQ(zones.network_level(net("bridge")).index, -1);
  EXPECT_EQ(zones.container_level(2).state, LabelState::kUnknown);
  EXPECT_EQ(zones.container_level(2).value, "secret");
  EXPECT_EQ(zones.container_level(3).state, LabelState::kAbsent);
  EXPECT_EQ(zones.level_name(2), "restricted");
  EXPECT_EQ(zones.level_name(7), "?");
  EXPECT_EQ(zones.levels_text(), "public < internal < restricted");
  EXPECT_FALSE(NetworkZones::is_segment(snapshot.networks[net("host")]));
}

TEST(SnapshotIndex, AnswersAsTheLinearFindsDo) {
  EngineSnapshot snapshot = decode(kEstate);
  // A name that is another container's id: the first in snapshot order wins, as before.
  snapshot.containers[3].name = "c1";
  snapshot.images.push_back({});
  snapshot.images.back().id = "sha256:i";
  SnapshotIndex index(snapshot);
  for (const char* key : {"c0", "web", "c1", "db", "old", "gone", ""}) {
    EXPECT_EQ(index.find_container(key), snapshot.find_container(key)) << key;
  }
  for (const char* key : {"n1", "front", "twin", "nope", ""}) {
    EXPECT_EQ(index.find_network(key), snapshot.find_network(key)) << key;
  }
  EXPECT_EQ(index.find_image("sha256:i"), &snapshot.images.back());
  EXPECT_EQ(index.find_image("sha256:j"), nullptr);
  EXPECT_EQ(index.position(snapshot.containers[2]), 2u);
}

}  // namespace
}  // namespace hardock::docker
