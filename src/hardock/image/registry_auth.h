// The pieces of registry authentication that are pure text: parsing a WWW-Authenticate
// challenge and the docker client config's credentials for one registry. Internal to
// the registry client; apart so that a fuzz target and unit tests reach them.
#pragma once

#include "hardock/io/base64.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace hardock::image {

struct Challenge {
  std::string scheme;                         // "bearer" or "basic" (lower-case)
  std::map<std::string, std::string> params;  // realm, service, scope (names lower-case)
};

// `Bearer realm="https://auth.example/token",service="registry.example"`; nullopt when the
// header is not a challenge hardock understands. Bounded: at most 16 parameters.
[[nodiscard]] std::optional<Challenge> parse_challenge(std::string_view header);

using io::base64_decode;
using io::base64_encode;

struct ConfigCredentials {
  std::string user;
  std::string password;
  bool found = false;  // an entry for the registry with a usable "auth"
  std::string note;    // why none were used although the config names the registry
  std::string error;   // the config does not parse
};

// The credentials a docker client config (config.json text) holds for `registry` (the host as
// in a reference: "docker.io", "localhost:5000"). Keys of `auths` are compared without their
// scheme and path ("https://index.docker.io/v1/" is "docker.io"). Pure, never throws.
[[nodiscard]] ConfigCredentials credentials_in_config(std::string_view config_json,
                                                      std::string_view registry);

}  // namespace hardock::image
