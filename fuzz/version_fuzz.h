// Shared body of the three version fuzz targets: the input is split at its first NUL byte into
// two versions (or taken whole for both), and the order must be a consistent total order on
// what validates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hardock/vuln/version.h"

namespace hardock::vuln::fuzz {

inline void check_versions(Ecosystem ecosystem, const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t split = input.find('\0');
  const std::string_view a = input.substr(0, split);
  const std::string_view b = split == std::string_view::npos ? a : input.substr(split + 1);
  const bool a_valid = bool(validate_version(ecosystem, a));
  const bool b_valid = bool(validate_version(ecosystem, b));
  const auto ab = compare_versions(ecosystem, a, b);
  const auto ba = compare_versions(ecosystem, b, a);
  if (bool(ab) != (a_valid && b_valid) || bool(ba) != bool(ab)) __builtin_trap();
  if (!ab) return;
  if (*ab < -1 || *ab > 1 || *ab != -*ba) __builtin_trap();       // antisymmetric
  if (*compare_versions(ecosystem, a, a) != 0) __builtin_trap();  // reflexive
  if (a == b && *ab != 0) __builtin_trap();
}

}  // namespace hardock::vuln::fuzz
