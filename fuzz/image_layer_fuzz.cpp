// Layers and image archives come from images hardock does not control: any bytes, read as a
// layer (gzip, zstd or plain tar, whiteouts, links, devices) merged twice into one tree, as an
// image config, and as a whole `docker save` / OCI archive, must end in a value or a one-line
// error naming the layer, never a crash, a hang or an unbounded allocation.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "hardock/image/archive_reader.h"
#include "hardock/image/byte_source.h"
#include "hardock/image/image_config.h"
#include "hardock/image/image_tree.h"
#include "hardock/image/layer_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hardock::image;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  LayerOptions options;
  options.limits.max_uncompressed_bytes = 64ULL << 20;
  options.limits.max_entries = 100'000;
  options.limits.max_file_bytes = 1 << 20;
  options.wanted = [](std::string_view path) { return path.starts_with("etc/"); };

  ImageTree tree;
  for (int copy = 0; copy < 2; ++copy) {  // the same layer twice: whiteouts meet lower files
    MemorySource source(bytes);
    auto layer = read_layer(source, "sha256:fuzz" + std::to_string(copy), options);
    if (!layer) {
      if (layer.error().message.find('\n') != std::string::npos) __builtin_trap();
      break;
    }
    tree.add(std::move(*layer));
  }
  for (const char* path : {"etc/passwd", "etc/os-release"}) (void)tree.content(path);

  (void)parse_image_config(bytes);

  MemorySource archive(bytes);
  auto image = read_image_archive(archive, "fuzz.tar", ImageSelection{}, options);
  if (!image && image.error().message.find('\n') != std::string::npos) __builtin_trap();
  return 0;
}
