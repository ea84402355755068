// The pure parsers of host files on hostile text: deep nesting, numbers out of range, wrong
// types, secrets that must not be quoted back, and the line parsers' edge cases.
#include <gtest/gtest.h>

#include <string>

#include "hardock/host/daemon_sources.h"
#include "hardock/host/exposure_client_config.h"
#include "hardock/host/text_parsers.h"

namespace hardock::host {
namespace {

constexpr const char* kPath = "/etc/docker/daemon.json";

TEST(DaemonJsonHostile, DeepNestingIsRefusedWithItsPosition) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto settings = parse_daemon_json(deep, kPath);
  ASSERT_FALSE(settings.has_value());
  EXPECT_EQ(settings.error().code, core::ErrorCode::kMalformedInput);
  EXPECT_EQ(settings.error().message,
            "/etc/docker/daemon.json: line 1, column 129: nested deeper than 128 levels");
}

TEST(DaemonJsonHostile, NumberOutOfRangeIsAnErrorNotAnException) {
  auto settings = parse_daemon_json(R"({"max-concurrent-downloads": 1e999999})", kPath);
  ASSERT_FALSE(settings.has_value());
  EXPECT_EQ(settings.error().message,
            "/etc/docker/daemon.json: number overflow parsing '1e999999'");
}

TEST(DaemonJsonHostile, BooleanSettingOfAnotherTypeIsAnError) {
  const std::string text = "{\n\"debug\": false,\n\"icc\": {\"a\": 1}\n}";
  auto settings = parse_daemon_json(text, kPath, DaemonJsonTypes::kDockerd);
  ASSERT_FALSE(settings.has_value());
  EXPECT_EQ(settings.error().message,
            "/etc/docker/daemon.json: line 3: \"icc\" must be true or false, not an object "
            "(dockerd refuses to start with it)");
  // Without the check (the hardening plan), the value stays as text.
  auto kept = parse_daemon_json(text, kPath);
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ((*kept)[1].values, std::vector<std::string>{R"({"a":1})"});
  // Settings whose type hardock does not know stay as they are.
  auto fine = parse_daemon_json(R"({"hosts": "tcp://0.0.0.0:2375", "labels": [1, null]})", kPath,
                                DaemonJsonTypes::kDockerd);
  ASSERT_TRUE(fine.has_value()) << fine.error().message;
  EXPECT_EQ((*fine)[1].values, (std::vector<std::string>{"1", "null"}));
}

TEST(DaemonJsonHostile, ParseErrorsDoNotQuoteTheFile) {
  // daemon.json linked to a shadow file inside the root: the error must not carry its text.
  auto settings = parse_daemon_json("root:$6$SECRETHASH:19000:0:99999:7:::\n", kPath);
  ASSERT_FALSE(settings.has_value());
  EXPECT_EQ(settings.error().message.find("SECRET"), std::string::npos) << settings.error().message;
  auto unterminated = parse_daemon_json("{\"icc\": \"TOP-SECRET-VALUE\n", kPath);
  ASSERT_FALSE(unterminated.has_value());
  EXPECT_EQ(unterminated.error().message.find("TOP-SECRET"), std::string::npos)
      << unterminated.error().message;
}

TEST(ExecStart, EnvironmentFileWordsCarryTheirLine) {
  UnitKeys keys;
  apply_unit_file(
      "[Service]\nEnvironmentFile=-/etc/default/docker\nEnvironment=\"EXTRA=--icc=false\"\n"
      "ExecStart=-/usr/bin/dockerd $DOCKER_OPTS ${EXTRA} $UNSET\n",
      "/lib/systemd/system/docker.service", keys);
  std::string asked;
  auto words = exec_start_words(keys, [&](const std::string& path) {
    asked = path;
    return parse_env_file("DOCKER_OPTS='-H tcp://0.0.0.0:2375'\n", path);
  });
  EXPECT_EQ(asked, "/etc/default/docker");
  ASSERT_EQ(words.size(), 4U);
  EXPECT_EQ(words[0].word, "/usr/bin/dockerd");
  EXPECT_EQ(words[1].word, "-H");
  EXPECT_EQ(words[1].source, "/etc/default/docker:1");
  EXPECT_EQ(words[3].word, "--icc=false");
  EXPECT_EQ(words[3].source, "/lib/systemd/system/docker.service:Environment");
  EXPECT_TRUE(exec_start_words(UnitKeys{}, [](const std::string&) {
                return std::vector<EnvAssignment>{};
              }).empty());
}

TEST(ClientConfigHostile, DeepOrOverflowingConfigIsAnErrorWithoutSecrets) {
  const std::string deep = "{\"auths\":" + std::string(1000, '[') + std::string(1000, ']') + "}";
  auto config = parse_client_config(deep, "/root/.docker/config.json");
  EXPECT_NE(config.error.find("nested deeper than 128 levels"), std::string::npos) << config.error;
  auto overflow = parse_client_config(
      R"({"auths": {"r": {"auth": "dXNlcjpzM2NyM3QtcGFzcw=="}}, "x": 1e999999})", "/c");
  EXPECT_EQ(overflow.error, "not a JSON object");
  EXPECT_TRUE(overflow.credentials.empty());
}

TEST(Mountinfo, EscapesAndOptionalFields) {
  const auto entries = parse_mountinfo(
      "36 35 98:0 /mnt1 /mnt\\040two rw,noatime master:1 shared:2 - ext3 /dev/my\\134disk rw\n"
      "short line\n"
      "40 1 0:1 / /x rw - onlytype\n"
      "41 1 0:1 / /trailing\\04 rw - tmpfs tmpfs rw\n");
  ASSERT_EQ(entries.size(), 2U);
  EXPECT_EQ(entries[0].mount_point, "/mnt two");
  EXPECT_EQ(entries[0].fstype, "ext3");
  EXPECT_EQ(entries[0].source, "/dev/my\\disk");
  EXPECT_EQ(entries[1].mount_point, "/trailing\\04");  // a cut escape stays as written
}

TEST(AuditRules, WatchesAndSyscallPaths) {
  const auto rules = parse_audit_rules(
      "# comment\n-w /var/run/docker.sock -k docker\n\n-a always,exit -F path=/usr/bin/runc "
      "-F dir=/etc/docker/ -k docker\n-w\n",
      "/etc/audit/rules.d/docker.rules");
  ASSERT_EQ(rules.size(), 3U);
  EXPECT_EQ(rules[0].path, "/run/docker.sock");
  EXPECT_EQ(rules[0].origin, "/etc/audit/rules.d/docker.rules:2");
  EXPECT_EQ(rules[1].kind, "path");
  EXPECT_EQ(rules[2].path, "/etc/docker");
  EXPECT_EQ(rules[2].kind, "dir");
}

TEST(ContainerdConfig, TcpAddressesQuotedEitherWay) {
  EXPECT_EQ(parse_containerd_tcp("[grpc]\n  tcp_address = \"0.0.0.0:10010\"\n"
                                 "tcp_address='127.0.0.1:1'\ntcp_address = \"\"\n"
                                 "tcp_address_x = \"no\"\n#tcp_address = \"commented\"\n"
                                 "tcp_address = \"" +
                                 std::string(100000, 'a')),
            (std::vector<std::string>{"0.0.0.0:10010", "127.0.0.1:1"}));
}

}  // namespace
}  // namespace hardock::host
