// Case mapping of ASCII letters alone: what std::tolower/std::toupper do in the C locale, which
// hardock never leaves, without a library call per byte; byte-class tables for the scanners.
#pragma once

#include <array>
#include <string_view>

namespace hardock::dockerfile {

[[nodiscard]] constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
[[nodiscard]] constexpr char ascii_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

// a == b ignoring the case of ASCII letters, without lowercased copies to compare.
[[nodiscard]] constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (ascii_lower(a[k]) != ascii_lower(b[k])) return false;
  }
  return true;
}

// A table over the 256 byte values, true for every byte but those of `excluded`: the scanners
// test a byte with one load instead of a chain of comparisons.
[[nodiscard]] constexpr std::array<bool, 256> bytes_except(std::string_view excluded) {
  std::array<bool, 256> table{};
  table.fill(true);
  for (const char c : excluded) table[static_cast<unsigned char>(c)] = false;
  return table;
}

// The converse: true for the bytes of `included` alone.
[[nodiscard]] constexpr std::array<bool, 256> bytes_of(std::string_view included) {
  std::array<bool, 256> table{};
  for (const char c : included) table[static_cast<unsigned char>(c)] = true;
  return table;
}

}  // namespace hardock::dockerfile
