#include "hardock/harden/redact.h"

#include <array>
#include <cctype>

namespace hardock::harden {

bool secret_looking_key(std::string_view key) {
  std::string upper;
  for (char ch : key) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (upper == "PWD" || upper == "OLDPWD") return false;  // the shell's working directories
  static constexpr std::array<std::string_view, 12> kMarkers = {
      "PASSWORD", "PASSWD",     "PASS", "PWD",     "SECRET", "TOKEN",
      "KEY",      "CREDENTIAL", "AUTH", "PRIVATE", "SALT",   "COOKIE"};
  for (auto marker : kMarkers) {
    if (upper.find(marker) != std::string::npos) return true;
  }
  return false;
}

std::string redact_env_entry(std::string_view entry) {
  const auto equals = entry.find('=');
  if (equals == std::string_view::npos) return std::string(entry);
  const std::string_view key = entry.substr(0, equals);
  if (secret_looking_key(key)) return std::string(key) + "=****";
  return std::string(key) + "=" + redact_url_credentials(entry.substr(equals + 1));
}

std::string redact_url_credentials(std::string_view text) {
  std::string out;
  size_t at = 0;
  while (true) {
    const size_t scheme = text.find("://", at);
    if (scheme == std::string_view::npos) break;
    const size_t start = scheme + 3;
    // The authority ends at the first '/', '?', '#' or whitespace.
    size_t end = start;
    while (end < text.size() && text[end] != '/' && text[end] != '?' && text[end] != '#' &&
           std::isspace(static_cast<unsigned char>(text[end])) == 0) {
      ++end;
    }
    const std::string_view authority = text.substr(start, end - start);
    const size_t at_sign = authority.rfind('@');
    const size_t colon =
        at_sign == std::string_view::npos ? std::string_view::npos : authority.find(':');
    out.append(text.substr(at, start - at));
    if (colon != std::string_view::npos && colon < at_sign) {
      out.append(authority.substr(0, colon + 1));
      out += "****";
      out.append(authority.substr(at_sign));
    } else {
      out.append(authority);
    }
    at = end;
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace hardock::harden
