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
  // Each length as 8 bytes, least significant first, appended at once (not byte by byte).
  void add(std::string_view part) {
    const auto size = static_cast<std::uint64_t>(part.size());
    char prefix[8];
    for (std::size_t i = 0; i < 8; ++i) prefix[i] = static_cast<char>(size >> (8 * i));
    message_.append(prefix, sizeof prefix);
    message_.append(part);
  }
  // Emptied, its buffer kept for the next finding (one allocation per thread, not per print).
  void clear() { message_.clear(); }

  // SHA-256 (core/sha256.h: the algorithm fetched once, a context per thread); a print is the
  // first 128 bits of it.
  [[nodiscard]] Sha256Digest digest() const { return sha256(message_); }
  [[nodiscard]] std::string hex() const { return to_hex(digest(), 16); }

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

// A print's 128 bits as two numbers that order as its hex digits do: equal numbers, equal prints.
struct Key {
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  std::size_t index = 0;
};

std::uint64_t big_endian(const unsigned char* bytes) {
  std::uint64_t number = 0;
  for (std::size_t i = 0; i < 8; ++i) number = (number << 8) | bytes[i];
  return number;
}

// The print `key` holds: its 32 hex digits.
std::string hex(const Key& key) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(32, '0');
  for (std::size_t i = 0; i < 16; ++i) {
    out[i] = kHex[(key.high >> (60 - 4 * i)) & 15];
    out[16 + i] = kHex[(key.low >> (60 - 4 * i)) & 15];
  }
  return out;
}

}  // namespace fingerprint_detail

std::string fingerprint(const Finding& finding) {
  fingerprint_detail::Hasher hasher;
  fingerprint_detail::add_identity(hasher, finding);
  return hasher.hex();
}

std::vector<std::string> fingerprints(const std::vector<Finding>& findings) {
  using fingerprint_detail::Key;
  std::vector<std::string> out(findings.size());
  std::vector<Key> keys(findings.size());
  // Hashed on every core: a lint of 10,000 Dockerfiles records 137,000 findings, and the
  // recording thread is what a run waits for at its end.
  constexpr std::size_t kPerThread = 4096;
  const std::size_t threads = std::clamp<std::size_t>(
      findings.size() / kPerThread, 1, std::max(1u, std::thread::hardware_concurrency()));
  const auto on_every_core = [threads](std::size_t size, const auto& work) {
    if (threads == 1) return work(0, size);
    std::vector<std::jthread> workers;
    const std::size_t step = (size + threads - 1) / threads;
    for (std::size_t begin = step; begin < size; begin += step) {
      workers.emplace_back(work, begin, std::min(size, begin + step));
    }
    work(0, std::min(size, step));
  };
  // First as numbers only: whether a print is final is known once equal ones are found, and half
  // of a lint's findings share theirs (a check reporting each of several lines of one file).
  on_every_core(findings.size(), [&](std::size_t begin, std::size_t end) {
    fingerprint_detail::Hasher hasher;
    for (std::size_t i = begin; i < end; ++i) {
      hasher.clear();
      fingerprint_detail::add_identity(hasher, findings[i]);
      const Sha256Digest digest = hasher.digest();
      keys[i] = {fingerprint_detail::big_endian(digest.data()),
                 fingerprint_detail::big_endian(digest.data() + 8), i};
    }
  });
  // Findings with the same identity, found by sorting integers (a hash map of every print cost
  // more than the hashing), each group in finding order.
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    if (a.high != b.high) return a.high < b.high;
    if (a.low != b.low) return a.low < b.low;
    return a.index < b.index;
  });
  const auto same = [&keys](std::size_t a, std::size_t b) {
    return keys[a].high == keys[b].high && keys[a].low == keys[b].low;
  };
  // The prints written on every core too, each core a range of groups (a range's ends moved to
  // where a group starts, so no group is split).
  on_every_core(keys.size(), [&](std::size_t begin, std::size_t end) {
    while (begin > 0 && begin < keys.size() && same(begin, begin - 1)) ++begin;
    while (end < keys.size() && same(end, end - 1)) ++end;
    fingerprint_detail::Hasher hasher;
    std::vector<std::size_t> indexes;
    for (std::size_t first = begin; first < end;) {
      std::size_t last = first + 1;
      while (last < end && same(last, first)) ++last;
      if (last - first == 1) {
        out[keys[first].index] = fingerprint_detail::hex(keys[first]);
        first = last;
        continue;
      }
      indexes.clear();
      for (std::size_t n = first; n < last; ++n) indexes.push_back(keys[n].index);
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
        hasher.clear();
        fingerprint_detail::add_identity(hasher, finding);
        hasher.add(finding.evidence);
        hasher.add(std::to_string(ordinal));
        out[indexes[n]] = hasher.hex();
      }
      first = last;
    }
  });
  return out;
}

}  // namespace hardock::core
