// Docker client configs (~/.docker/config.json: auths, credsStore, credHelpers, proxies) come
// from the host tree (--host-root): parse_client_config must give a ClientConfig for any bytes,
// never a crash, and never keep a secret (only the redacted form).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hardock/host/exposure_client_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto config = hardock::host::parse_client_config(text, "/root/.docker/config.json");
  for (const auto& credential : config.credentials) {
    // The redacted form ends with the mask: no more than two characters of a secret show.
    if (credential.redacted.size() < 4 ||
        credential.redacted.compare(credential.redacted.size() - 4, 4, "****") != 0) {
      __builtin_trap();
    }
  }
  return 0;
}
