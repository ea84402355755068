// One entry point for `hardock image`: reads an image from whichever source the request names
// (an archive or OCI layout given with --input, the engine's export, a registry), walks its
// layers once with the analyzers' path filter and the secret scan, and runs the analyzers. Every
// source gives the same Image, so the inventory and the findings do not depend on the source.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/image/analyzer.h"
#include "hardock/image/archive_reader.h"
#include "hardock/image/layer_reader.h"
#include "hardock/image/registry_client.h"
#include "hardock/image/source_engine.h"
#include "hardock/image/subject.h"

namespace hardock::image {

struct OpenRequest {
  std::string reference;  // REF: an engine image, a registry reference, or a name in --input
  std::string input;      // --input: a docker save / OCI archive file, or an OCI layout dir
  bool registry = false;  // --registry: read REF from its registry even without a host in it
  std::string platform;   // --platform for indexes; empty: this machine's
  std::optional<EngineImageSource> engine;  // where the engine is (needed for engine images)
  RegistryOptions registry_options;
  LayerLimits limits;
};

enum class SourceKind { kArchive, kOciLayout, kEngine, kRegistry };
std::string_view to_string(SourceKind kind);  // "archive", "oci-layout", "engine", "registry"

// Which source `request` reads: --input (a directory is an OCI layout), else the registry with
// --registry or when REF names a registry host (registry_named), else the engine.
[[nodiscard]] SourceKind source_of(const OpenRequest& request);

struct AnalysedImage {
  SourceKind source = SourceKind::kArchive;
  Image image;
  Inventory inventory;  // the secrets found in the files included, by tree layer
};

[[nodiscard]] core::Result<AnalysedImage> open_image(const OpenRequest& request);

// The image as the image checks see it; points into `analysed`, which must outlive it.
[[nodiscard]] ImageSubject subject_of(const AnalysedImage& analysed);

}  // namespace hardock::image
