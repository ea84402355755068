// A dpkg status file (or status.d file, or info/*.list) comes from an image hardock does not
// control: any bytes must parse to entries and problems, linearly, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hardock/image/analyzers/dpkg.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const bool status_d : {false, true}) {
    const auto parsed = hardock::image::dpkg::parse_status(text, status_d, 64);
    for (const auto& entry : parsed.entries) {
      if (entry.name.empty() || entry.version.empty() || entry.source_name.empty() ||
          entry.source_version.empty()) {
        __builtin_trap();  // an entry always has these
      }
    }
    (void)parsed.problems.summary("problems");
  }
  (void)hardock::image::dpkg::parse_file_list(text, 1000);
  return 0;
}
