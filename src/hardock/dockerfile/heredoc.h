// Heredoc markers in an instruction line, found as BuildKit finds them: the line is split into
// shell words (quotes and escapes kept) and every word of the form [fd]<<[-]NAME is one, in
// order. A quote anywhere in NAME turns expansion of the body off.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hardock::dockerfile {

struct HeredocMarker {
  std::string name;  // quotes removed, escapes applied
  bool expand = true;
  bool chomp = false;
  unsigned fd = 0;
  std::size_t offset = 0;  // of the word in the line
};

// The marker if `word` (one shell word, quotes kept) is a heredoc marker.
[[nodiscard]] std::optional<HeredocMarker> heredoc_marker(std::string_view word);

// Every marker of `line`, in order.
[[nodiscard]] std::vector<HeredocMarker> heredoc_markers(std::string_view line);

}  // namespace hardock::dockerfile
