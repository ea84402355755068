#include "hardock/monitor/engine_lookup.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

#include "hardock/docker/engine_client.h"
#include "hardock/docker/request_path.h"

namespace hardock::monitor {
namespace engine_lookup_detail {

constexpr auto kNetworksFor = std::chrono::seconds(1);
// A decision waits at most this long for the engine (the engine's default is 30 s). The engine
// authorizes the plugin's own requests through the plugin: while the plugin stops, they cannot
// be answered, and every request being decided would wait out the whole timeout.
constexpr long kLookupTimeoutMs = 5'000;

struct Shared {
  docker::Endpoint endpoint;
  std::mutex mutex;
  std::optional<docker::EngineClient> client;
  // The networks, kept for a second: every container create needs them (sensitivity levels),
  // and each read is itself a request the engine authorizes through the plugin. Labels cannot
  // change on a network; a name not in the list makes the caller ask again (forget_networks).
  std::optional<std::vector<docker::Network>> networks;
  std::chrono::steady_clock::time_point networks_read;
  // An engine that could not give them is asked again a second later, not on every request:
  // meanwhile creates are judged without them and network connects refused (could not look).
  std::optional<std::chrono::steady_clock::time_point> networks_failed;

  docker::EngineClient* connected() {
    if (!client) {
      auto made = docker::EngineClient::connect(endpoint);
      if (!made) return nullptr;
      client.emplace(std::move(*made));
    }
    return &*client;
  }
};

}  // namespace engine_lookup_detail

EngineLookup engine_lookup(const docker::Endpoint& endpoint) {
  auto shared = std::make_shared<engine_lookup_detail::Shared>();
  shared->endpoint = endpoint;
  shared->endpoint.timeout_ms =
      std::min(endpoint.timeout_ms, engine_lookup_detail::kLookupTimeoutMs);
  shared->endpoint.connect_timeout_ms =
      std::min(endpoint.connect_timeout_ms, shared->endpoint.timeout_ms);
  EngineLookup lookup;
  lookup.container = [shared](std::string_view id) -> std::optional<docker::Container> {
    if (id.empty() || id.size() > 256) return std::nullopt;
    std::lock_guard lock(shared->mutex);
    docker::EngineClient* client = shared->connected();
    if (client == nullptr) return std::nullopt;
    auto inspect = client->get_json("/containers/" + docker::escape_segment(id) + "/json");
    if (!inspect) return std::nullopt;
    auto container = docker::decode_container(*inspect);
    if (!container) return std::nullopt;
    return std::move(*container);
  };
  lookup.networks = [shared]() -> std::optional<std::vector<docker::Network>> {
    std::lock_guard lock(shared->mutex);
    const auto now = std::chrono::steady_clock::now();
    if (shared->networks && now - shared->networks_read < engine_lookup_detail::kNetworksFor)
      return shared->networks;
    if (shared->networks_failed &&
        now - *shared->networks_failed < engine_lookup_detail::kNetworksFor)
      return std::nullopt;
    shared->networks.reset();
    shared->networks_failed = now;
    docker::EngineClient* client = shared->connected();
    if (client == nullptr) return std::nullopt;
    auto list = client->get_json("/networks");
    if (!list || !list->is_array()) return std::nullopt;
    std::vector<docker::Network> networks;
    for (const auto& item : *list) {
      auto network = docker::decode_network(item);
      if (!network) return std::nullopt;  // one unreadable network: the levels are unknown
      networks.push_back(std::move(*network));
    }
    shared->networks_failed.reset();
    shared->networks = networks;
    shared->networks_read = now;
    return networks;
  };
  lookup.forget_networks = [shared] {
    std::lock_guard lock(shared->mutex);
    shared->networks.reset();
  };
  lookup.engine_id = [shared]() -> std::optional<std::string> {
    std::lock_guard lock(shared->mutex);
    docker::EngineClient* client = shared->connected();
    if (client == nullptr) return std::nullopt;
    auto info = client->get_json("/info");
    if (!info || !info->is_object()) return std::nullopt;
    const auto id = info->find("ID");
    if (id == info->end() || !id->is_string()) return std::nullopt;
    const auto& text = id->get_ref<const std::string&>();
    if (text.empty() || text.size() > 256) return std::nullopt;
    return text;
  };
  return lookup;
}

std::vector<std::string> authorization_plugins(const nlohmann::json& info) {
  std::vector<std::string> out;
  if (!info.is_object()) return out;
  const auto plugins = info.find("Plugins");
  if (plugins == info.end() || !plugins->is_object()) return out;
  const auto list = plugins->find("Authorization");
  if (list == plugins->end() || !list->is_array()) return out;
  for (const auto& name : *list) {
    if (name.is_string()) out.push_back(name.get<std::string>());
  }
  return out;
}

}  // namespace hardock::monitor
