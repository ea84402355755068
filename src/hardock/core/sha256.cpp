// OpenSSL's SHA256_Init/Update/Final are deprecated in 3.0 but kept through 3.x. They hash at
// once; EVP_MD_fetch first builds the library's provider and name tables, 9 million
// instructions: 40 % of a recorded one-file lint, for a few fingerprints (docs/benchmarks.md).
#define OPENSSL_SUPPRESS_DEPRECATED
#include "hardock/core/sha256.h"

#include <openssl/sha.h>

#include <algorithm>
#include <stdexcept>

namespace hardock::core {

Sha256Digest sha256(std::string_view bytes) {
  SHA256_CTX ctx;
  Sha256Digest digest{};
  if (SHA256_Init(&ctx) != 1 || SHA256_Update(&ctx, bytes.data(), bytes.size()) != 1 ||
      SHA256_Final(digest.data(), &ctx) != 1) {
    throw std::runtime_error("SHA-256 is not available from OpenSSL");
  }
  return digest;
}

std::string to_hex(const Sha256Digest& digest, std::size_t bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  bytes = std::min(bytes, digest.size());
  std::string out(2 * bytes, '0');
  for (std::size_t i = 0; i < bytes; ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 15];
  }
  return out;
}

std::string sha256_hex(std::string_view bytes) { return to_hex(sha256(bytes)); }

}  // namespace hardock::core
