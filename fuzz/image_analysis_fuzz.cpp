// Records of the image analysis cache are files in a directory (~/.cache/hardock/images.db)
// that someone else may have written: any bytes must decode to an analysis or a one-line error,
// never a crash or a runaway allocation, and what decodes must encode back to the same bytes
// (nothing accepted that a walk could not have stored). Seeds: real records written at ctest
// time by image_analysis_seeds.cpp, for the id and version below.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "hardock/image_cache/analysis_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hardock::image_cache;
  constexpr std::string_view kId =
      "sha256:5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed";
  constexpr std::string_view kVersion = "fuzz";
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto decoded = decode_analysis(bytes, kId, kVersion);
  if (!decoded) {
    if (decoded.error().message.find('\n') != std::string::npos) __builtin_trap();
    return 0;
  }
  auto again = encode_analysis(kId, kVersion, decoded->tree, decoded->inventory);
  if (!again || *again != bytes) __builtin_trap();
  return 0;
}
