// encode_host_facts -> decode_host_facts round trip, and malformed input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "hardock/host/daemon_config.h"
#include "hardock/host/host_facts.h"
#include "hardock/host/host_snapshot.h"
#include "host_fixtures.h"

namespace hardock::host {
namespace {

TEST(FactsCodec, ModeTextIsOctal) {
  EXPECT_EQ(format_mode(0644), "0644");
  EXPECT_EQ(format_mode(04755), "4755");
  EXPECT_EQ(parse_mode("0466"), std::optional<unsigned>(0466));
  EXPECT_EQ(parse_mode("644"), std::optional<unsigned>(0644));
  EXPECT_FALSE(parse_mode("0948").has_value());
  EXPECT_FALSE(parse_mode("").has_value());
  EXPECT_FALSE(parse_mode("77777").has_value());
}

TEST(FactsCodec, EmptyDocumentIsNotRead) {
  auto facts = decode_host_facts(nlohmann::json::object());
  ASSERT_TRUE(facts.has_value());
  EXPECT_TRUE(facts->files.empty());
  EXPECT_FALSE(facts->mounts.has_value());
  EXPECT_FALSE(facts->apparmor.has_value());
  EXPECT_FALSE(facts->seccomp.has_value());
}

TEST(FactsCodec, WrongTypesAreMalformed) {
  for (const char* text :
       {R"([])", R"({"files": {}})", R"({"files": [{"mode": "0999"}]})",
        R"({"files": [{"uid": "root"}]})", R"({"apparmor": []})",
        R"({"selinux": {"enforcing": "yes"}})", R"({"mounts": {"entries": [3]}})"}) {
    auto facts = decode_host_facts(nlohmann::json::parse(text));
    ASSERT_FALSE(facts.has_value()) << text;
    EXPECT_EQ(facts.error().code, core::ErrorCode::kMalformedInput) << text;
  }
}

void expect_round_trip(const std::string& tree) {
  const std::string root = test::HostFixtures::root(tree);
  ReadContext context;
  context.root = root;
  context.live = false;
  context.trusted_docker_users = {"alice"};
  auto facts = read_host_facts(context, read_daemon_config(context).value_or(DaemonConfig{}));
  ASSERT_TRUE(facts.has_value());
  const nlohmann::json encoded = encode_host_facts(*facts);
  auto decoded = decode_host_facts(encoded);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().to_string();
  EXPECT_EQ(encode_host_facts(*decoded), encoded) << tree;
  // Spot checks that the round trip kept typed values, not just equal JSON.
  ASSERT_EQ(decoded->files.size(), facts->files.size());
  for (size_t idx = 0; idx < facts->files.size(); ++idx) {
    EXPECT_EQ(decoded->files[idx].mode, facts->files[idx].mode);
    EXPECT_EQ(decoded->files[idx].uid, facts->files[idx].uid);
    EXPECT_EQ(decoded->files[idx].error, facts->files[idx].error);
  }
  EXPECT_EQ(decoded->selinux->enforcing, facts->selinux->enforcing);
  EXPECT_EQ(decoded->seccomp->supported, facts->seccomp->supported);
}

TEST(FactsCodec, RoundTripOfEveryTree) {
  HARDOCK_HOST_ROOT(good, "good");
  for (const char* tree : {"good", "bad", "error", "empty", "apparmor-complain",
                           "selinux-permissive", "seccomp-bootconfig"}) {
    SCOPED_TRACE(tree);
    expect_round_trip(tree);
  }
}

TEST(FactsCodec, InsideTheHostSnapshot) {
  auto snapshot = decode_host_snapshot(nlohmann::json::parse(
      R"({"root": "/mnt/host", "facts": {"files": [{"role": "docker.sock",
          "path": "/var/run/docker.sock", "exists": true, "mode": "0666", "uid": 0, "gid": 0}]}})"));
  ASSERT_TRUE(snapshot.has_value()) << snapshot.error().to_string();
  ASSERT_EQ(snapshot->facts.files.size(), 1U);
  EXPECT_EQ(snapshot->facts.files[0].mode, 0666U);
  EXPECT_EQ(snapshot->facts.files[0].role, kRoleDockerSock);
}

}  // namespace
}  // namespace hardock::host
