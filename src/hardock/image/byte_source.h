// ByteSource: a pull-based stream of bytes, the one way image data reaches the layer walk. An
// image's layers come from a file, an HTTP response or a member of an enclosing archive; each is
// read once, front to back, and never written to disk.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "hardock/core/result.h"

namespace hardock::image {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `size` bytes into `buffer`; 0 at the end. Errors name what failed.
  [[nodiscard]] virtual core::Result<std::size_t> read(char* buffer, std::size_t size) = 0;
};

// A source over bytes in memory (tests, small manifests). The bytes must outlive the source.
class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
  core::Result<std::size_t> read(char* buffer, std::size_t size) override;

 private:
  std::string_view bytes_;
  std::size_t offset_ = 0;
};

// A source over an open file descriptor (not owned), read sequentially.
class FdSource final : public ByteSource {
 public:
  FdSource(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}
  core::Result<std::size_t> read(char* buffer, std::size_t size) override;

 private:
  int fd_;
  std::string name_;
};

}  // namespace hardock::image
