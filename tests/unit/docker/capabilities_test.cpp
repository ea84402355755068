// The one capability model (docker/capabilities.h) that the audit and the hardening share.
#include "hardock/docker/capabilities.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace hardock::docker {
namespace {

using Strings = std::vector<std::string>;
using Set = std::set<std::string>;

TEST(Capabilities, NormalisesPrefixCaseAndSpace) {
  EXPECT_EQ(normalize_capability("cap_net_raw"), "NET_RAW");
  EXPECT_EQ(normalize_capability("CAP_NET_ADMIN"), "NET_ADMIN");
  EXPECT_EQ(normalize_capability(" Net_Admin "), "NET_ADMIN");
  EXPECT_EQ(normalize_capability("all"), "ALL");
}

TEST(Capabilities, NoChangesGiveTheDefaultSet) {
  const auto effective = effective_capabilities({}, {});
  EXPECT_EQ(effective.size(), kDefaultCapabilities.size());
  EXPECT_TRUE(capabilities_beyond_default(effective).empty());
  EXPECT_TRUE(keeps_all_default_capabilities(effective));
}

TEST(Capabilities, DropAllThenAddOnlyKeepsTheAdded) {
  const auto effective = effective_capabilities({"NET_BIND_SERVICE"}, {"ALL"});
  EXPECT_EQ(effective, (Set{"NET_BIND_SERVICE"}));
  EXPECT_TRUE(capabilities_beyond_default(effective).empty());
  EXPECT_FALSE(keeps_all_default_capabilities(effective));
}

TEST(Capabilities, DropAllLowercaseIsStillAll) {
  EXPECT_EQ(effective_capabilities({"cap_chown"}, {"all"}), (Set{"CHOWN"}));
}

TEST(Capabilities, AddedSysAdminIsBeyondDefault) {
  const auto extra = capabilities_beyond_default(effective_capabilities({"CAP_SYS_ADMIN"}, {}));
  EXPECT_EQ(extra, (Strings{"SYS_ADMIN"}));
}

TEST(Capabilities, AddingADefaultCapabilityIsNotExtra) {
  const auto effective = effective_capabilities({"cap_net_raw", "Chown"}, {"NET_RAW"});
  // CapAdd wins over CapDrop for the same name, as in the engine.
  EXPECT_TRUE(effective.contains("NET_RAW"));
  EXPECT_TRUE(capabilities_beyond_default(effective).empty());
}

TEST(Capabilities, AddAllGrantsEverythingButTheDropped) {
  const auto effective = effective_capabilities({"ALL"}, {"SYS_MODULE"});
  EXPECT_EQ(effective.size(), kAllCapabilities.size() - 1);
  EXPECT_FALSE(effective.contains("SYS_MODULE"));
  const auto extra = capabilities_beyond_default(effective);
  EXPECT_NE(std::find(extra.begin(), extra.end(), "SYS_ADMIN"), extra.end());
  EXPECT_EQ(extra.size(), kAllCapabilities.size() - kDefaultCapabilities.size() - 1);
}

TEST(Capabilities, DroppingOneDefaultMeansTheSetWasReduced) {
  EXPECT_FALSE(keeps_all_default_capabilities(effective_capabilities({}, {"cap_net_raw"})));
  // Dropping something outside the default set reduces nothing.
  EXPECT_TRUE(keeps_all_default_capabilities(effective_capabilities({}, {"SYS_ADMIN"})));
}

TEST(Capabilities, PrivilegedHasEveryCapabilityWhateverItDrops) {
  const auto effective = effective_capabilities({}, {"ALL"}, true);
  EXPECT_EQ(effective.size(), kAllCapabilities.size());
}

TEST(Capabilities, AnUnknownAddedNameCountsAsGranted) {
  // Newer than the table, or a hostile snapshot's: never assumed away.
  const auto effective = effective_capabilities({"cap_future_thing"}, {"ALL"});
  EXPECT_EQ(effective, (Set{"FUTURE_THING"}));
  EXPECT_EQ(capabilities_beyond_default(effective), (Strings{"FUTURE_THING"}));
  EXPECT_FALSE(is_known_capability("FUTURE_THING"));
  EXPECT_TRUE(is_known_capability("SYS_ADMIN"));
}

}  // namespace
}  // namespace hardock::docker
