#include "hardock/core/fingerprint.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <thread>
#include <vector>

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
  std::vector<std::string> out(findings.size());
  // Hashed on every core: a lint of 10,000 Dockerfiles records 137,000 findings, and the
  // recording thread is what a run waits for at its end.
  const auto hash_range = [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) out[i] = fingerprint(findings[i]);
  };
  constexpr std::size_t kPerThread = 4096;
  const std::size_t threads = std::clamp<std::size_t>(
      findings.size() / kPerThread, 1, std::max(1u, std::thread::hardware_concurrency()));
  if (threads == 1) {
    hash_range(0, findings.size());
  } else {
    std::vector<std::jthread> workers;
    const std::size_t step = (findings.size() + threads - 1) / threads;
    for (std::size_t begin = step; begin < findings.size(); begin += step) {
      workers.emplace_back(hash_range, begin, std::min(findings.size(), begin + step));
    }
    hash_range(0, std::min(findings.size(), step));
  }
  // Findings with the same identity, found by sorting (a hash map of every print cost more than
  // the hashing), each group in finding order.
  struct Keyed {
    std::uint64_t prefix;
    std::size_t index;
  };
  std::vector<Keyed> keyed(findings.size());
  for (std::size_t i = 0; i < keyed.size(); ++i) keyed[i] = {order_prefix(out[i]), i};
  std::sort(keyed.begin(), keyed.end(), [&](const Keyed& a, const Keyed& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    const int by_print = out[a.index].compare(out[b.index]);
    return by_print != 0 ? by_print < 0 : a.index < b.index;
  });
  std::vector<std::size_t> order(keyed.size());
  for (std::size_t i = 0; i < keyed.size(); ++i) order[i] = keyed[i].index;
  for (std::size_t first = 0; first < order.size();) {
    std::size_t last = first + 1;
    while (last < order.size() && out[order[last]] == out[order[first]]) ++last;
    if (last - first >= 2) {
      std::vector<std::size_t> indexes(order.begin() + static_cast<std::ptrdiff_t>(first),
                                       order.begin() + static_cast<std::ptrdiff_t>(last));
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
    first = last;
  }
  return out;
}

}  // namespace hardock::core
