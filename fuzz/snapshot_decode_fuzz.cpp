// Snapshot files come from other hosts (`audit --from`): decode_snapshot_text
// must turn any bytes into a snapshot or an Error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hardock/docker/snapshot.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto snapshot = hardock::docker::decode_snapshot_text(text);
  if (snapshot) {
    // Exercise the lookups on whatever decoded.
    for (const auto& container : snapshot->containers) {
      (void)snapshot->find_image(container.image_id);
      for (const auto& network : container.networks) (void)snapshot->find_network(network.name);
    }
  }
  return 0;
}
