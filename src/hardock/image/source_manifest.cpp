#include "hardock/image/source_manifest.h"

#include <sys/utsname.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "hardock/core/sha256.h"
#include "hardock/image/json_fields.h"
#include "hardock/io/escape.h"
#include "hardock/io/json_guard.h"

namespace hardock::image {
namespace {

using nlohmann::json;

constexpr std::string_view kOciIndex = "application/vnd.oci.image.index.v1+json";
constexpr std::string_view kDockerList =
    "application/vnd.docker.distribution.manifest.list.v2+json";
constexpr std::string_view kOciManifest = "application/vnd.oci.image.manifest.v1+json";
constexpr std::string_view kDockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
constexpr std::string_view kDockerSchema1 = "application/vnd.docker.distribution.manifest.v1";

// A manifest holding more layers than this is refused (Docker's own limit is 127 for overlay2;
// registries accept a few hundred).
constexpr std::size_t kMaxLayers = 1000;
// An index listing more manifests than this is refused (a multi-platform index lists ~10).
constexpr std::size_t kMaxIndexEntries = 10000;

using json_fields::FieldError;
using json_fields::member;
using json_fields::text;

Descriptor descriptor(const json& object, const std::string& path, bool in_index) {
  if (!object.is_object()) throw FieldError{path + ": expected an object"};
  Descriptor out;
  out.media_type = text(object, "mediaType", path + ".");
  out.digest = text(object, "digest", path + ".");
  if (!valid_digest(out.digest)) {
    throw FieldError{
        path + ".digest: not a sha256 digest: " + io::terminal_safe(io::truncate(out.digest, 80))};
  }
  const json& size = member(object, "size");
  if (!size.is_null()) {
    if (!size.is_number_integer() || size.get<int64_t>() < 0) {
      throw FieldError{path + ".size: expected a non-negative integer"};
    }
    out.size = size.get<int64_t>();
  }
  if (in_index) {
    const json& platform = member(object, "platform");
    if (!platform.is_null()) {
      if (!platform.is_object()) throw FieldError{path + ".platform: expected an object"};
      const std::string os = text(platform, "os", path + ".platform.");
      const std::string arch = text(platform, "architecture", path + ".platform.");
      const std::string variant = text(platform, "variant", path + ".platform.");
      out.platform = os + "/" + arch + (variant.empty() ? "" : "/" + variant);
    }
    const json& annotations = member(object, "annotations");
    if (!annotations.is_null()) {
      if (!annotations.is_object()) throw FieldError{path + ".annotations: expected an object"};
      out.ref_name = text(annotations, "org.opencontainers.image.ref.name", path + ".annotations.");
    }
  }
  return out;
}

ManifestDocument decode(const json& document, std::string_view content_type) {
  if (!document.is_object()) throw FieldError{"expected an object"};
  ManifestDocument out;
  out.media_type = text(document, "mediaType", "");
  if (out.media_type.empty()) {
    // The OCI spec makes mediaType optional; then the transport's Content-Type tells, else the
    // shape does (an index has "manifests", a manifest "config").
    const auto semicolon = content_type.find(';');
    out.media_type = std::string(content_type.substr(0, semicolon));
    if (out.media_type.empty() || out.media_type == "application/json") {
      out.media_type = document.contains("manifests") ? kOciIndex : kOciManifest;
    }
  }
  if (out.media_type.starts_with(kDockerSchema1) || member(document, "schemaVersion") == 1) {
    throw FieldError{
        "a Docker v2 schema 1 manifest (deprecated, not read): push the image again "
        "with a current client"};
  }
  if (out.media_type == kOciIndex || out.media_type == kDockerList) {
    out.is_index = true;
    const json& manifests = member(document, "manifests");
    if (!manifests.is_array()) throw FieldError{"manifests: expected an array"};
    if (manifests.size() > kMaxIndexEntries) {
      throw FieldError{"manifests: more than " + std::to_string(kMaxIndexEntries) + " entries"};
    }
    for (std::size_t index = 0; index < manifests.size(); ++index) {
      out.manifests.push_back(
          descriptor(manifests[index], "manifests[" + std::to_string(index) + "]", true));
    }
    return out;
  }
  if (out.media_type != kOciManifest && out.media_type != kDockerManifest) {
    throw FieldError{"unsupported media type " +
                     io::terminal_safe(io::truncate(out.media_type, 120))};
  }
  out.config = descriptor(member(document, "config"), "config", false);
  const json& layers = member(document, "layers");
  if (!layers.is_array()) throw FieldError{"layers: expected an array"};
  if (layers.size() > kMaxLayers) {
    throw FieldError{"layers: more than " + std::to_string(kMaxLayers) + " layers"};
  }
  for (std::size_t index = 0; index < layers.size(); ++index) {
    out.layers.push_back(descriptor(layers[index], "layers[" + std::to_string(index) + "]", false));
  }
  return out;
}

// "linux/arm64" matches "linux/arm64/v8": a variant not asked for is not required.
bool platform_matches(std::string_view wanted, std::string_view offered) {
  if (wanted == offered) return true;
  return offered.starts_with(wanted) && offered.size() > wanted.size() &&
         offered[wanted.size()] == '/' && std::count(wanted.begin(), wanted.end(), '/') == 1;
}

}  // namespace

bool valid_digest(std::string_view digest) {
  constexpr std::string_view kPrefix = "sha256:";
  if (!digest.starts_with(kPrefix) || digest.size() != kPrefix.size() + 64) return false;
  const std::string_view hex = digest.substr(kPrefix.size());
  return std::all_of(hex.begin(), hex.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string sha256_digest(std::string_view bytes) { return "sha256:" + core::sha256_hex(bytes); }

core::Result<ManifestDocument> parse_manifest(std::string_view json_text,
                                              std::string_view content_type,
                                              const std::string& what) {
  if (json_text.size() > kMaxManifestBytes) {
    return core::fail(core::ErrorCode::kMalformedInput, what + ": over 4 MiB");
  }
  if (auto nesting = io::json_nesting_error(json_text); !nesting.empty()) {
    return core::fail(core::ErrorCode::kMalformedInput, what + ": " + nesting);
  }
  const json document = json::parse(json_text, nullptr, false);
  if (document.is_discarded()) {
    return core::fail(core::ErrorCode::kMalformedInput, what + ": invalid JSON");
  }
  try {
    return decode(document, content_type);
  } catch (const FieldError& error) {
    const bool schema1 = error.message.starts_with("a Docker v2 schema 1");
    return core::fail(
        schema1 ? core::ErrorCode::kInvalidArgument : core::ErrorCode::kMalformedInput,
        what + ": " + error.message);
  }
}

std::string host_platform() {
  struct utsname name {};
  std::string arch = ::uname(&name) == 0 ? name.machine : "x86_64";
  if (arch == "x86_64") arch = "amd64";
  if (arch == "aarch64") arch = "arm64";
  return "linux/" + arch;
}

core::Result<Descriptor> choose_manifest(const ManifestDocument& index, const std::string& platform,
                                         const std::string& reference, const std::string& what) {
  if (!reference.empty()) {
    for (const auto& entry : index.manifests) {
      if (entry.ref_name == reference || entry.digest == reference) return entry;
    }
    return core::fail(core::ErrorCode::kNotFound,
                      what + ": no image named " + io::terminal_safe(reference));
  }
  const std::string wanted = platform.empty() ? host_platform() : platform;
  const Descriptor* unnamed = nullptr;
  std::size_t unnamed_count = 0;
  std::string offered;
  for (const auto& entry : index.manifests) {
    if (entry.platform.empty()) {
      if (unnamed == nullptr) unnamed = &entry;
      ++unnamed_count;
      continue;
    }
    if (platform_matches(wanted, entry.platform)) return entry;
    if (offered.size() < 400 && entry.platform != "unknown/unknown") {
      offered += (offered.empty() ? "" : ", ") + io::terminal_safe(entry.platform);
    }
  }
  // An index without platforms (an OCI layout of one image) names its image by ref name only.
  if (unnamed_count == 1 && offered.empty()) return *unnamed;
  if (unnamed_count > 1 && offered.empty()) {
    std::string names;
    for (const auto& entry : index.manifests) {
      if (names.size() < 400) {
        names += (names.empty() ? "" : ", ") +
                 io::terminal_safe(entry.ref_name.empty() ? entry.digest : entry.ref_name);
      }
    }
    return core::fail(
        core::ErrorCode::kInvalidArgument,
        what + ": holds " + std::to_string(unnamed_count) + " images, name one: " + names);
  }
  return core::fail(core::ErrorCode::kNotFound,
                    what + ": no image for platform " + io::terminal_safe(wanted) +
                        (offered.empty() ? "" : " (offered: " + offered + "; use --platform)"));
}

}  // namespace hardock::image
