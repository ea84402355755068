#include "hardock/image/registry_auth.h"
#include "hardock/core/text.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "hardock/io/json_guard.h"

namespace hardock::image {
namespace {

// "https://index.docker.io/v1/" -> "index.docker.io"; "localhost:5000" stays.
std::string registry_key(std::string_view key) {
  for (std::string_view scheme : {"https://", "http://"}) {
    if (key.starts_with(scheme)) key.remove_prefix(scheme.size());
  }
  key = key.substr(0, key.find('/'));
  std::string out = core::ascii_lower(key);
  if (out == "index.docker.io" || out == "registry-1.docker.io" ||
      out == "registry.hub.docker.com") {
    out = "docker.io";
  }
  return out;
}

}  // namespace

std::optional<Challenge> parse_challenge(std::string_view header) {
  std::size_t position = 0;
  auto skip_space = [&] {
    while (position < header.size() && (header[position] == ' ' || header[position] == '\t')) {
      ++position;
    }
  };
  skip_space();
  const std::size_t scheme_start = position;
  while (position < header.size() && std::isalpha(static_cast<unsigned char>(header[position]))) {
    ++position;
  }
  Challenge out;
  out.scheme = core::ascii_lower(header.substr(scheme_start, position - scheme_start));
  if (out.scheme != "bearer" && out.scheme != "basic") return std::nullopt;
  while (position < header.size()) {
    skip_space();
    if (position < header.size() && header[position] == ',') {
      ++position;
      continue;
    }
    const std::size_t name_start = position;
    while (position < header.size() && header[position] != '=' && header[position] != ',' &&
           header[position] != ' ') {
      ++position;
    }
    const std::string name = core::ascii_lower(header.substr(name_start, position - name_start));
    if (position >= header.size() || header[position] != '=') {
      if (name.empty()) ++position;
      continue;
    }
    ++position;  // '='
    std::string value;
    if (position < header.size() && header[position] == '"') {
      ++position;
      while (position < header.size() && header[position] != '"') {
        if (header[position] == '\\' && position + 1 < header.size()) ++position;
        value += header[position++];
      }
      ++position;  // closing quote
    } else {
      while (position < header.size() && header[position] != ',') value += header[position++];
    }
    if (out.params.size() >= 16) return std::nullopt;
    if (!name.empty()) out.params[name] = value;
  }
  return out;
}

ConfigCredentials credentials_in_config(std::string_view config_json, std::string_view registry) {
  ConfigCredentials out;
  if (auto nesting = io::json_nesting_error(config_json); !nesting.empty()) {
    out.error = nesting;
    return out;
  }
  const auto document = nlohmann::json::parse(config_json, nullptr, false);
  if (document.is_discarded() || !document.is_object()) {
    out.error = "not a JSON object";
    return out;
  }
  const std::string wanted = registry_key(registry);
  const auto auths = document.find("auths");
  if (auths != document.end() && auths->is_object()) {
    for (const auto& [key, entry] : auths->items()) {
      if (registry_key(key) != wanted || !entry.is_object()) continue;
      const auto auth = entry.find("auth");
      if (auth != entry.end() && auth->is_string() && !auth->get<std::string>().empty()) {
        auto decoded = base64_decode(auth->get<std::string>());
        const auto colon = decoded ? decoded->find(':') : std::string::npos;
        if (!decoded || colon == std::string::npos) {
          out.note = "its auth entry is not base64 of user:password";
          continue;
        }
        out.user = decoded->substr(0, colon);
        out.password = decoded->substr(colon + 1);
        out.found = true;
        return out;
      }
      const auto user = entry.find("username");
      const auto password = entry.find("password");
      if (user != entry.end() && password != entry.end() && user->is_string() &&
          password->is_string()) {
        out.user = user->get<std::string>();
        out.password = password->get<std::string>();
        out.found = true;
        return out;
      }
      if (entry.contains("identitytoken")) {
        out.note = "an identity token (OAuth refresh token) is not used";
      }
    }
  }
  for (const char* helper_key : {"credHelpers"}) {
    const auto helpers = document.find(helper_key);
    if (helpers == document.end() || !helpers->is_object()) continue;
    for (const auto& [key, value] : helpers->items()) {
      (void)value;
      if (registry_key(key) == wanted) {
        out.note = "its credentials are kept by a credential helper, which hardock does not run";
      }
    }
  }
  if (out.note.empty() && document.contains("credsStore")) {
    out.note = "credentials kept by the credsStore helper are not read";
  }
  return out;
}

}  // namespace hardock::image
