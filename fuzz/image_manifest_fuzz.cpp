// Manifests, indexes, WWW-Authenticate challenges, docker client configs and image references
// come from registries, OCI layouts and users' files hardock does not control: any bytes must
// parse to a value or a one-line error, never a crash, and every digest accepted must be valid.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "hardock/image/registry_auth.h"
#include "hardock/image/registry_reference.h"
#include "hardock/image/source_manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hardock::image;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (std::string_view type : {"", "application/vnd.oci.image.index.v1+json",
                                "application/vnd.docker.distribution.manifest.v2+json"}) {
    auto parsed = parse_manifest(text, type, "fuzz");
    if (!parsed) {
      if (parsed.error().message.find('\n') != std::string::npos) __builtin_trap();
      continue;
    }
    for (const auto& entry : parsed->manifests) {
      if (!valid_digest(entry.digest)) __builtin_trap();
    }
    for (const auto& layer : parsed->layers) {
      if (!valid_digest(layer.digest)) __builtin_trap();
    }
    if (parsed->is_index) {
      for (const char* platform : {"", "linux/amd64", "linux/arm64", "linux/arm/v7"}) {
        auto chosen = choose_manifest(*parsed, platform, "", "fuzz");
        if (chosen && !valid_digest(chosen->digest)) __builtin_trap();
      }
      (void)choose_manifest(*parsed, "", "1", "fuzz");
    } else if (!valid_digest(parsed->config.digest)) {
      __builtin_trap();
    }
  }
  (void)parse_challenge(text);
  const auto credentials = credentials_in_config(text, "docker.io");
  if (credentials.found && !credentials.error.empty()) __builtin_trap();
  (void)base64_decode(text);
  if (auto reference = parse_reference(text)) {
    if (!reference->digest.empty() && !valid_digest(reference->digest)) __builtin_trap();
    if (reference->repository.empty() || reference->registry.empty()) __builtin_trap();
    if (reference->text().find_first_of(" \r\n?#") != std::string::npos) __builtin_trap();
  }
  return 0;
}
