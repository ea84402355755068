// SBOM writers: an image's identity and package inventory as a CycloneDX 1.5 JSON or an SPDX 2.3
// JSON document. Pure functions of their arguments (no clock, no randomness): the same image,
// inventory, timestamp and tool version give the same bytes.
//
// Every string from the image (names, versions, tags: attacker-controlled) is written as JSON
// data, invalid UTF-8 replaced with U+FFFD; the output is always valid JSON and never throws
// on any input.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/image/analyzer.h"

namespace hardock::sbom {

struct ImageIdentity {
  std::string name;             // how the user named it ("alpine:3.19", "docker-archive:x.tar")
  std::string config_digest;    // "sha256:..." (the image id)
  std::string manifest_digest;  // "sha256:..." when known, else empty
  std::vector<std::string> repo_tags;
  std::string architecture;                // config.architecture ("amd64"); may be empty
  std::vector<std::string> layer_digests;  // diff ids, base first: name a package's origin layer
};

struct SbomOptions {
  // RFC 3339 UTC ("2024-05-01T12:00:00Z"): CycloneDX metadata.timestamp (left out when empty)
  // and SPDX creationInfo.created (required there: an empty one is written as the Unix epoch).
  std::string timestamp;
  std::string tool_version;  // hardock's version ("0.1.0")
};

enum class SbomFormat { kCycloneDx, kSpdx };
// "cyclonedx" / "spdx" (also "cyclonedx-json", "spdx-json"); nullopt otherwise.
std::optional<SbomFormat> parse_sbom_format(std::string_view text);

// CycloneDX 1.5: metadata.component is the container image (its digest and tags as
// properties), then the OS (type operating-system) when known and one library component per
// package with its purl and properties hardock:package:* (source name and version, database,
// origin layer); dependencies: image -> OS -> packages. serialNumber is a name-based (v5) UUID
// of the image digests and the tool version.
std::string write_cyclonedx(const ImageIdentity& image, const image::Inventory& inventory,
                            const SbomOptions& options);

// SPDX 2.3: one package for the image (primaryPackagePurpose CONTAINER), one for the OS, one per
// inventory package (SPDXID sanitised to [A-Za-z0-9.-] and made unique, externalRefs purl),
// relationships DOCUMENT DESCRIBES image, image CONTAINS the others. documentNamespace is
// derived from the image digests like the CycloneDX serial number.
std::string write_spdx(const ImageIdentity& image, const image::Inventory& inventory,
                       const SbomOptions& options);

std::string write_sbom(SbomFormat format, const ImageIdentity& image,
                       const image::Inventory& inventory, const SbomOptions& options);

// The current UTC time as RFC 3339 with seconds ("2024-05-01T12:00:00Z"), for SbomOptions.
std::string utc_timestamp_now();

}  // namespace hardock::sbom
