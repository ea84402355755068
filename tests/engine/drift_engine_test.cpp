// Disk use and drift against the real private dockerd (scripts/test.sh; label engine): the
// collector reads GET /system/df into the snapshot, and a container recreated with
// --privileged between two collections is reported as recreated, privileged false -> true.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "hardock/docker/collector.h"
#include "hardock/docker/endpoint.h"
#include "hardock/docker/engine_client.h"
#include "hardock/drift/drift.h"

namespace hardock {
namespace {

std::string engine_host() {
  const char* host = std::getenv("HARDOCK_TEST_DOCKER_HOST");
  return host == nullptr ? std::string() : std::string(host);
}

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

int docker(const std::string& host, const std::string& args) {
  const std::string command = "docker -H " + quoted(host) + " " + args + " >/dev/null 2>&1";
  return std::system(command.c_str());
}

class DriftEngine : public ::testing::Test {
 protected:
  void SetUp() override {
    host_ = engine_host();
    ASSERT_FALSE(host_.empty()) << "HARDOCK_TEST_DOCKER_HOST is not set: run scripts/test.sh, "
                                   "or exclude these tests with ctest -LE engine";
    docker(host_, "rm -f d-drift");
  }
  void TearDown() override {
    if (!host_.empty()) docker(host_, "rm -f d-drift");
  }

  drift::DriftSide collect() {
    docker::EndpointOptions endpoint_options;
    endpoint_options.host = host_;
    auto endpoint = docker::resolve_endpoint(endpoint_options);
    EXPECT_TRUE(endpoint.has_value());
    auto client = docker::EngineClient::connect(*endpoint);
    EXPECT_TRUE(client.has_value());
    auto document = docker::collect_snapshot_document(*client, {});
    EXPECT_TRUE(document.has_value());
    drift::DriftSide side;
    auto decoded = drift::decode_side_snapshot(document->dump(), side);
    EXPECT_TRUE(decoded.has_value()) << decoded.error().to_string();
    return side;
  }

  std::string host_;
};

TEST_F(DriftEngine, DiskUseIsCollected) {
  // A stopped container: its writable layer is reclaimable space.
  ASSERT_EQ(docker(host_,
                   "run --name d-drift --label hardock.test=1 hardock-test/busybox:1 "
                   "sh -c 'echo x > /written'"),
            0);
  const drift::DriftSide side = collect();
  ASSERT_TRUE(side.engine.disk_usage.has_value());
  const auto& usage = *side.engine.disk_usage;
  EXPECT_GT(usage.images.count, 0);
  EXPECT_GT(usage.layers_size, 0);
  EXPECT_GT(usage.containers.count, 0);
  bool listed = false;
  for (const auto& item : usage.stopped_containers) listed = listed || item.name == "d-drift";
  EXPECT_TRUE(listed);
}

TEST_F(DriftEngine, RecreatedWithPrivilegedIsReported) {
  ASSERT_EQ(docker(host_,
                   "run -d --name d-drift --label hardock.test=1 hardock-test/busybox:1 "
                   "sleep infinity"),
            0);
  const drift::DriftSide before = collect();
  ASSERT_EQ(docker(host_, "rm -f d-drift"), 0);
  ASSERT_EQ(docker(host_,
                   "run -d --name d-drift --privileged --label hardock.test=1 "
                   "hardock-test/busybox:1 sleep infinity"),
            0);
  const drift::DriftSide after = collect();
  const drift::DriftReport report = drift::compare(before, after);
  const drift::ContainerDrift* recreated = nullptr;
  for (const auto& container : report.containers) {
    if (container.name == "d-drift") recreated = &container;
  }
  ASSERT_NE(recreated, nullptr) << drift::render_table(report);
  EXPECT_EQ(recreated->change, drift::ContainerChange::kRecreated);
  bool privileged = false;
  for (const auto& field : recreated->fields) {
    if (field.field == "privileged" && field.before == "false" && field.after == "true") {
      privileged = true;
    }
  }
  EXPECT_TRUE(privileged) << drift::render_table(report);
  EXPECT_TRUE(report.security_relevant());
}

}  // namespace
}  // namespace hardock
