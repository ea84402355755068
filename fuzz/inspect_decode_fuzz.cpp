// Inspect JSON comes from an engine hardock does not control: any parsed JSON
// value must decode to a Container or an Error, never a crash.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "hardock/docker/snapshot.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto value = nlohmann::json::parse(data, data + size, nullptr, false);
  if (value.is_discarded()) return 0;
  (void)hardock::docker::decode_container(value);
  // A snapshot's containers[].inspect goes through the same reader, with processes.
  (void)hardock::docker::decode_snapshot(
      nlohmann::json{{"containers", nlohmann::json::array({{{"inspect", value}}})}});
  return 0;
}
