#include "hardock/docker/engine_client.h"

#include <gtest/gtest.h>

#include "fake_engine.h"

namespace hardock::docker {
namespace {

using core::ErrorCode;
using testing::FakeEngine;
using testing::http_reply;

Endpoint endpoint_for(const FakeEngine& engine) {
  EndpointOptions options;
  options.host = engine.url();
  auto endpoint = resolve_endpoint(options, [](const std::string&) { return std::nullopt; });
  EXPECT_TRUE(endpoint.has_value());
  return *endpoint;
}

// An engine that speaks `api` and answers /v<x>/info with `info_body`.
FakeEngine::Handler engine_speaking(std::string api, std::string info_body = "{}") {
  return [api, info_body](const std::string& path) {
    if (path == "/_ping") return http_reply(200, "OK");
    if (path == "/version") {
      return http_reply(200,
                        R"({"Version":"x","ApiVersion":")" + api + R"(","MinAPIVersion":"1.12"})");
    }
    if (path.ends_with("/info")) return http_reply(200, info_body);
    if (path.find("/things/") != std::string::npos) {
      return http_reply(200, "{\"path\":\"" + path + "\"}");
    }
    return http_reply(404, R"({"message":"page not found"})");
  };
}

TEST(EngineClient, NegotiatesTheEnginesVersionAndPrefixesPaths) {
  FakeEngine engine(engine_speaking("1.41"));
  auto client = EngineClient::connect(endpoint_for(engine));
  ASSERT_TRUE(client.has_value()) << client.error().to_string();
  EXPECT_EQ(client->api_version(), "1.41");
  EXPECT_EQ(client->version()["ApiVersion"], "1.41");
  auto info = client->get_json("/info");
  ASSERT_TRUE(info.has_value());
  auto paths = engine.paths();
  ASSERT_EQ(paths.size(), 3u);
  EXPECT_EQ(paths[0], "/_ping");
  EXPECT_EQ(paths[1], "/version");
  EXPECT_EQ(paths[2], "/v1.41/info");
}

TEST(EngineClient, NewerEngineIsSpokenToAtHardocksMaximum) {
  FakeEngine engine(engine_speaking("1.45"));
  auto client = EngineClient::connect(endpoint_for(engine));
  ASSERT_TRUE(client.has_value());
  EXPECT_EQ(client->api_version(), std::string(kMaxApiVersion));
}

TEST(EngineClient, OldEngineIsRefusedNamingBothVersions) {
  FakeEngine engine(engine_speaking("1.12"));
  auto client = EngineClient::connect(endpoint_for(engine));
  ASSERT_FALSE(client.has_value());
  EXPECT_EQ(client.error().code, ErrorCode::kApiTooOld);
  EXPECT_NE(client.error().message.find("1.12"), std::string::npos);
  EXPECT_NE(client.error().message.find(std::string(kMinApiVersion)), std::string::npos);
}

TEST(EngineClient, GarbledVersionIsProtocolError) {
  FakeEngine engine(engine_speaking("one.two"));
  auto client = EngineClient::connect(endpoint_for(engine));
  ASSERT_FALSE(client.has_value());
  EXPECT_EQ(client.error().code, ErrorCode::kProtocol);
}

TEST(EngineClient, MalformedJsonNamesPathAndByte) {
  FakeEngine engine(engine_speaking("1.41", R"({"Containers": 3, "Name": tru})"));
  auto client = EngineClient::connect(endpoint_for(engine));
  ASSERT_TRUE(client.has_value());
  auto info = client->get_json("/info");
  ASSERT_FALSE(info.has_value());
  EXPECT_EQ(info.error().code, ErrorCode::kMalformedInput);
  EXPECT_EQ(info.error().to_string(), "GET /v1.41/info: invalid JSON at byte 30 of 30");
}

TEST(EngineClient, GetJsonManyReturnsEachInItsPlace) {
  FakeEngine engine(engine_speaking("1.41"));
  auto client = EngineClient::connect(endpoint_for(engine));
  ASSERT_TRUE(client.has_value());
  auto results = client->get_json_many({"/things/a", "/missing", "/things/b"});
  ASSERT_EQ(results.size(), 3u);
  ASSERT_TRUE(results[0].has_value());
  EXPECT_EQ((*results[0])["path"], "/v1.41/things/a");
  ASSERT_FALSE(results[1].has_value());
  EXPECT_TRUE(results[1].error().is_http(core::HttpStatus::kNotFound));
  ASSERT_TRUE(results[2].has_value());
  EXPECT_EQ((*results[2])["path"], "/v1.41/things/b");
}

// Engines since API 1.25 announce their version on /_ping, as the docker CLI expects.
FakeEngine::Handler engine_announcing(std::string api, std::string min_api = "1.12") {
  return [api, min_api](const std::string& path) {
    if (path == "/_ping") {
      const std::string body = "OK";
      return testing::Action{
          "HTTP/1.1 200 OK\r\nApi-Version: " + api + "\r\nContent-Length: 2\r\n\r\n" + body, false,
          false};
    }
    if (path.ends_with("/version")) {
      return http_reply(200, R"({"Version":"x","ApiVersion":")" + api + R"(","MinAPIVersion":")" +
                                 min_api + R"("})");
    }
    return http_reply(200, "{}");
  };
}

TEST(EngineClient, PingHeaderIsEnoughToNegotiate) {
  FakeEngine engine(engine_announcing("1.45"));
  auto client = EngineClient::connect(endpoint_for(engine));
  ASSERT_TRUE(client.has_value()) << client.error().to_string();
  EXPECT_EQ(client->api_version(), std::string(kMaxApiVersion));
  EXPECT_TRUE(client->version().is_null()) << "/version is left to the caller";
  EXPECT_EQ(engine.paths(), std::vector<std::string>({"/_ping"}));

  auto version = client->read_version();
  ASSERT_TRUE(version.has_value()) << version.error().to_string();
  EXPECT_EQ((**version)["ApiVersion"], "1.45");
  ASSERT_TRUE(client->read_version().has_value());
  EXPECT_EQ(engine.paths(),
            std::vector<std::string>({"/_ping", "/v" + std::string(kMaxApiVersion) + "/version"}))
      << "read once, then kept";
}

TEST(EngineClient, OldEngineAnnouncedOnPingIsRefused) {
  FakeEngine engine(engine_announcing("1.20"));
  auto client = EngineClient::connect(endpoint_for(engine));
  ASSERT_FALSE(client.has_value());
  EXPECT_EQ(client.error().code, ErrorCode::kApiTooOld);
  EXPECT_NE(client.error().message.find("1.20"), std::string::npos);
}

TEST(EngineClient, AdoptedVersionNeedingANewerClientIsRefused) {
  FakeEngine engine(engine_announcing("1.50", "1.44"));
  auto client = EngineClient::connect(endpoint_for(engine));
  ASSERT_TRUE(client.has_value());
  auto version = client->read_version();
  ASSERT_FALSE(version.has_value());
  EXPECT_EQ(version.error().code, ErrorCode::kUnsupportedVersion);
  EXPECT_NE(version.error().message.find("1.44"), std::string::npos);
  EXPECT_TRUE(client->version().is_null());
  auto garbled = client->adopt_version(nlohmann::json{{"Version", "x"}});
  ASSERT_FALSE(garbled.has_value());
  EXPECT_EQ(garbled.error().code, ErrorCode::kProtocol);
}

TEST(ApiVersion, ParsesAndOrders) {
  auto old_version = parse_api_version("1.9");
  auto new_version = parse_api_version("1.41");
  ASSERT_TRUE(old_version && new_version);
  EXPECT_LT(*old_version, *new_version);  // numeric, not text, order
  EXPECT_FALSE(parse_api_version("1").has_value());
  EXPECT_FALSE(parse_api_version("1.x").has_value());
  EXPECT_FALSE(parse_api_version("").has_value());
}

}  // namespace
}  // namespace hardock::docker
