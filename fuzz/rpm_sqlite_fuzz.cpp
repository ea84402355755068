// rpmdb.sqlite (read through libsqlite3, in memory) comes from an image hardock does not control:
// any bytes must give header blobs or an error, in work bounded by the file's size (the blobs
// handed over never add up to more than twice the file); each blob is parsed as the analyzer does.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hardock/image/analyzers/rpm_db.h"
#include "hardock/image/analyzers/rpm_header.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::size_t total = 0;
  (void)hardock::image::rpm::read_sqlite(bytes, [&](uint32_t, std::string_view blob) {
    total += blob.size();
    (void)hardock::image::rpm::parse_header(blob, 1000);
  });
  if (total > 2 * size) __builtin_trap();
  return 0;
}
