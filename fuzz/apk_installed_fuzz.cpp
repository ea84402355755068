// An apk installed database comes from an image hardock does not control: any bytes must parse
// to records and problems, linearly, never a crash; owned paths stay inside the image.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hardock/image/analyzers/apk.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = hardock::image::apk::parse_installed(text, 64, 1000);
  for (const auto& entry : parsed.entries) {
    if (entry.name.empty() || entry.version.empty() || entry.origin.empty()) __builtin_trap();
    for (const auto& path : entry.files) {
      if (path.empty() || path.front() == '/' || path == ".." || path.starts_with("../")) {
        __builtin_trap();  // normalised and confined
      }
    }
  }
  (void)parsed.problems.summary("problems");
  return 0;
}
