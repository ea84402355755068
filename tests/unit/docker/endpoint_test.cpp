#include "hardock/docker/endpoint.h"

#include <gtest/gtest.h>

#include <map>

#include "fake_engine.h"

namespace hardock::docker {
namespace {

using core::ErrorCode;
using testing::TempDir;

EnvGetter env_of(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

TEST(Endpoint, DefaultsToTheLocalSocket) {
  auto endpoint = resolve_endpoint({}, env_of({}));
  ASSERT_TRUE(endpoint.has_value());
  EXPECT_EQ(endpoint->transport, Transport::kUnix);
  EXPECT_EQ(endpoint->url, "unix:///var/run/docker.sock");
  EXPECT_EQ(endpoint->socket_path, "/var/run/docker.sock");
  EXPECT_TRUE(endpoint->is_local());
  EXPECT_FALSE(endpoint->tls);
}

TEST(Endpoint, DockerHostIsUsedWhenNoFlag) {
  auto endpoint = resolve_endpoint({}, env_of({{"DOCKER_HOST", "tcp://10.0.0.5:2375"}}));
  ASSERT_TRUE(endpoint.has_value());
  EXPECT_EQ(endpoint->transport, Transport::kTcp);
  EXPECT_EQ(endpoint->base_url, "http://10.0.0.5:2375");
  EXPECT_FALSE(endpoint->is_local());
}

TEST(Endpoint, FlagWinsOverDockerHost) {
  EndpointOptions options;
  options.host = "unix:///run/user/1000/docker.sock";
  auto endpoint = resolve_endpoint(options, env_of({{"DOCKER_HOST", "tcp://elsewhere:2375"}}));
  ASSERT_TRUE(endpoint.has_value());
  EXPECT_EQ(endpoint->socket_path, "/run/user/1000/docker.sock");
}

TEST(Endpoint, TcpWithoutPortTakesTheDocumentedDefaults) {
  auto plain = resolve_endpoint({}, env_of({{"DOCKER_HOST", "tcp://engine.example"}}));
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->url, "tcp://engine.example:2375");
  auto tls = resolve_endpoint(
      {}, env_of({{"DOCKER_HOST", "tcp://engine.example"}, {"DOCKER_TLS_VERIFY", "1"}}));
  ASSERT_TRUE(tls.has_value());
  EXPECT_EQ(tls->base_url, "https://engine.example:2376");
  EXPECT_TRUE(tls->tls_verify);
}

TEST(Endpoint, TlsVerifyTakesCertificatesFromDockerCertPath) {
  TempDir dir;
  for (const char* name : {"ca.pem", "cert.pem", "key.pem"}) dir.write(name, "pem");
  auto endpoint = resolve_endpoint({}, env_of({{"DOCKER_HOST", "tcp://h:2376"},
                                               {"DOCKER_TLS_VERIFY", "1"},
                                               {"DOCKER_CERT_PATH", dir.path()}}));
  ASSERT_TRUE(endpoint.has_value()) << endpoint.error().to_string();
  EXPECT_TRUE(endpoint->tls);
  EXPECT_TRUE(endpoint->tls_verify);
  EXPECT_EQ(endpoint->ca, dir.file("ca.pem"));
  EXPECT_EQ(endpoint->cert, dir.file("cert.pem"));
  EXPECT_EQ(endpoint->key, dir.file("key.pem"));
}

TEST(Endpoint, ExplicitFlagsWinOverCertPathAndEnv) {
  TempDir dir;
  for (const char* name : {"ca.pem", "cert.pem", "key.pem", "my-ca.pem"}) dir.write(name, "pem");
  EndpointOptions options;
  options.host = "tcp://h:2376";
  options.tls_verify = false;  // --tlsverify=false beats DOCKER_TLS_VERIFY
  options.tls = true;
  options.ca = dir.file("my-ca.pem");
  auto endpoint = resolve_endpoint(
      options, env_of({{"DOCKER_TLS_VERIFY", "1"}, {"DOCKER_CERT_PATH", dir.path()}}));
  ASSERT_TRUE(endpoint.has_value());
  EXPECT_TRUE(endpoint->tls);
  EXPECT_FALSE(endpoint->tls_verify);
  EXPECT_EQ(endpoint->ca, dir.file("my-ca.pem"));
  EXPECT_EQ(endpoint->cert, dir.file("cert.pem"));
}

TEST(Endpoint, MissingDefaultFilesAreLeftOutButMissingExplicitOnesFail) {
  TempDir dir;
  auto quiet = resolve_endpoint(
      {}, env_of({{"DOCKER_HOST", "https://h"}, {"DOCKER_CERT_PATH", dir.path()}}));
  ASSERT_TRUE(quiet.has_value());
  EXPECT_TRUE(quiet->tls);
  EXPECT_FALSE(quiet->tls_verify);  // https:// alone is --tls, as in the docker CLI
  EXPECT_TRUE(quiet->ca.empty());
  EXPECT_EQ(quiet->url, "tcp://h:2376");

  EndpointOptions options;
  options.host = "tcp://h:2376";
  options.tls_verify = true;
  options.ca = dir.file("absent.pem");
  auto missing = resolve_endpoint(options, env_of({}));
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("--tlscacert"), std::string::npos);
}

TEST(Endpoint, CertificateWithoutKeyIsRejected) {
  TempDir dir;
  dir.write("cert.pem", "pem");
  auto endpoint = resolve_endpoint({}, env_of({{"DOCKER_HOST", "tcp://h:2376"},
                                               {"DOCKER_TLS_VERIFY", "1"},
                                               {"DOCKER_CERT_PATH", dir.path()}}));
  ASSERT_FALSE(endpoint.has_value());
  EXPECT_EQ(endpoint.error().code, ErrorCode::kInvalidArgument);
}

TEST(Endpoint, RejectsWhatItCannotSpeak) {
  for (const char* host : {"ssh://user@box", "npipe:////./pipe/docker_engine", "unix://relative",
                           "tcp://h:99999", "tcp://:2375", "tcp://h:2375/some/path", "h:2375"}) {
    EndpointOptions options;
    options.host = host;
    auto endpoint = resolve_endpoint(options, env_of({}));
    ASSERT_FALSE(endpoint.has_value()) << host;
    EXPECT_EQ(endpoint.error().code, ErrorCode::kInvalidArgument) << host;
  }
}

TEST(Endpoint, Ipv6AndTimeouts) {
  EndpointOptions options;
  options.host = "tcp://[::1]:2375";
  options.timeout_ms = 300;
  auto endpoint = resolve_endpoint(options, env_of({}));
  ASSERT_TRUE(endpoint.has_value());
  EXPECT_EQ(endpoint->base_url, "http://[::1]:2375");
  EXPECT_EQ(endpoint->connect_timeout_ms, 300);  // never longer than the whole request
  options.parallelism = 0;
  EXPECT_FALSE(resolve_endpoint(options, env_of({})).has_value());
}

}  // namespace
}  // namespace hardock::docker
