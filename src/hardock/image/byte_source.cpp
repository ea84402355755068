#include "hardock/image/byte_source.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace hardock::image {

core::Result<std::size_t> MemorySource::read(char* buffer, std::size_t size) {
  const std::size_t count = std::min(size, bytes_.size() - offset_);
  std::memcpy(buffer, bytes_.data() + offset_, count);
  offset_ += count;
  return count;
}

core::Result<std::size_t> FdSource::read(char* buffer, std::size_t size) {
  for (;;) {
    const ssize_t got = ::read(fd_, buffer, size);
    if (got >= 0) return static_cast<std::size_t>(got);
    if (errno == EINTR) continue;
    return core::fail(core::ErrorCode::kIo, name_ + ": " + std::strerror(errno));
  }
}

}  // namespace hardock::image
