// Case mapping of ASCII letters alone: what std::tolower/std::toupper do in the C locale, which
// hardock never leaves, without a library call per byte.
#pragma once

namespace hardock::dockerfile {

[[nodiscard]] constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
[[nodiscard]] constexpr char ascii_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

}  // namespace hardock::dockerfile
