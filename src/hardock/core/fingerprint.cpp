#include "hardock/core/fingerprint.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <unordered_map>

#include "hardock/core/sha256.h"

namespace hardock::core {
namespace fingerprint_detail {

// Each part is length-prefixed, so ("ab","c") and ("a","bc") differ. The parts are gathered and
// hashed in one call.
class Hasher {
 public:
  void add(std::string_view part) {
    const auto size = static_cast<std::uint64_t>(part.size());
    for (std::size_t i = 0; i < 8; ++i) message_ += static_cast<char>(size >> (8 * i));
    message_.append(part);
  }

  // 128 bits of SHA-256 (core/sha256.h: the algorithm fetched once, a context per thread).
  std::string hex() const { return to_hex(sha256(message_), 16); }

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
