// decode_snapshot on documents recorded from a private dockerd 20.10 (see
// tests/data/docker/README.md).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_engine.h"
#include "hardock/docker/snapshot.h"

namespace hardock::docker {
namespace {

using core::ErrorCode;

std::string fixture(const std::string& name) {
  return testing::read_text(std::string(HARDOCK_TEST_DATA) + "/docker/" + name);
}

TEST(SnapshotDecode, RecordedSnapshotDecodes) {
  auto snapshot = decode_snapshot_text(fixture("snapshot-dockerd-20.10.json"));
  ASSERT_TRUE(snapshot.has_value()) << snapshot.error().to_string();
  EXPECT_EQ(snapshot->endpoint, "unix:///tmp/client-engine/docker.sock");
  EXPECT_TRUE(snapshot->local);
  EXPECT_EQ(snapshot->version.api_version, "1.41");
  EXPECT_EQ(snapshot->info.storage_driver, "vfs");
  ASSERT_EQ(snapshot->containers.size(), 6u);
  EXPECT_TRUE(snapshot->errors.empty());

  const Container* web = snapshot->find_container("web");
  ASSERT_NE(web, nullptr);
  EXPECT_TRUE(web->running);
  EXPECT_TRUE(web->readonly_rootfs);
  EXPECT_EQ(web->cap_drop, std::vector<std::string>{"ALL"});
  EXPECT_EQ(web->pids_limit, 100);
  EXPECT_EQ(web->memory, 64 << 20);
  EXPECT_EQ(web->restart_policy.name, "on-failure");
  EXPECT_EQ(web->process_source, ProcessSource::kProc);
  ASSERT_EQ(web->processes.size(), 1u);
  EXPECT_EQ(web->processes[0].user, "root");

  const Container* c2 = snapshot->find_container("c2");
  ASSERT_NE(c2, nullptr);
  ASSERT_EQ(c2->processes.size(), 2u);
  EXPECT_EQ(c2->processes[0].user, "1000");

  const Container* created = snapshot->find_container("priv");
  ASSERT_NE(created, nullptr);
  EXPECT_TRUE(created->privileged);
  EXPECT_FALSE(created->running);
  EXPECT_EQ(created->process_source, ProcessSource::kNone);

  const Network* backend = snapshot->find_network("backend");
  ASSERT_NE(backend, nullptr);
  EXPECT_TRUE(backend->internal);
  ASSERT_EQ(backend->containers.size(), 1u);
  EXPECT_EQ(backend->containers[0].name, "db");
  ASSERT_EQ(snapshot->images.size(), 1u);
  EXPECT_NE(snapshot->find_image(web->image_id), nullptr);
}

TEST(SnapshotDecode, RecordedInspectDecodes) {
  auto container = decode_container(nlohmann::json::parse(fixture("inspect-web.json")));
  ASSERT_TRUE(container.has_value()) << container.error().to_string();
  EXPECT_EQ(container->name, "web");
  EXPECT_EQ(container->cap_add, std::vector<std::string>{"CAP_NET_BIND_SERVICE"});
  EXPECT_EQ(container->security_opt, std::vector<std::string>{"no-new-privileges"});
  ASSERT_EQ(container->mounts.size(), 1u);
  EXPECT_FALSE(container->mounts[0].rw);
  EXPECT_EQ(container->labels.at("tier"), "front");
}

TEST(SnapshotDecode, OtherMajorSchemaIsUnsupported) {
  auto snapshot = decode_snapshot_text(R"({"schema":"hardock.engine-snapshot/2"})");
  ASSERT_FALSE(snapshot.has_value());
  EXPECT_EQ(snapshot.error().code, ErrorCode::kUnsupportedVersion);
}

TEST(SnapshotDecode, WrongTypeNamesTheField) {
  auto document = nlohmann::json::parse(fixture("snapshot-dockerd-20.10.json"));
  document["containers"][1]["inspect"]["HostConfig"]["Privileged"] = "yes";
  auto snapshot = decode_snapshot(document);
  ASSERT_FALSE(snapshot.has_value());
  EXPECT_EQ(snapshot.error().code, ErrorCode::kMalformedInput);
  EXPECT_NE(snapshot.error().message.find("HostConfig.Privileged"), std::string::npos);
}

TEST(SnapshotDecode, TruncatedTextGivesBytePosition) {
  std::string text = fixture("snapshot-dockerd-20.10.json").substr(0, 500);
  auto snapshot = decode_snapshot_text(text);
  ASSERT_FALSE(snapshot.has_value());
  EXPECT_EQ(snapshot.error().code, ErrorCode::kMalformedInput);
  EXPECT_NE(snapshot.error().message.find("at byte 501"), std::string::npos)
      << snapshot.error().message;
}

}  // namespace
}  // namespace hardock::docker
