// EngineClient: a connected, version-negotiated Docker Engine API client.
//
// connect() pings the engine (/_ping) and negotiates the API version as
// min(engine API version, kMaxApiVersion), like the docker CLI: from the ping's
// Api-Version header, or, for engines that send none, from /version. It refuses
// an engine whose API version is below kMinApiVersion (kApiTooOld, both versions
// named) or, once /version is read, whose MinAPIVersion is above kMaxApiVersion
// (kUnsupportedVersion). Every later path is prefixed with /v<negotiated>.
// /version is slow on a busy engine (it runs runc and docker-init), so when the
// ping was enough connect() leaves it to the caller: read_version(), or fetch it
// alongside other requests and hand it to adopt_version().
//
//   auto client = EngineClient::connect(*endpoint);
//   if (!client) return fail(client.error());
//   auto info = client->get_json("/info");   // GET /v1.41/info
#pragma once

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/docker/endpoint.h"
#include "hardock/docker/engine_answers.h"  // parse_json_body
#include "hardock/docker/http_client.h"
#include "hardock/docker/request_path.h"  // escape_segment

namespace hardock::docker {

// The API range hardock speaks: 1.24 is Docker 1.12, 1.43 is Docker 24.
inline constexpr std::string_view kMinApiVersion = "1.24";
inline constexpr std::string_view kMaxApiVersion = "1.43";

struct ApiVersion {
  int major = 0;
  int minor = 0;
  auto operator<=>(const ApiVersion&) const = default;
  [[nodiscard]] std::string to_string() const;
};

// "1.41" -> {1, 41}; kProtocol for anything else.
[[nodiscard]] core::Result<ApiVersion> parse_api_version(std::string_view text);

class EngineClient {
 public:
  [[nodiscard]] static core::Result<EngineClient> connect(const Endpoint& endpoint);

  [[nodiscard]] const Endpoint& endpoint() const { return http_.endpoint(); }
  // The negotiated version, e.g. "1.41".
  [[nodiscard]] const std::string& api_version() const { return api_version_; }
  // The /version answer once read (null until then: see connect()).
  [[nodiscard]] const nlohmann::json& version() const { return version_; }
  // GETs /version and adopts it, unless it is already known.
  [[nodiscard]] core::Result<const nlohmann::json*> read_version();
  // Checks a /version answer (ApiVersion, MinAPIVersion against hardock's range) and keeps it.
  [[nodiscard]] core::Result<void> adopt_version(nlohmann::json version);

  // GET /v<api><path>; path starts with '/'. Malformed JSON is kMalformedInput
  // naming the request and byte offset.
  [[nodiscard]] core::Result<nlohmann::json> get_json(std::string_view path);

  // Any request to /v<api><path> (writes: create, start, stop, rename, remove, archive). Used
  // only by `harden --apply`; everything else in hardock only reads.
  [[nodiscard]] core::Result<HttpResponse> request(
      std::string_view method, std::string_view path, const std::string& body = {},
      std::string_view content_type = "application/json", long timeout_ms = 0);
  // POST with a JSON body; the answer parsed as JSON (null when the engine sends none).
  [[nodiscard]] core::Result<nlohmann::json> post_json(std::string_view path,
                                                       const nlohmann::json& body,
                                                       long timeout_ms = 0);

  // GET /v<api><path> as a stream of chunks (/events): HttpClient::stream.
  [[nodiscard]] core::Result<void> stream(std::string_view path,
                                          const HttpClient::OnChunk& on_chunk,
                                          const std::function<bool()>& keep_going);

  // Parallel GETs (endpoint.parallelism in flight); on_done gets each parsed
  // body as it arrives, so bodies are not all held at once.
  using OnJson = std::function<void(size_t index, core::Result<nlohmann::json>&& body)>;
  void get_json_many(const std::vector<std::string>& paths, const OnJson& on_done);
  // Convenience: results in the order of paths.
  [[nodiscard]] std::vector<core::Result<nlohmann::json>> get_json_many(
      const std::vector<std::string>& paths);

 private:
  EngineClient(HttpClient http, std::string api_version, nlohmann::json version)
      : http_(std::move(http)),
        api_version_(std::move(api_version)),
        version_(std::move(version)) {}
  [[nodiscard]] std::string versioned(std::string_view path) const;

  HttpClient http_;
  std::string api_version_;
  nlohmann::json version_;
};

}  // namespace hardock::docker
