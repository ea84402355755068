// Engine answers come from an engine hardock does not control (issue 9: bodies nested 100,000
// deep, numbers out of range, wrong types). Any bytes must parse to JSON or an Error
// (parse_json_body), and any JSON must decode, as each answer hardock reads, to a value or an
// Error: the lists (/containers/json, /networks), /top, /info, /version, exec, container,
// network and image inspects. Never a crash.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "hardock/docker/engine_answers.h"
#include "hardock/docker/snapshot.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto body = hardock::docker::parse_json_body(text, "GET /fuzz");
  if (!body) return 0;
  const nlohmann::json& value = *body;
  (void)hardock::docker::list_ids(value);
  (void)hardock::docker::parse_top(value);
  (void)hardock::docker::decode_info(value);
  (void)hardock::docker::decode_version(value);
  (void)hardock::docker::decode_exec(value);
  (void)hardock::docker::decode_container(value);
  (void)hardock::docker::decode_network(value);
  (void)hardock::docker::decode_image(value);
  return 0;
}
