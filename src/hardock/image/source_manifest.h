// Manifests and indexes as image sources read them: an OCI image index or Docker manifest list
// (one entry per platform), an OCI image manifest or Docker v2 schema 2 manifest (a config and
// its layers), from an OCI layout's index.json and blobs or from a registry.
//
// Every document is untrusted: its size is bounded (kMaxManifestBytes), its nesting checked
// (io::json_nesting_error) before it is parsed, a wrong type is an error naming the field, and
// every digest is checked to be "sha256:" and 64 lowercase hex digits before it is used to
// name a file or a URL (valid_digest). Docker v2 schema 1 manifests (signed, deprecated) are
// refused with a clear message.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"

namespace hardock::image {

// The largest manifest, index or config document read (real ones are a few KiB; an index of
// every platform under 100 KiB).
inline constexpr std::size_t kMaxManifestBytes = std::size_t{4} << 20;
// The largest image config blob read (Docker's config of a 100-layer image is ~50 KiB).
inline constexpr std::size_t kMaxConfigBytes = std::size_t{8} << 20;

// The media types hardock reads, as sent in a registry's Accept header.
inline constexpr std::string_view kManifestAccept =
    "application/vnd.oci.image.index.v1+json, "
    "application/vnd.docker.distribution.manifest.list.v2+json, "
    "application/vnd.oci.image.manifest.v1+json, "
    "application/vnd.docker.distribution.manifest.v2+json";

struct Descriptor {
  std::string media_type;
  std::string digest;    // validated: "sha256:" + 64 lowercase hex
  int64_t size = -1;     // bytes; -1 when the document does not say (index.json of old tools)
  std::string platform;  // "linux/amd64", "linux/arm/v7"; empty when not given
  std::string ref_name;  // annotation org.opencontainers.image.ref.name, index.json only
};

struct ManifestDocument {
  bool is_index = false;
  std::string media_type;
  std::vector<Descriptor> manifests;  // index: its entries
  Descriptor config;                  // manifest: the config blob
  std::vector<Descriptor> layers;     // manifest: the layer blobs, base first
};

// True for "sha256:" followed by 64 lowercase hex digits, the only digests hardock follows.
[[nodiscard]] bool valid_digest(std::string_view digest);

// "sha256:<hex>" of `bytes`.
[[nodiscard]] std::string sha256_digest(std::string_view bytes);

// Parses an index or a manifest. `content_type` (a registry's Content-Type, may be empty) is
// used when the document has no mediaType field. kMalformedInput naming `what` on anything
// else, kInvalidArgument for a schema 1 manifest.
[[nodiscard]] core::Result<ManifestDocument> parse_manifest(std::string_view json,
                                                            std::string_view content_type,
                                                            const std::string& what);

// The platform of this machine as an image index names it ("linux/amd64", "linux/arm64").
[[nodiscard]] std::string host_platform();

// The index entry to follow: with `reference`, the entry whose ref name or digest is it;
// otherwise the one for `platform` ("os/arch[/variant]", empty: host_platform()), else the only
// entry without a platform. kNotFound naming what was looked for, with the platforms on offer.
[[nodiscard]] core::Result<Descriptor> choose_manifest(const ManifestDocument& index,
                                                       const std::string& platform,
                                                       const std::string& reference,
                                                       const std::string& what);

}  // namespace hardock::image
