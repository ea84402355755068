#include "hardock/docker/engine_client.h"

#include <charconv>
#include <utility>

namespace hardock::docker {
namespace {

using core::Error;
using core::ErrorCode;

bool parse_int(std::string_view text, int& out) {
  if (text.empty() || text.size() > 6) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string ApiVersion::to_string() const {
  return std::to_string(major) + "." + std::to_string(minor);
}

core::Result<ApiVersion> parse_api_version(std::string_view text) {
  auto dot = text.find('.');
  ApiVersion version;
  if (dot == std::string_view::npos || !parse_int(text.substr(0, dot), version.major) ||
      !parse_int(text.substr(dot + 1), version.minor)) {
    return core::fail(ErrorCode::kProtocol, "invalid API version '" + std::string(text) + "'");
  }
  return version;
}

namespace {

// Refuses an engine hardock cannot speak to; `server` is the engine's current API version.
core::Result<void> check_server_version(ApiVersion server, const Endpoint& endpoint) {
  if (server < *parse_api_version(kMinApiVersion)) {
    return core::fail(ErrorCode::kApiTooOld, "engine at " + endpoint.url + " speaks API " +
                                                 server.to_string() + ", hardock needs at least " +
                                                 std::string(kMinApiVersion) +
                                                 " (Docker 1.12); upgrade the engine");
  }
  return {};
}

// The engine's API version from a /version answer, checked against hardock's range.
core::Result<ApiVersion> check_version_answer(const nlohmann::json& version,
                                              const Endpoint& endpoint) {
  const std::string what = "GET /version";
  if (!version.is_object() || !version.contains("ApiVersion") ||
      !version["ApiVersion"].is_string()) {
    return core::fail(Error{ErrorCode::kProtocol, "answer has no ApiVersion string", {what}});
  }
  auto server = parse_api_version(version["ApiVersion"].get<std::string>());
  if (!server) return core::fail(server.error().with_context(what));
  if (auto checked = check_server_version(*server, endpoint); !checked) {
    return core::fail(checked.error());
  }
  if (auto min_field = version.find("MinAPIVersion");
      min_field != version.end() && min_field->is_string()) {
    auto engine_min = parse_api_version(min_field->get<std::string>());
    if (engine_min && *engine_min > *parse_api_version(kMaxApiVersion)) {
      return core::fail(ErrorCode::kUnsupportedVersion,
                        "engine at " + endpoint.url + " accepts API " + engine_min->to_string() +
                            " and newer only, hardock speaks up to " + std::string(kMaxApiVersion) +
                            "; upgrade hardock");
    }
  }
  return *server;
}

std::string negotiate(ApiVersion server) {
  return std::min(server, *parse_api_version(kMaxApiVersion)).to_string();
}

}  // namespace

core::Result<EngineClient> EngineClient::connect(const Endpoint& endpoint) {
  auto http = HttpClient::create(endpoint);
  if (!http) return core::fail(http.error());
  // /_ping first: the cheapest request tells "no engine" apart from "odd engine".
  if (auto ping = http->get("/_ping"); !ping) return core::fail(ping.error());
  if (auto header = http->last_header("Api-Version")) {
    auto server = parse_api_version(*header);
    if (!server) return core::fail(server.error().with_context("GET /_ping"));
    if (auto checked = check_server_version(*server, endpoint); !checked) {
      return core::fail(checked.error());
    }
    return EngineClient(std::move(*http), negotiate(*server), nlohmann::json());
  }
  // Engines before API 1.25 send no header: /version it is.
  auto body = http->get("/version");
  if (!body) return core::fail(body.error());
  auto version = parse_json_body(*body, "GET /version");
  if (!version) return core::fail(version.error());
  auto server = check_version_answer(*version, endpoint);
  if (!server) return core::fail(server.error());
  return EngineClient(std::move(*http), negotiate(*server), std::move(*version));
}

core::Result<void> EngineClient::adopt_version(nlohmann::json version) {
  auto server = check_version_answer(version, endpoint());
  if (!server) return core::fail(server.error());
  version_ = std::move(version);
  return {};
}

core::Result<const nlohmann::json*> EngineClient::read_version() {
  if (version_.is_null()) {
    auto version = get_json("/version");
    if (!version) return core::fail(version.error());
    if (auto adopted = adopt_version(std::move(*version)); !adopted) {
      return core::fail(adopted.error());
    }
  }
  return &version_;
}

std::string EngineClient::versioned(std::string_view path) const {
  return "/v" + api_version_ + std::string(path);
}

core::Result<void> EngineClient::stream(std::string_view path, const HttpClient::OnChunk& on_chunk,
                                        const std::function<bool()>& keep_going) {
  return http_.stream(versioned(path), on_chunk, keep_going);
}

core::Result<nlohmann::json> EngineClient::get_json(std::string_view path) {
  std::string full = versioned(path);
  auto body = http_.get(full);
  if (!body) return core::fail(body.error());
  return parse_json_body(*body, "GET " + full);
}

core::Result<HttpResponse> EngineClient::request(std::string_view method, std::string_view path,
                                                 const std::string& body,
                                                 std::string_view content_type, long timeout_ms) {
  return http_.request(method, versioned(path), body, content_type, timeout_ms);
}

core::Result<nlohmann::json> EngineClient::post_json(std::string_view path,
                                                     const nlohmann::json& body, long timeout_ms) {
  auto response = request("POST", path, body.is_null() ? std::string() : body.dump(),
                          "application/json", timeout_ms);
  if (!response) return core::fail(response.error());
  if (response->body.empty()) return nlohmann::json();
  return parse_json_body(response->body, "POST " + versioned(path));
}

void EngineClient::get_json_many(const std::vector<std::string>& paths, const OnJson& on_done) {
  std::vector<std::string> full;
  full.reserve(paths.size());
  for (const auto& path : paths) full.push_back(versioned(path));
  http_.get_many(full, [&](size_t index, core::Result<std::string>&& body) {
    if (!body) {
      on_done(index, core::fail(std::move(body).error()));
      return;
    }
    core::Result<nlohmann::json> parsed = parse_json_body(*body, "GET " + full[index]);
    std::string().swap(*body);  // the text is freed before the caller decodes the tree
    on_done(index, std::move(parsed));
  });
}

std::vector<core::Result<nlohmann::json>> EngineClient::get_json_many(
    const std::vector<std::string>& paths) {
  std::vector<core::Result<nlohmann::json>> results(paths.size(), nlohmann::json());
  get_json_many(paths, [&](size_t index, core::Result<nlohmann::json>&& body) {
    results[index] = std::move(body);
  });
  return results;
}

}  // namespace hardock::docker
