#include "hardock/docker/http_client.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <thread>

#include "fake_engine.h"

namespace hardock::docker {
namespace {

using core::ErrorCode;
using testing::Action;
using testing::FakeEngine;
using testing::http_reply;
using testing::TempDir;

Endpoint unix_endpoint(const std::string& url, long timeout_ms = 5000, int parallelism = 4) {
  EndpointOptions options;
  options.host = url;
  options.timeout_ms = timeout_ms;
  options.parallelism = parallelism;
  auto endpoint = resolve_endpoint(options, [](const std::string&) { return std::nullopt; });
  EXPECT_TRUE(endpoint.has_value());
  return *endpoint;
}

core::Result<std::string> get_once(const Endpoint& endpoint, const std::string& path) {
  auto client = HttpClient::create(endpoint);
  if (!client) return core::fail(client.error());
  return client->get(path);
}

TEST(HttpClient, ReturnsBodyAndReusesOneConnection) {
  FakeEngine engine([](const std::string& path) { return http_reply(200, "\"" + path + "\""); });
  auto client = HttpClient::create(unix_endpoint(engine.url()));
  ASSERT_TRUE(client.has_value());
  for (int round = 0; round < 5; ++round) {
    auto body = client->get("/v1.41/info");
    ASSERT_TRUE(body.has_value()) << body.error().to_string();
    EXPECT_EQ(*body, "\"/v1.41/info\"");
  }
  EXPECT_EQ(engine.connections(), 1);
}

TEST(HttpClient, NoSocketIsNotFoundAndSaysSo) {
  TempDir dir;
  std::string url = "unix://" + dir.file("missing.sock");
  auto body = get_once(unix_endpoint(url), "/_ping");
  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(body.error().message,
            "cannot connect to " + url + ": no such socket — is dockerd running?");
  EXPECT_EQ(body.error().to_string().find('\n'), std::string::npos);
}

TEST(HttpClient, SocketWithoutListenerIsConnectionFailed) {
  TempDir dir;
  int fd = testing::bind_unix(dir.file("stale.sock"), false);
  auto body = get_once(unix_endpoint("unix://" + dir.file("stale.sock")), "/_ping");
  ::close(fd);
  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error().code, ErrorCode::kConnectionFailed);
  EXPECT_NE(body.error().message.find("connection refused"), std::string::npos);
}

// Root bypasses file permissions, so a child drops to nobody (65534) and
// reports the error code it saw through its exit status.
TEST(HttpClient, PermissionDeniedNamesSudoAndDockerGroup) {
  TempDir dir;
  ::chmod(dir.path().c_str(), 0755);
  const std::string path = dir.file("root-only.sock");
  int fd = testing::bind_unix(path, true);
  ::chmod(path.c_str(), 0700);
  const Endpoint endpoint = unix_endpoint("unix://" + path);
  const bool as_root = ::geteuid() == 0;
  if (!as_root) {
    ::close(fd);
    GTEST_SKIP() << "needs root to create a socket another user cannot open";
  }
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(100);
    auto body = get_once(endpoint, "/_ping");
    if (body.has_value()) ::_exit(101);
    bool hint = body.error().message.find("sudo") != std::string::npos &&
                body.error().message.find("docker group") != std::string::npos;
    if (!hint) ::_exit(102);
    ::_exit(static_cast<int>(body.error().code));
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ::close(fd);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), static_cast<int>(ErrorCode::kPermissionDenied));
}

TEST(HttpClient, ConnectionDroppedMidResponse) {
  FakeEngine engine([](const std::string&) {
    return Action{"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789", true, false};
  });
  auto body = get_once(unix_endpoint(engine.url()), "/v1.41/info");
  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error().code, ErrorCode::kConnectionDropped);
  EXPECT_NE(body.error().to_string().find("GET /v1.41/info"), std::string::npos);
  EXPECT_NE(body.error().message.find("after 10 body bytes"), std::string::npos);
}

TEST(HttpClient, HangPastTimeoutIsTimeoutNamingIt) {
  FakeEngine engine([](const std::string&) { return Action{"", false, true}; });
  auto body = get_once(unix_endpoint(engine.url(), 300), "/_ping");
  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error().code, ErrorCode::kTimeout);
  EXPECT_NE(body.error().message.find("300 ms"), std::string::npos);
}

TEST(HttpClient, HttpErrorCarriesEngineMessage) {
  FakeEngine engine([](const std::string&) {
    return http_reply(404, R"({"message":"No such container: nope"})");
  });
  auto body = get_once(unix_endpoint(engine.url()), "/v1.41/containers/nope/json");
  ASSERT_FALSE(body.has_value());
  // The status is typed: callers never match "No such" in the text.
  EXPECT_EQ(body.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(body.error().is_http(core::HttpStatus::kNotFound));
  EXPECT_EQ(body.error().to_string(),
            "GET /v1.41/containers/nope/json: engine answered HTTP 404: No such container: nope");
}

TEST(HttpClient, GetManyKeepsOrderAndBoundsTransfersAndConnections) {
  FakeEngine engine([](const std::string& path) {
    // Holding each answer a little lets requests overlap if the client allowed it.
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (path == "/item/7") return http_reply(500, R"({"message":"boom"})");
    return http_reply(200, "\"" + path + "\"");
  });
  auto client = HttpClient::create(unix_endpoint(engine.url(), 5000, 3));
  ASSERT_TRUE(client.has_value());
  std::vector<std::string> paths;
  for (int index = 0; index < 20; ++index) paths.push_back("/item/" + std::to_string(index));
  for (int round = 0; round < 2; ++round) {
    auto results = client->get_many(paths);
    ASSERT_EQ(results.size(), paths.size());
    for (size_t index = 0; index < paths.size(); ++index) {
      if (index == 7) {
        ASSERT_FALSE(results[index].has_value());
        EXPECT_EQ(results[index].error().code, ErrorCode::kProtocol);
        continue;
      }
      ASSERT_TRUE(results[index].has_value()) << results[index].error().to_string();
      EXPECT_EQ(*results[index], "\"" + paths[index] + "\"");
    }
  }
  EXPECT_LE(engine.max_in_flight(), 3);
  // Both rounds over the same cached connections.
  EXPECT_LE(engine.connections(), 3);
  EXPECT_EQ(engine.paths().size(), 40u);
}

TEST(HttpClient, GetManyReportsEachFailureSeparately) {
  TempDir dir;
  auto client = HttpClient::create(unix_endpoint("unix://" + dir.file("none.sock"), 5000, 2));
  ASSERT_TRUE(client.has_value());
  auto results = client->get_many({"/a", "/b", "/c"});
  ASSERT_EQ(results.size(), 3u);
  for (const auto& result : results) {
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  }
  EXPECT_EQ(results[1].error().context.front(), "GET /b");
}

}  // namespace
}  // namespace hardock::docker
