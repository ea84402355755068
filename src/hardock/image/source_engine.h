// An image of the local (or remote) Docker engine, read from its export, GET
// /images/{name}/get: the `docker save` tar streamed straight into read_image_archive (no
// temporary copy; HttpStream holds one buffer). The engine's error for an unknown image is
// one line naming the image.
#pragma once

#include <string>

#include "hardock/core/result.h"
#include "hardock/image/archive_reader.h"
#include "hardock/image/layer_reader.h"
#include "hardock/image/source_http.h"

namespace hardock::image {

struct EngineImageSource {
  HttpTransport transport;  // the engine's socket or TCP/TLS settings
  std::string base_url;     // "http://localhost" for a socket, "https://h:2376"
  std::string api_version;  // negotiated, "1.43"; empty: the engine's default
};

// "busybox" -> "busybox:latest": the engine exports every tag of a repository named without
// one; an id ("sha256:...", or 12 to 64 hex digits) and "name@digest" are left as they are.
[[nodiscard]] std::string engine_image_name(std::string_view name);

[[nodiscard]] core::Result<Image> read_engine_image(const EngineImageSource& engine,
                                                    const std::string& name,
                                                    const LayerOptions& options);

}  // namespace hardock::image
