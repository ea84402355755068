// The daemon configuration reader on the host roots that
// tests/host/make-daemon-fixtures.sh generates under tests/data/host/daemon/.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hardock/host/daemon_config.h"

namespace hardock::host {
namespace {

DaemonConfig read_case(const std::string& name, ReadContext context = {}) {
  context.root = std::string(HARDOCK_TEST_DATA) + "/host/daemon/" + name;
  context.live = false;
  auto config = read_daemon_config(context);
  EXPECT_TRUE(config.has_value()) << (config ? "" : config.error().to_string());
  return config ? *config : DaemonConfig{};
}

std::vector<std::string> sources_of(const DaemonConfig& config, const std::string& key) {
  std::vector<std::string> out;
  for (const auto* setting : config.effective(key)) out.push_back(setting->source);
  return out;
}

TEST(DaemonConfigRead, DaemonJsonKeysCarryTheirLine) {
  const auto config = read_case("json-basic");
  EXPECT_TRUE(config.errors.empty());
  EXPECT_EQ(config.sources, std::vector<std::string>{"/etc/docker/daemon.json"});
  EXPECT_EQ(config.boolean("icc"), false);
  EXPECT_EQ(sources_of(config, "icc"), std::vector<std::string>{"/etc/docker/daemon.json:2"});
  EXPECT_EQ(config.values("hosts"),
            (std::vector<std::string>{"unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"}));
  EXPECT_EQ(sources_of(config, "hosts"), std::vector<std::string>{"/etc/docker/daemon.json:3"});
  EXPECT_EQ(config.values("log-level"), std::vector<std::string>{"debug"});
  EXPECT_EQ(config.values("default-ulimits"),
            std::vector<std::string>{R"({"nofile":{"Hard":64000,"Name":"nofile","Soft":64000}})"});
  EXPECT_EQ(sources_of(config, "live-restore"),
            std::vector<std::string>{"/etc/docker/daemon.json:7"});
  EXPECT_TRUE(config.conflicts.empty());
  EXPECT_FALSE(config.user.has_value());
}

TEST(DaemonConfigRead, CommentIsAnErrorWithLineAndColumn) {
  const auto config = read_case("json-comment");
  ASSERT_EQ(config.errors.size(), 1u);
  EXPECT_EQ(config.errors[0].source, "/etc/docker/daemon.json");
  // The source names the file; the message says where in it, once.
  EXPECT_EQ(config.errors[0].message.rfind("line 3, column 3: ", 0), 0U)
      << config.errors[0].message;
  EXPECT_TRUE(config.settings.empty());
  EXPECT_FALSE(config.absent());
}

TEST(DaemonConfigRead, TrailingGarbageIsAnErrorWithLineAndColumn) {
  const auto config = read_case("json-trailing");
  ASSERT_EQ(config.errors.size(), 1u);
  EXPECT_NE(config.errors[0].message.find("line 4, column 1: "), std::string::npos)
      << config.errors[0].message;
}

TEST(DaemonConfigRead, EmptyFileIsAnEmptyConfiguration) {
  const auto config = read_case("json-empty");
  EXPECT_TRUE(config.errors.empty());
  EXPECT_TRUE(config.settings.empty());
  EXPECT_FALSE(config.absent());
}

TEST(DaemonConfigRead, UnreadableFileIsRecordedNotFatal) {
  const auto config = read_case("json-unreadable");
  ASSERT_EQ(config.errors.size(), 1u);
  EXPECT_EQ(config.errors[0].source, "/etc/docker/daemon.json");
  EXPECT_EQ(config.errors[0].message, "not a regular file (a directory)");
}

TEST(DaemonConfigRead, MissingRootFails) {
  ReadContext context;
  context.root = std::string(HARDOCK_TEST_DATA) + "/host/daemon/no-such-root";
  EXPECT_FALSE(read_daemon_config(context).has_value());
}

TEST(DaemonConfigRead, EmptyRootIsAbsent) {
  // A root with no docker at all: the "proc" case minus nothing we read is
  // not available, so use a directory that holds no docker file.
  const auto config = read_case("json-unreadable/etc/docker/daemon.json");
  EXPECT_TRUE(config.absent());
}

TEST(DaemonConfigRead, UnitWithContinuationsEnvFileAndConflict) {
  const auto config = read_case("unit-tcp");
  EXPECT_TRUE(config.errors.empty());
  const auto hosts = config.effective("hosts");
  ASSERT_EQ(hosts.size(), 2u);
  EXPECT_EQ(hosts[0]->values, std::vector<std::string>{"tcp://0.0.0.0:2375"});
  EXPECT_EQ(hosts[0]->flag, "-H");
  EXPECT_EQ(hosts[0]->source, "/lib/systemd/system/docker.service:ExecStart");
  EXPECT_EQ(hosts[1]->values, std::vector<std::string>{"fd://"});
  // Repeated flags, both spellings, from $DOCKER_OPTS with the env file's line.
  EXPECT_EQ(config.values("insecure-registries"),
            (std::vector<std::string>{"a.local:5000", "b.local:5000"}));
  EXPECT_EQ(sources_of(config, "insecure-registries"),
            (std::vector<std::string>{"/etc/default/docker:3", "/etc/default/docker:3"}));
  // The flag wins over daemon.json for lookups, and both are conflicts.
  EXPECT_EQ(config.boolean("icc"), false);
  ASSERT_EQ(config.conflicts.size(), 2u);
  EXPECT_EQ(config.conflicts[0].key, "hosts");
  EXPECT_EQ(config.conflicts[0].flag_source, "-H in /lib/systemd/system/docker.service:ExecStart");
  EXPECT_EQ(config.conflicts[0].file_source, "/etc/docker/daemon.json:2");
  EXPECT_EQ(config.conflicts[1].key, "icc");
  EXPECT_EQ(config.conflicts[1].flag_source, "--icc in /etc/default/docker:3");
  ASSERT_TRUE(config.user.has_value());
  EXPECT_TRUE(config.user->root);
}

TEST(DaemonConfigRead, DropInResetsExecStart) {
  const auto config = read_case("dropin-reset");
  EXPECT_EQ(config.values("hosts"), std::vector<std::string>{"unix:///var/run/docker.sock"});
  EXPECT_EQ(
      sources_of(config, "hosts"),
      std::vector<std::string>{"/etc/systemd/system/docker.service.d/10-override.conf:ExecStart"});
  EXPECT_EQ(config.boolean("live-restore"), true);
  EXPECT_EQ(config.boolean("userland-proxy"), false);
  EXPECT_EQ(config.values("log-level"), std::vector<std::string>{"warn"});
  EXPECT_EQ(config.last("log-level")->flag, "-l");
}

TEST(DaemonConfigRead, DefaultFileWithoutUnitShortAndAttachedFlags) {
  const auto config = read_case("default-only");
  EXPECT_EQ(config.values("hosts"),
            (std::vector<std::string>{"tcp://127.0.0.1:2376", "unix:///run/docker.sock"}));
  EXPECT_EQ(sources_of(config, "hosts"),
            (std::vector<std::string>{"/etc/default/docker:3", "/etc/default/docker:3"}));
  EXPECT_EQ(config.boolean("tlsverify"), true);
  EXPECT_EQ(config.values("tlscacert"), std::vector<std::string>{"/etc/docker/ca.pem"});
  EXPECT_EQ(config.values("data-root"), std::vector<std::string>{"/srv/docker"});
  EXPECT_EQ(config.last("data-root")->flag, "-g");
  EXPECT_EQ(config.boolean("debug"), true);
  EXPECT_FALSE(config.user.has_value());
}

TEST(DaemonConfigRead, SysconfigOptions) {
  const auto config = read_case("sysconfig");
  EXPECT_EQ(config.values("storage-driver"), std::vector<std::string>{"aufs"});
  EXPECT_EQ(config.values("log-driver"), std::vector<std::string>{"journald"});
  EXPECT_EQ(config.boolean("selinux-enabled"), true);
  EXPECT_EQ(sources_of(config, "storage-driver"),
            std::vector<std::string>{"/etc/sysconfig/docker:1"});
}

TEST(DaemonConfigRead, RunningProcessWinsOverTheUnit) {
  const auto config = read_case("proc");
  ASSERT_TRUE(config.pid.has_value());
  EXPECT_EQ(*config.pid, 4321);
  EXPECT_EQ(config.boolean("icc"), false);
  EXPECT_EQ(config.boolean("experimental"), true);
  EXPECT_EQ(sources_of(config, "hosts"), std::vector<std::string>{"/proc/4321/cmdline"});
  ASSERT_TRUE(config.user.has_value());
  EXPECT_TRUE(config.user->root);
  EXPECT_EQ(config.user->evidence, "effective Uid 0 in /proc/4321/status");
}

// The dockerd read is the one serving the audited socket, never a forked child still named
// dockerd (the lowest pid once pids wrapped), and never a guess among several.
TEST(DaemonConfigRead, OfSeveralDockerdsTheOneServingTheEngineSocket) {
  ReadContext context;
  context.engine_socket = "/var/run/a.sock";
  auto config = read_case("proc-several", context);
  ASSERT_TRUE(config.pid.has_value());
  EXPECT_EQ(*config.pid, 500);
  EXPECT_TRUE(config.errors.empty());

  context.engine_socket = "/run/b.sock";
  config = read_case("proc-several", context);
  ASSERT_TRUE(config.pid.has_value());
  EXPECT_EQ(*config.pid, 900);
  EXPECT_EQ(config.boolean("icc"), false);
  ASSERT_TRUE(config.user.has_value());
  EXPECT_FALSE(config.user->root);

  for (const std::string socket : {"", "/run/c.sock"}) {
    context.engine_socket = socket;
    config = read_case("proc-several", context);
    EXPECT_FALSE(config.pid.has_value()) << socket;
    ASSERT_EQ(config.errors.size(), 1u) << socket;
    EXPECT_EQ(config.errors[0].source, "/proc");
    EXPECT_NE(config.errors[0].message.find("pids 500, 900"), std::string::npos)
        << config.errors[0].message;
  }
}

TEST(DaemonConfigRead, SocketListenStreams) {
  const auto config = read_case("socket");
  std::vector<std::string> listens;
  for (const auto& setting : config.settings) {
    if (setting.origin == SettingOrigin::kSocket) {
      listens.push_back(setting.values.at(0) + " " + setting.source);
    }
  }
  EXPECT_EQ(listens, (std::vector<std::string>{
                         "/run/docker.sock /lib/systemd/system/docker.socket:ListenStream",
                         "0.0.0.0:2375 /lib/systemd/system/docker.socket:ListenStream"}));
  EXPECT_TRUE(config.effective("listen-stream").empty());
}

TEST(DaemonConfigRead, ConfigFileFlagAndUnitUser) {
  const auto config = read_case("config-file");
  EXPECT_EQ(config.values("userns-remap"), std::vector<std::string>{"default"});
  EXPECT_EQ(sources_of(config, "userns-remap"), std::vector<std::string>{"/srv/docker.json:1"});
  ASSERT_TRUE(config.user.has_value());
  EXPECT_FALSE(config.user->root);
  EXPECT_EQ(config.user->evidence, "User=dockremap in /lib/systemd/system/docker.service:User");
}

TEST(DaemonConfigRead, ContextConfigFileOverridesAndMustExist) {
  ReadContext context;
  context.daemon_config_file =
      std::string(HARDOCK_TEST_DATA) + "/host/daemon/json-basic/etc/docker/daemon.json";
  auto config = read_case("sysconfig", context);
  EXPECT_EQ(config.values("log-level"), std::vector<std::string>{"debug"});
  context.daemon_config_file = std::string(HARDOCK_TEST_DATA) + "/host/daemon/nowhere.json";
  config = read_case("sysconfig", context);
  ASSERT_EQ(config.errors.size(), 1u);
  EXPECT_EQ(config.errors[0].source, context.daemon_config_file);
}

TEST(DaemonConfigCodec, RoundTripIsEqual) {
  for (const char* name :
       {"json-basic", "json-comment", "unit-tcp", "proc", "socket", "config-file"}) {
    SCOPED_TRACE(name);
    const auto config = read_case(name);
    const nlohmann::json encoded = encode_daemon_config(config);
    auto decoded = decode_daemon_config(nlohmann::json::parse(encoded.dump()));
    ASSERT_TRUE(decoded.has_value()) << decoded.error().to_string();
    EXPECT_EQ(*decoded, config);
  }
}

TEST(DaemonConfigCodec, EmptyObjectIsEmptyAndWrongTypesFail) {
  auto empty = decode_daemon_config(nlohmann::json::object());
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->absent());
  auto bad = decode_daemon_config(
      nlohmann::json::parse(R"({"settings":[{"key":"icc","values":"false"}]})"));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, core::ErrorCode::kMalformedInput);
  EXPECT_NE(bad.error().to_string().find("settings[0]"), std::string::npos)
      << bad.error().to_string();
  EXPECT_FALSE(
      decode_daemon_config(nlohmann::json::parse(R"({"settings":[{"key":"icc","origin":"env"}]})"))
          .has_value());
}

}  // namespace
}  // namespace hardock::host

namespace hardock::host {
namespace {

TEST(DaemonConfigRead, MaskedUnitDoesNotCount) {
  const auto config = read_case("masked");
  EXPECT_TRUE(config.errors.empty()) << config.errors[0].message;
  EXPECT_TRUE(config.values("hosts").empty());
  EXPECT_EQ(config.boolean("icc"), false);
  EXPECT_EQ(config.sources, std::vector<std::string>{"/etc/default/docker"});
}

}  // namespace
}  // namespace hardock::host
