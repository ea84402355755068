// Reading an image from a registry (Registry HTTP API v2 / OCI distribution spec) with libcurl:
// the manifest for the reference's tag or digest (an index or manifest list is followed to the
// --platform entry), then the config and the layer blobs, streamed into the layer walk with
// their digests and sizes checked. Every answer body is bounded.
//
// Authentication: an answer 401 with `WWW-Authenticate: Bearer realm=...,service=...` is
// followed by a token request to the realm (with the user's credentials as Basic auth when the
// docker client config has some for the registry, anonymously otherwise), then the request is
// repeated with the token; `WWW-Authenticate: Basic` is answered with the credentials directly.
// Credentials come from the docker client config ($DOCKER_CONFIG/config.json, else
// ~/.docker/config.json; `auths.<registry>.auth`, base64 "user:password"); they are sent only
// to the registry they are stored for and to its token realm over TLS, and never printed
// (messages show "user:****").
//
// TLS: verified, with the system trust store plus CERTS_DIR/<host>/ca.crt when present
// (/etc/docker/certs.d, as dockerd), and CERTS_DIR/<host>/client.cert and client.key as a
// client certificate. For a host listed in insecure_registries only: TLS is not verified, and
// when the host does not speak TLS plain http is used (as dockerd's --insecure-registry).
#pragma once

#include <string>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/image/archive_reader.h"
#include "hardock/image/layer_reader.h"
#include "hardock/image/registry_reference.h"

namespace hardock::image {

struct RegistryOptions {
  std::vector<std::string> insecure_registries;  // "localhost:5000", as in the reference
  std::string certs_dir = "/etc/docker/certs.d";
  std::string docker_config_dir;  // empty: $DOCKER_CONFIG, else $HOME/.docker
  long connect_timeout_ms = 10'000;
  long stall_timeout_seconds = 60;
};

struct Credentials {
  std::string user;
  std::string password;  // or an identity token's value; never shown
  std::string source;    // the config file they came from
  [[nodiscard]] bool empty() const { return user.empty() && password.empty(); }
  [[nodiscard]] std::string shown() const { return user + ":****"; }
};

// The credentials the docker client config holds for `registry` ("docker.io" matches the
// config's "https://index.docker.io/v1/"), or empty ones. A config that cannot be read or
// parsed is an error naming it; credentials kept by a helper (credsStore, credHelpers) are not
// read, and a note says so (`note`).
[[nodiscard]] core::Result<Credentials> registry_credentials(const RegistryOptions& options,
                                                             const std::string& registry,
                                                             std::string* note = nullptr);

[[nodiscard]] core::Result<Image> read_registry_image(const Reference& reference,
                                                      const RegistryOptions& options,
                                                      const ImageSelection& selection,
                                                      const LayerOptions& layer_options);

}  // namespace hardock::image
