// parse_proc_net_tcp: the kernel's TCP socket tables (/proc/<pid>/net/tcp and tcp6). The text is
// read from a container's network namespace, so a hostile kernel interface is not the worry, but
// the parser takes any bytes (fuzz/proc_net_tcp_fuzz.cpp) and names the line it cannot read.
#include <charconv>
#include <string>
#include <string_view>

#include "hardock/harden/observe.h"

namespace hardock::harden {
namespace {

constexpr int kMaxPort = 65535;

// The next whitespace-separated field of `line` from `at`; empty at the end.
std::string_view next_field(std::string_view line, size_t& at) {
  while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
  const size_t start = at;
  while (at < line.size() && line[at] != ' ' && line[at] != '\t') ++at;
  return line.substr(start, at - start);
}

core::Error bad_line(size_t line_number, std::string what) {
  return core::Error{core::ErrorCode::kMalformedInput,
                     "line " + std::to_string(line_number) + ": " + std::move(what),
                     {}};
}

}  // namespace

core::Result<std::vector<ListeningSocket>> parse_proc_net_tcp(std::string_view text) {
  std::vector<ListeningSocket> out;
  size_t line_number = 0;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(at, end - at);
    at = end + 1;
    ++line_number;
    if (line_number == 1 || line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
    std::string_view fields[10];
    size_t cursor = 0;
    for (auto& field : fields) field = next_field(line, cursor);
    if (fields[9].empty()) return core::fail(bad_line(line_number, "not a socket entry"));
    if (fields[3] != "0A") continue;  // not LISTEN
    const std::string_view local = fields[1];
    const size_t colon = local.find(':');
    if (colon == std::string_view::npos) {
      return core::fail(bad_line(line_number, "local address without a port"));
    }
    const std::string_view port_text = local.substr(colon + 1);
    int port = 0;
    const auto parsed =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port, 16);
    if (port_text.empty() || parsed.ec != std::errc() ||
        parsed.ptr != port_text.data() + port_text.size() || port < 0 || port > kMaxPort) {
      return core::fail(bad_line(line_number, "bad port in the local address"));
    }
    uint64_t inode = 0;
    const std::string_view inode_text = fields[9];
    const auto inode_parsed =
        std::from_chars(inode_text.data(), inode_text.data() + inode_text.size(), inode);
    if (inode_parsed.ec != std::errc() ||
        inode_parsed.ptr != inode_text.data() + inode_text.size()) {
      return core::fail(bad_line(line_number, "bad inode"));
    }
    out.push_back({std::string(local.substr(0, colon)), port, inode});
  }
  return out;
}

}  // namespace hardock::harden
