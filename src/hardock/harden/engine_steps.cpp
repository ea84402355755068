#include "hardock/harden/engine_steps.h"

#include <cstdint>

#include <nlohmann/json.hpp>

#include "hardock/io/escape.h"

namespace hardock::harden::steps {
namespace {

using nlohmann::json;

core::Result<void> done(const core::Result<docker::HttpResponse>& response) {
  if (!response) return core::fail(response.error());
  return {};
}

// A `filters` query value: {"KEY": ["VALUE"]}, percent-encoded.
std::string filter(const char* key, const std::string& value) {
  const json filters = {{key, json::array({value})}};
  return docker::escape_segment(filters.dump(-1, ' ', false, json::error_handler_t::replace));
}

// The engine multiplexes stdout/stderr in 8-byte framed chunks unless the container has a TTY.
std::string demultiplex(const std::string& raw) {
  std::string out;
  size_t at = 0;
  while (at + 8 <= raw.size() && (raw[at] == 0 || raw[at] == 1 || raw[at] == 2)) {
    const auto size = (static_cast<uint32_t>(static_cast<unsigned char>(raw[at + 4])) << 24) |
                      (static_cast<uint32_t>(static_cast<unsigned char>(raw[at + 5])) << 16) |
                      (static_cast<uint32_t>(static_cast<unsigned char>(raw[at + 6])) << 8) |
                      static_cast<uint32_t>(static_cast<unsigned char>(raw[at + 7]));
    out += raw.substr(at + 8, size);
    at += 8 + size;
  }
  if (at == 0) return raw;
  return out;
}

}  // namespace

core::Result<void> start(docker::EngineClient& client, const std::string& id) {
  return done(client.request("POST", "/containers/" + docker::escape_segment(id) + "/start"));
}

core::Result<void> stop(docker::EngineClient& client, const std::string& id, int timeout_seconds) {
  return done(client.request(
      "POST",
      "/containers/" + docker::escape_segment(id) + "/stop?t=" + std::to_string(timeout_seconds),
      {}, "application/json", (timeout_seconds + 30) * 1000L));
}

core::Result<void> rename(docker::EngineClient& client, const std::string& id,
                          const std::string& name) {
  return done(client.request("POST", "/containers/" + docker::escape_segment(id) +
                                         "/rename?name=" + docker::escape_segment(name)));
}

core::Result<void> remove(docker::EngineClient& client, const std::string& id, bool force) {
  return done(client.request(
      "DELETE", "/containers/" + docker::escape_segment(id) + (force ? "?force=1" : "")));
}

core::Result<std::string> name_of(docker::EngineClient& client, const std::string& id) {
  auto inspect = client.get_json("/containers/" + docker::escape_segment(id) + "/json");
  if (!inspect) return core::fail(inspect.error());
  std::string name =
      inspect->is_object() && inspect->contains("Name") && (*inspect)["Name"].is_string()
          ? (*inspect)["Name"].get<std::string>()
          : std::string();
  if (!name.empty() && name.front() == '/') name.erase(0, 1);
  return name;
}

core::Result<bool> container_exists(docker::EngineClient& client, const std::string& id) {
  auto listed = client.get_json("/containers/json?all=1&filters=" + filter("id", id));
  if (!listed) return core::fail(listed.error());
  if (!listed->is_array()) {
    return core::fail(core::ErrorCode::kMalformedInput, "container list is not an array");
  }
  for (const auto& entry : *listed) {
    if (entry.is_object() && entry.value("Id", std::string()) == id) return true;
  }
  return false;
}

core::Result<bool> network_exists(docker::EngineClient& client, const std::string& name_or_id,
                                  bool by_id) {
  auto listed = client.get_json("/networks?filters=" + filter(by_id ? "id" : "name", name_or_id));
  if (!listed) return core::fail(listed.error());
  if (!listed->is_array()) {
    return core::fail(core::ErrorCode::kMalformedInput, "network list is not an array");
  }
  // The filters match substrings and prefixes: only an exact match counts.
  for (const auto& entry : *listed) {
    if (!entry.is_object()) continue;
    if (entry.value(by_id ? "Id" : "Name", std::string()) == name_or_id) return true;
  }
  return false;
}

std::string last_log_lines(docker::EngineClient& client, const std::string& id) {
  auto logs = client.request(
      "GET", "/containers/" + docker::escape_segment(id) + "/logs?stdout=1&stderr=1&tail=5");
  if (!logs) return {};
  std::string text = io::terminal_safe(demultiplex(logs->body));
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text.empty() ? std::string() : " (last log lines: " + text + ")";
}

}  // namespace hardock::harden::steps
