#include "hardock/core/fingerprint.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

namespace hardock::core {
namespace fingerprint_detail {

// SHA-256 fetched once: an implicit fetch (EVP_sha256() in EVP_DigestInit_ex) looks the
// algorithm up again on every call, which was most of a fingerprint's cost in a lint run of
// 137,000 findings.
const EVP_MD* sha256() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

// Each part is length-prefixed, so ("ab","c") and ("a","bc") differ. The parts are gathered and
// hashed in one call, with a digest context kept per thread.
class Hasher {
 public:
  void add(std::string_view part) {
    const auto size = static_cast<std::uint64_t>(part.size());
    for (std::size_t i = 0; i < 8; ++i) message_ += static_cast<char>(size >> (8 * i));
    message_.append(part);
  }

  std::string hex() {
    thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(
        EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    const EVP_MD* md = sha256();
    if (ctx == nullptr || md == nullptr || EVP_DigestInit_ex2(ctx.get(), md, nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), message_.data(), message_.size()) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), digest.data(), &size) != 1) {
      throw std::runtime_error("fingerprint: SHA-256 is not available from OpenSSL");
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(2 * std::min<std::size_t>(16, size), '0');
    for (std::size_t i = 0; i < 16 && i < size; ++i) {
      out[2 * i] = kHex[digest[i] >> 4];
      out[2 * i + 1] = kHex[digest[i] & 15];
    }
    return out;
  }

 private:
  std::string message_;
};

void add_identity(Hasher& hasher, const Finding& finding) {
  hasher.add(finding.check_code);
  hasher.add(to_string(finding.target.kind));
  hasher.add(finding.target.name.empty() ? finding.target.id : finding.target.name);
  hasher.add(finding.location.file);
  hasher.add(finding.key);
}

}  // namespace fingerprint_detail

std::string fingerprint(const Finding& finding) {
  fingerprint_detail::Hasher hasher;
  fingerprint_detail::add_identity(hasher, finding);
  return hasher.hex();
}

std::vector<std::string> fingerprints(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  out.reserve(findings.size());
  std::unordered_map<std::string, std::vector<std::size_t>> by_print;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    out.push_back(fingerprint(findings[i]));
    by_print[out.back()].push_back(i);
  }
  for (auto& [print, indexes] : by_print) {
    if (indexes.size() < 2) continue;
    // Equal identities: the evidence tells them apart, then the order among equal evidence
    // (sorted, so the run's finding order does not matter).
    std::stable_sort(indexes.begin(), indexes.end(), [&](std::size_t a, std::size_t b) {
      return findings[a].evidence < findings[b].evidence;
    });
    std::size_t ordinal = 0;
    for (std::size_t n = 0; n < indexes.size(); ++n) {
      const Finding& finding = findings[indexes[n]];
      if (n > 0 && finding.evidence == findings[indexes[n - 1]].evidence)
        ++ordinal;
      else
        ordinal = 0;
      fingerprint_detail::Hasher hasher;
      fingerprint_detail::add_identity(hasher, finding);
      hasher.add(finding.evidence);
      hasher.add(std::to_string(ordinal));
      out[indexes[n]] = hasher.hex();
    }
  }
  return out;
}

}  // namespace hardock::core
