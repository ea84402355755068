// Image references as the docker CLI reads them: [HOST[:PORT]/]PATH[:TAG][@DIGEST]. Without a
// host the registry is Docker Hub ("docker.io", served at registry-1.docker.io) and a one-part
// path gets "library/"; without tag or digest the tag is "latest". The first part is a host
// when it has a '.' or a ':' or is "localhost". Paths are lower-case components separated by
// '/', tags at most 128 word characters, digests sha256 only: anything else is refused before
// it can become part of a URL.
#pragma once

#include <string>
#include <string_view>

#include "hardock/core/result.h"

namespace hardock::image {

struct Reference {
  std::string registry;    // "docker.io", "localhost:5000", "[::1]:5000"
  std::string repository;  // "library/busybox", "team/app"
  std::string tag;         // "latest" when neither tag nor digest is given; else may be empty
  std::string digest;      // "sha256:..." when pinned

  // How docker names it: "docker.io/library/busybox:1.36", "localhost:5000/app@sha256:...".
  [[nodiscard]] std::string text() const;
  // What the manifest request names: the digest when given, else the tag.
  [[nodiscard]] std::string manifest_reference() const { return digest.empty() ? tag : digest; }
  // The host the Registry API is served at ("registry-1.docker.io" for Docker Hub).
  [[nodiscard]] std::string api_host() const;
};

// True when the first component of `reference` is a registry host.
[[nodiscard]] bool registry_named(std::string_view reference);

// kInvalidArgument with the reason for a malformed reference.
[[nodiscard]] core::Result<Reference> parse_reference(std::string_view text);

}  // namespace hardock::image
