// Snapshot files come from other hosts (`audit --from`): decode_snapshot_text (simdjson, with the
// reference decoder for what simdjson refuses), decode_snapshot_text_reference (nlohmann's
// streaming parser) and decode_snapshot (the tree collect and harden use) must turn any bytes
// into a snapshot or an Error, never a crash, and agree: the fast and reference decoders on every
// field and error message; the indexes built over whatever decoded (lookups, network membership,
// sensitivity zones) must answer without a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "hardock/docker/network_zones.h"
#include "hardock/docker/snapshot.h"
#include "hardock/docker/snapshot_index.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  nlohmann::json rest;
  auto snapshot = hardock::docker::decode_snapshot_text(text, &rest);
  nlohmann::json reference_rest;
  auto reference = hardock::docker::decode_snapshot_text_reference(text, &reference_rest);
  if (snapshot.has_value() != reference.has_value()) std::abort();
  if (snapshot && (!(*snapshot == *reference) || rest != reference_rest)) std::abort();
  if (!snapshot && (snapshot.error().message != reference.error().message ||
                    snapshot.error().code != reference.error().code)) {
    std::abort();
  }
  auto document = hardock::docker::parse_snapshot_text(text);
  if (document) {
    auto decoded = hardock::docker::decode_snapshot(*document);
    // The two decoders see the same document: both succeed or both fail, with the same objects.
    if (decoded.has_value() != snapshot.has_value()) std::abort();
    if (decoded && (decoded->containers.size() != snapshot->containers.size() ||
                    decoded->errors.size() != snapshot->errors.size())) {
      std::abort();
    }
  }
  if (!snapshot) return 0;
  hardock::docker::SnapshotIndex index(*snapshot);
  hardock::docker::NetworkZones zones(index, "hardock.sensitivity",
                                      {"public", "internal", "restricted"});
  for (size_t container = 0; container < snapshot->containers.size(); ++container) {
    (void)index.find_image(snapshot->containers[container].image_id);
    (void)zones.container_level(container);
    for (size_t network : zones.networks_of(container)) (void)zones.network_level(network);
  }
  for (size_t network = 0; network < snapshot->networks.size(); ++network) {
    (void)zones.unconfirmed_members(network);
    (void)index.find_network(snapshot->networks[network].name);
  }
  return 0;
}
