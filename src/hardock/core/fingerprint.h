// A finding's fingerprint: the same finding in two runs has the same one, so the store, drift
// and the risk register can follow it across runs (first seen, fixed, back again).
//
// It hashes the check's code, the target's kind and stable identity (its name, which survives a
// container's recreation, else its id) and the finding's key, never its wording: a new evidence
// text or title does not make a finding new. Findings about a file hash the file, not the line,
// so an edit above a finding does not move it.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/finding.h"

namespace hardock::core {

// 32 lowercase hex digits (128 bits of SHA-256).
[[nodiscard]] std::string fingerprint(const Finding& finding);

// The fingerprints of a run's findings, in their order, all distinct. Findings that share a
// fingerprint (a check without keys that reports twice on one target) are told apart by their
// evidence, then by their order among equals.
[[nodiscard]] std::vector<std::string> fingerprints(const std::vector<Finding>& findings);

// The first eight bytes of `text` as a number that orders as the bytes do (zeros past its end):
// sorting many fingerprints by it first compares integers, not strings, and two prints share it
// only when their first eight hex digits are equal. Equal numbers still need the full strings.
[[nodiscard]] inline std::uint64_t order_prefix(std::string_view text) {
  unsigned char bytes[8] = {};
  if (!text.empty()) std::memcpy(bytes, text.data(), text.size() < 8 ? text.size() : 8);
  std::uint64_t number = 0;
  for (const unsigned char byte : bytes) number = (number << 8) | byte;
  return number;
}

}  // namespace hardock::core
