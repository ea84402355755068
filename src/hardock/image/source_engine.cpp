#include "hardock/image/source_engine.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "hardock/io/escape.h"
#include "hardock/io/json_guard.h"

namespace hardock::image {
namespace {

// The engine's export of one image has no size limit of its own: the layer walk bounds what
// is decompressed; this bounds the tar itself (a 64 GiB export is far beyond any real image).
constexpr uint64_t kMaxExportBytes = uint64_t{64} << 30;
constexpr uint64_t kMaxErrorBytes = 64 << 10;

bool is_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// The engine's {"message": "..."} of an error answer, or the body's first line.
std::string engine_message(const std::string& body) {
  if (io::json_nesting_error(body).empty()) {
    const auto document = nlohmann::json::parse(body, nullptr, false);
    if (document.is_object() && document.contains("message") && document["message"].is_string()) {
      return document["message"].get<std::string>();
    }
  }
  return body.substr(0, body.find('\n'));
}

}  // namespace

std::string engine_image_name(std::string_view name) {
  if (name.starts_with("sha256:")) return std::string(name);
  if (name.size() >= 12 && name.size() <= 64 && is_hex(name)) return std::string(name);
  if (name.find('@') != std::string_view::npos) return std::string(name);
  const auto slash = name.rfind('/');
  const auto colon = name.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    return std::string(name);
  }
  return std::string(name) + ":latest";
}

core::Result<Image> read_engine_image(const EngineImageSource& engine, const std::string& name,
                                      const LayerOptions& options) {
  const std::string exported = engine_image_name(name);
  const std::string shown = "image " + io::terminal_safe(exported);
  std::string path = "/images/" + url_escape(exported) + "/get";
  if (!engine.api_version.empty()) path = "/v" + engine.api_version + path;
  HttpRequest request{
      engine.base_url + path, {}, kMaxExportBytes, "GET " + io::terminal_safe(path)};
  auto stream = HttpStream::open(engine.transport, std::move(request));
  if (!stream) return core::fail(stream.error().with_context(shown));
  const long status = (*stream)->status();
  if (status != 200) {
    std::string body;
    char block[4096];
    while (body.size() < kMaxErrorBytes) {
      auto got = (*stream)->read(block, sizeof block);
      if (!got || *got == 0) break;
      body.append(block, *got);
    }
    core::Error error{status == 404 ? core::ErrorCode::kNotFound : core::ErrorCode::kProtocol,
                      shown + ": the engine answered " + std::to_string(status) + ": " +
                          io::terminal_safe(io::truncate(engine_message(body), 300)),
                      {}};
    error.http_status = static_cast<core::HttpStatus>(status);
    return tl::unexpected(std::move(error));
  }
  auto image = read_image_archive(**stream, "docker-engine:" + exported, {}, options);
  if (!image) return core::fail(image.error());
  return image;
}

}  // namespace hardock::image
