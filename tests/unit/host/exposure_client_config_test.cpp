// Client configs: registries and stored credentials, generated as files under
// a temporary host root. The secret must never appear in anything we keep.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "hardock/host/exposure.h"
#include "hardock/host/exposure_client_config.h"

namespace hardock::host {
namespace {

namespace fs = std::filesystem;

// base64("ci-bot:Sup3rSecretPassw0rd")
constexpr const char* kAuth = "Y2ktYm90OlN1cDNyU2VjcmV0UGFzc3cwcmQ=";
constexpr const char* kSecret = "Sup3rSecretPassw0rd";

class ExposureRoot : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/hdk-exp-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    root_ = pattern;
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const std::string& relative, const std::string& text) {
    const fs::path path = root_ / fs::path(relative).relative_path();
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  [[nodiscard]] ReadContext offline() const {
    ReadContext context;
    context.root = root_.string();
    context.live = false;
    return context;
  }
  fs::path root_;
};

TEST(ExposureClientConfig, PlaintextAuthIsRedacted) {
  const auto config = parse_client_config(
      std::string(R"({"auths":{"reg.local:5000":{"auth":")") + kAuth + R"("}}})", "/x");
  ASSERT_EQ(config.credentials.size(), 1u);
  EXPECT_EQ(config.registries, std::vector<std::string>{"reg.local:5000"});
  EXPECT_EQ(config.credentials[0].user, "ci-bot");
  EXPECT_EQ(config.credentials[0].redacted, "ci-bot:Su****");
  EXPECT_TRUE(config.credentials[0].plaintext);
}

TEST(ExposureClientConfig, CredsStoreAndHelperAreNotPlaintext) {
  auto stored = parse_client_config(
      std::string(R"({"credsStore":"pass","auths":{"a:1":{"auth":")") + kAuth + R"("}}})", "/x");
  ASSERT_EQ(stored.credentials.size(), 1u);
  EXPECT_FALSE(stored.credentials[0].plaintext);
  auto helped = parse_client_config(std::string(R"({"credHelpers":{"a:1":"ecr-login"},
      "auths":{"a:1":{"auth":")") + kAuth +
                                        R"("},"b:2":{"auth":")" + kAuth + R"("}}})",
                                    "/x");
  ASSERT_EQ(helped.credentials.size(), 2u);
  EXPECT_FALSE(helped.credentials[0].plaintext);  // a:1 has a helper
  EXPECT_TRUE(helped.credentials[1].plaintext);   // b:2 does not
}

TEST(ExposureClientConfig, EmptyAuthEntryHoldsNoCredential) {
  auto config = parse_client_config(R"({"auths":{"reg:1":{}},"credsStore":"desktop"})", "/x");
  EXPECT_EQ(config.registries.size(), 1u);
  EXPECT_TRUE(config.credentials.empty());
}

TEST(ExposureClientConfig, LegacyUsernamePasswordIsCaught) {
  auto config = parse_client_config(
      R"({"auths":{"r:1":{"username":"bob","password":"hunter2hunter2"}}})", "/x");
  ASSERT_EQ(config.credentials.size(), 1u);
  EXPECT_EQ(config.credentials[0].redacted, "bob:hu****");
}

TEST(ExposureClientConfig, MalformedIsRecordedNotDropped) {
  auto config = parse_client_config("{not json", "/root/.docker/config.json");
  EXPECT_FALSE(config.error.empty());
  EXPECT_EQ(config.path, "/root/.docker/config.json");
}

TEST(ExposureRedaction, ShowsAtMostTwoCharactersAndNothingOfShortSecrets) {
  EXPECT_EQ(redact_credential("u:abcdefgh"), "u:ab****");
  EXPECT_EQ(redact_credential("u:abc"), "u:****");
  EXPECT_EQ(redact_credential("nocolon"), "****");
}

TEST_F(ExposureRoot, ReadsRootAndEveryHomeAndNeverKeepsTheSecret) {
  const std::string plaintext = std::string(R"({"auths":{"reg.local:5000":{"auth":")") + kAuth +
                                R"("},"https://index.docker.io/v1/":{}}})";
  write("/root/.docker/config.json", plaintext);
  write("/home/alice/.docker/config.json", R"({"credsStore":"pass","auths":{"ghcr.io":{}}})");
  write("/home/bob/.docker/config.json", "[]");
  ReadContext context = offline();
  auto exposure = probe_exposure(ExposureTargets{}, context);
  ASSERT_TRUE(exposure.has_value()) << exposure.error().to_string();
  ASSERT_EQ(exposure->client_configs.size(), 3u);
  EXPECT_EQ(exposure->client_configs[0].path, "/root/.docker/config.json");
  EXPECT_EQ(exposure->client_configs[1].path, "/home/alice/.docker/config.json");
  EXPECT_EQ(exposure->client_configs[2].path, "/home/bob/.docker/config.json");
  EXPECT_FALSE(exposure->client_configs[2].error.empty());
  EXPECT_FALSE(exposure->probed);
  EXPECT_EQ(exposure->probe_skipped, "not the live host");
  EXPECT_FALSE(exposure->content_trust.has_value());

  const std::string encoded = encode_exposure(*exposure).dump();
  EXPECT_EQ(encoded.find(kSecret), std::string::npos) << encoded;
  EXPECT_EQ(encoded.find(kAuth), std::string::npos) << encoded;
  EXPECT_NE(encoded.find("ci-bot:Su****"), std::string::npos) << encoded;
}

TEST_F(ExposureRoot, DockerConfigDirReplacesTheHomes) {
  write("/root/.docker/config.json", R"({"auths":{"a:1":{}}})");
  write("/cfg/config.json", R"({"auths":{"b:2":{}}})");
  ReadContext context = offline();
  context.docker_config_dir = (root_ / "cfg").string();
  auto exposure = probe_exposure(ExposureTargets{}, context);
  ASSERT_TRUE(exposure.has_value());
  ASSERT_EQ(exposure->client_configs.size(), 1u);
  EXPECT_EQ(exposure->client_configs[0].registries, std::vector<std::string>{"b:2"});
}

// A real unix socket, bound under the temporary root with the given mode.
void bind_socket(const fs::path& path, mode_t mode) {
  fs::create_directories(path.parent_path());
  const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  ASSERT_LT(path.string().size(), sizeof address.sun_path);
  std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  close(fd);
  ASSERT_EQ(chmod(path.c_str(), mode), 0);
}

TEST_F(ExposureRoot, SocketModesAndContainerdTcpAreRead) {
  bind_socket(root_ / "run/docker.sock", 0666);
  bind_socket(root_ / "run/containerd/containerd.sock", 0660);
  write("/etc/containerd/config.toml",
        "[grpc]\n  address = \"/run/containerd/containerd.sock\"\n"
        "  tcp_address = \"0.0.0.0:10010\"\n");
  auto exposure = probe_exposure(ExposureTargets{}, offline());
  ASSERT_TRUE(exposure.has_value());
  ASSERT_EQ(exposure->sockets.size(), 2u);
  EXPECT_EQ(exposure->sockets[0].path, "/run/docker.sock");
  EXPECT_EQ(exposure->sockets[0].kind, "docker");
  EXPECT_EQ(exposure->sockets[0].mode, 0666u);
  EXPECT_EQ(exposure->sockets[1].kind, "containerd");
  EXPECT_EQ(exposure->sockets[1].mode, 0660u);
  ASSERT_EQ(exposure->containerd_tcp.size(), 1u);
  EXPECT_NE(exposure->containerd_tcp[0].find("0.0.0.0:10010"), std::string::npos);
}

TEST(ExposureRead, MissingRootFails) {
  ReadContext context;
  context.root = "/nonexistent/hdk-root";
  context.live = false;
  EXPECT_FALSE(probe_exposure(ExposureTargets{}, context).has_value());
}

}  // namespace
}  // namespace hardock::host
