#include "hardock/host/host_snapshot.h"

#include <nlohmann/json.hpp>

namespace hardock::host {

core::Result<HostSnapshot> read_host_snapshot(const ReadContext& context) {
  HostSnapshot snapshot;
  snapshot.root = context.root;
  auto daemon = read_daemon_config(context);
  if (!daemon) return core::fail(daemon.error().with_context("reading the daemon configuration"));
  snapshot.daemon = std::move(*daemon);
  auto facts = read_host_facts(context, snapshot.daemon);
  if (!facts) return core::fail(facts.error().with_context("reading host files"));
  snapshot.facts = std::move(*facts);
  auto exposure = read_exposure(context, snapshot.daemon);
  if (!exposure) return core::fail(exposure.error().with_context("probing exposure"));
  snapshot.exposure = std::move(*exposure);
  return snapshot;
}

core::Result<HostSnapshot> decode_host_snapshot(const nlohmann::json& document) {
  if (!document.is_object()) {
    return core::fail(core::ErrorCode::kMalformedInput, "host: expected an object");
  }
  HostSnapshot snapshot;
  if (auto root = document.find("root"); root != document.end()) {
    if (!root->is_string()) {
      return core::fail(core::ErrorCode::kMalformedInput, "host: field root: expected a string");
    }
    snapshot.root = root->get<std::string>();
  }
  const nlohmann::json empty = nlohmann::json::object();
  auto part = [&](const char* key) -> const nlohmann::json& {
    auto it = document.find(key);
    return it == document.end() ? empty : *it;
  };
  auto daemon = decode_daemon_config(part("daemon"));
  if (!daemon) return core::fail(daemon.error().with_context("host.daemon"));
  auto facts = decode_host_facts(part("facts"));
  if (!facts) return core::fail(facts.error().with_context("host.facts"));
  auto exposure = decode_exposure(part("exposure"));
  if (!exposure) return core::fail(exposure.error().with_context("host.exposure"));
  snapshot.daemon = std::move(*daemon);
  snapshot.facts = std::move(*facts);
  snapshot.exposure = std::move(*exposure);
  return snapshot;
}

nlohmann::json encode_host_snapshot(const HostSnapshot& snapshot) {
  return {{"root", snapshot.root},
          {"daemon", encode_daemon_config(snapshot.daemon)},
          {"facts", encode_host_facts(snapshot.facts)},
          {"exposure", encode_exposure(snapshot.exposure)}};
}

}  // namespace hardock::host
