// The pure parts of observe_container: stats and changes documents, the kernel's TCP socket
// tables, and the listening ports of a container's processes under a /proc laid out in a temp
// directory. Fixtures: tests/data/harden/observe/ (see its README.md).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "hardock/harden/container_hardening.h"

namespace hardock::harden {
namespace {

using testing::ElementsAre;
using testing::IsEmpty;

constexpr int64_t kMiB = int64_t{1} << 20;

std::string fixture_text(const std::string& name) {
  std::ifstream in(std::string(HARDOCK_TEST_DATA) + "/harden/observe/" + name);
  EXPECT_TRUE(in.good()) << name;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

nlohmann::json fixture_json(const std::string& name) {
  return nlohmann::json::parse(fixture_text(name));
}

TEST(ParseStats, CgroupV1SampleSubtractsTheInactiveCacheAndComputesCores) {
  auto sample = parse_stats(fixture_json("stats-cgroup-v1.json"));
  ASSERT_TRUE(sample.has_value()) << sample.error().to_string();
  EXPECT_EQ(sample->memory_usage_bytes, 40 * kMiB);      // 50 MiB - 10 MiB total_inactive_file
  EXPECT_EQ(sample->memory_max_usage_bytes, 70 * kMiB);  // v1 only
  EXPECT_EQ(sample->pids_current, 3);
  EXPECT_EQ(sample->online_cpus, 2);
  ASSERT_TRUE(sample->cpu_cores_used.has_value());
  EXPECT_DOUBLE_EQ(*sample->cpu_cores_used, 0.3);  // 0.3 s of CPU in 2 s of host time x 2 CPUs
}

TEST(ParseStats, CgroupV2SampleHasNoMaxUsage) {
  auto sample = parse_stats(fixture_json("stats-cgroup-v2.json"));
  ASSERT_TRUE(sample.has_value()) << sample.error().to_string();
  EXPECT_EQ(sample->memory_usage_bytes, 96 * kMiB);  // 100 MiB - 4 MiB inactive_file
  EXPECT_FALSE(sample->memory_max_usage_bytes.has_value());
  EXPECT_EQ(sample->pids_current, 12);
  EXPECT_EQ(sample->online_cpus, 4);
  ASSERT_TRUE(sample->cpu_cores_used.has_value());
  EXPECT_DOUBLE_EQ(*sample->cpu_cores_used, 1.0);  // 1 s in 4 s of host time x 4 CPUs
}

TEST(ParseStats, StoppedContainerYieldsNothing) {
  auto sample = parse_stats(fixture_json("stats-stopped.json"));
  ASSERT_TRUE(sample.has_value()) << sample.error().to_string();
  EXPECT_FALSE(sample->memory_usage_bytes.has_value());
  EXPECT_FALSE(sample->pids_current.has_value());
  EXPECT_FALSE(sample->cpu_cores_used.has_value());
  EXPECT_FALSE(sample->online_cpus.has_value());
}

TEST(ParseStats, OnlineCpusFallBackToThePerCpuList) {
  auto stats = fixture_json("stats-cgroup-v1.json");
  stats["cpu_stats"].erase("online_cpus");
  auto sample = parse_stats(stats);
  ASSERT_TRUE(sample.has_value());
  EXPECT_EQ(sample->online_cpus, 2);
}

TEST(ParseStats, WrongTypesAreErrorsNamingTheField) {
  auto stats = fixture_json("stats-cgroup-v1.json");
  stats["pids_stats"]["current"] = "three";
  auto sample = parse_stats(stats);
  ASSERT_FALSE(sample.has_value());
  EXPECT_EQ(sample.error().code, core::ErrorCode::kMalformedInput);
  EXPECT_THAT(sample.error().message, testing::HasSubstr("/pids_stats/current"));
  EXPECT_FALSE(parse_stats(nlohmann::json::array()).has_value());
}

TEST(ParseChanges, ReadsPathsAndKinds) {
  auto changes = parse_changes(nlohmann::json::parse(
      R"([{"Path":"/var","Kind":0},{"Path":"/var/lib/app","Kind":1},{"Path":"/etc/motd","Kind":2}])"));
  ASSERT_TRUE(changes.has_value());
  ASSERT_EQ(changes->size(), 3U);
  EXPECT_EQ((*changes)[1].path, "/var/lib/app");
  EXPECT_EQ((*changes)[1].kind, 1);
  EXPECT_EQ((*changes)[2].kind, 2);
  auto none = parse_changes(nlohmann::json());  // the engine answers null for no changes
  ASSERT_TRUE(none.has_value());
  EXPECT_THAT(*none, IsEmpty());
  EXPECT_FALSE(parse_changes(nlohmann::json::parse(R"([{"Path":1,"Kind":0}])")).has_value());
  EXPECT_FALSE(parse_changes(nlohmann::json::parse(R"({"Path":"/x"})")).has_value());
}

TEST(ParseProcNetTcp, KeepsOnlyListeningSockets) {
  auto sockets = parse_proc_net_tcp(fixture_text("proc-net-tcp.txt"));
  ASSERT_TRUE(sockets.has_value()) << sockets.error().to_string();
  ASSERT_EQ(sockets->size(), 1U);  // the established and TIME_WAIT entries are not listeners
  EXPECT_EQ((*sockets)[0].address, "0100007F");
  EXPECT_EQ((*sockets)[0].port, 5432);
  EXPECT_EQ((*sockets)[0].inode, 900001U);
}

TEST(ParseProcNetTcp, ReadsTheIpv6Table) {
  auto sockets = parse_proc_net_tcp(fixture_text("proc-net-tcp6.txt"));
  ASSERT_TRUE(sockets.has_value()) << sockets.error().to_string();
  ASSERT_EQ(sockets->size(), 1U);
  EXPECT_EQ((*sockets)[0].port, 8080);
  EXPECT_EQ((*sockets)[0].inode, 871502U);
  EXPECT_EQ((*sockets)[0].address, std::string(32, '0'));
}

TEST(ParseProcNetTcp, MalformedLinesAreErrorsNamingTheLine) {
  auto sockets = parse_proc_net_tcp("header\n   0: 0100007F:1538 00000000:0000 0A\n");
  ASSERT_FALSE(sockets.has_value());
  EXPECT_EQ(sockets.error().code, core::ErrorCode::kMalformedInput);
  EXPECT_THAT(sockets.error().message, testing::HasSubstr("line 2"));
  auto bad_port = parse_proc_net_tcp(
      "header\n   0: 0100007F:XYZ 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n");
  ASSERT_FALSE(bad_port.has_value());
  EXPECT_TRUE(parse_proc_net_tcp("only a header\n").has_value());
}

// A /proc tree in a temp directory: one container process (pid 40) whose network namespace lists
// the fixture tables, holding the 8080 socket (inode 871502) open as fd 3.
class ListeningPorts : public testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("hardock-observe-" + std::to_string(::getpid()) + "-" +
             testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(root_ / "40" / "net");
    std::filesystem::create_directories(root_ / "40" / "fd");
    write("40/net/tcp", fixture_text("proc-net-tcp.txt"));
    write("40/net/tcp6", fixture_text("proc-net-tcp6.txt"));
    std::filesystem::create_symlink("socket:[871502]", root_ / "40" / "fd" / "3");
    std::filesystem::create_symlink("/dev/null", root_ / "40" / "fd" / "0");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  void write(const std::string& relative, const std::string& text) const {
    std::ofstream(root_ / relative) << text;
  }

  std::filesystem::path root_;
};

TEST_F(ListeningPorts, CountsOnlySocketsTheProcessesHold) {
  // 5432 is in the namespace but not held by the container's process: on the host network that
  // would be a host service.
  auto ports = read_listening_ports(root_.string(), 40, {40}, true);
  ASSERT_TRUE(ports.has_value()) << ports.error().to_string();
  EXPECT_THAT(*ports, ElementsAre("8080/tcp"));
}

TEST_F(ListeningPorts, WithoutReadableFdsItsOwnNamespaceCountsWhole) {
  std::filesystem::remove_all(root_ / "40" / "fd");
  auto ports = read_listening_ports(root_.string(), 40, {40}, false);
  ASSERT_TRUE(ports.has_value()) << ports.error().to_string();
  EXPECT_THAT(*ports, ElementsAre("5432/tcp", "8080/tcp"));
  // On the host network the host's sockets cannot be told apart: an error, not a guess.
  auto host = read_listening_ports(root_.string(), 40, {40}, true);
  ASSERT_FALSE(host.has_value());
  EXPECT_EQ(host.error().code, core::ErrorCode::kPermissionDenied);
}

TEST_F(ListeningPorts, AnInvisiblePidIsNotFound) {
  auto ports = read_listening_ports(root_.string(), 41, {41}, false);
  ASSERT_FALSE(ports.has_value());
  EXPECT_EQ(ports.error().code, core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace hardock::harden
