// The kernel's TCP socket tables, read from a container's network namespace
// (/proc/<pid>/net/tcp and tcp6): parse_proc_net_tcp takes any bytes and returns listening
// sockets with ports in range, or an Error naming the line.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hardock/harden/observe.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto sockets = hardock::harden::parse_proc_net_tcp(text);
  if (!sockets) return 0;
  for (const auto& socket : *sockets) {
    if (socket.port < 0 || socket.port > 65535) __builtin_trap();
  }
  return 0;
}
