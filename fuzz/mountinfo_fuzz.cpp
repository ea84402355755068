// /proc/self/mountinfo of a host tree (--host-root) is a file like any other there.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hardock/host/text_parsers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)hardock::host::parse_mountinfo(text);
  return 0;
}
