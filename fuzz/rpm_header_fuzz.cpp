// An rpm header blob comes from an image's package database: any bytes must give a header or an
// error, with every offset and count checked against the blob.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hardock/image/analyzers/rpm_header.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view blob(reinterpret_cast<const char*>(data), size);
  auto header = hardock::image::rpm::parse_header(blob, 100000);
  if (header) {
    (void)hardock::image::rpm::evr(*header);
    (void)hardock::image::rpm::split_source_rpm(header->source_rpm);
  }
  (void)hardock::image::rpm::parse_header(blob, 0);
  return 0;
}
