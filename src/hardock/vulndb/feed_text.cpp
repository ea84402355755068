#include "hardock/vulndb/feed_text.h"

#include "hardock/io/escape.h"

namespace hardock::vulndb {

std::string name_problem(std::string_view text) {
  if (text.empty()) return "empty";
  if (text.size() > kMaxNameBytes) {
    return "longer than " + std::to_string(kMaxNameBytes) + " bytes";
  }
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return "holds a control character";
  }
  return {};
}

std::string summary_text(std::string_view text) {
  std::string out = io::truncate(text, kMaxSummaryBytes);
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) c = ' ';
  }
  return out;
}

std::string shown(std::string_view text) { return io::terminal_safe(io::truncate(text, 80)); }

std::string shown_path(std::string_view text) {
  return io::terminal_safe(io::truncate(text, 1024));
}

}  // namespace hardock::vulndb
