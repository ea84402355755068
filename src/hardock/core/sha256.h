// SHA-256 through OpenSSL's direct interface (sha256.cpp says why not EVP), for fingerprints,
// the policy hash and context ids. OpenSSL's implicit fetch (EVP_sha256() in EVP_Digest) had
// looked the algorithm up on every call.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace hardock::core {

using Sha256Digest = std::array<unsigned char, 32>;

// Throws std::runtime_error when OpenSSL has no SHA-256 (a broken install).
[[nodiscard]] Sha256Digest sha256(std::string_view bytes);

// The first BYTES bytes of DIGEST (all by default) as lowercase hex.
[[nodiscard]] std::string to_hex(const Sha256Digest& digest, std::size_t bytes = 32);

// sha256 as 64 lowercase hex digits.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

}  // namespace hardock::core
