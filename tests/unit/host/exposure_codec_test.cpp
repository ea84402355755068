// encode_exposure / decode_exposure round trip and type errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "hardock/host/exposure.h"

namespace hardock::host {
namespace {

TEST(ExposureCodec, RoundTrips) {
  Exposure value;
  value.probed = true;
  value.api.push_back({"127.0.0.1:2375", "default", true, "http", "20.10.24", ""});
  value.sockets.push_back({"/run/docker.sock", "docker", true, 0660, "0:998", ""});
  value.containerd_tcp.push_back("/etc/containerd/config.toml: 0.0.0.0:1");
  ClientConfig config;
  config.path = "/root/.docker/config.json";
  config.registries = {"reg:5000"};
  config.credentials.push_back({"reg:5000", "ci", "ci:ab****", true});
  value.client_configs.push_back(config);
  RegistryProbe probe;
  probe.registry = "reg:5000";
  probe.source = "explicit";
  probe.reachable = true;
  probe.tls = true;
  probe.tls_version = "TLSv1.3";
  probe.verified = true;
  probe.hostname_matches = true;
  probe.days_left = 42;
  value.registries.push_back(probe);
  value.content_trust = "1";

  const auto encoded = encode_exposure(value);
  auto decoded = decode_exposure(encoded);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().to_string();
  EXPECT_EQ(encode_exposure(*decoded), encoded);
  EXPECT_EQ(decoded->sockets[0].mode, 0660u);
  EXPECT_EQ(decoded->registries[0].days_left, 42);
  EXPECT_EQ(decoded->client_configs[0].credentials[0].redacted, "ci:ab****");
}

TEST(ExposureCodec, EmptyObjectIsEmptyExposure) {
  auto decoded = decode_exposure(nlohmann::json::object());
  ASSERT_TRUE(decoded.has_value());
  EXPECT_FALSE(decoded->probed);
  EXPECT_FALSE(decoded->content_trust.has_value());
}

TEST(ExposureCodec, WrongTypesFail) {
  EXPECT_FALSE(decode_exposure(nlohmann::json::array()).has_value());
  EXPECT_FALSE(decode_exposure(nlohmann::json{{"probed", "yes"}}).has_value());
  EXPECT_FALSE(decode_exposure(nlohmann::json{{"api", {{{"answered", 3}}}}}).has_value());
  EXPECT_FALSE(decode_exposure(nlohmann::json{{"content_trust", 1}}).has_value());
}

}  // namespace
}  // namespace hardock::host
