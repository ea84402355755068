#include "hardock/io/yaml_guard.h"

#include <algorithm>

namespace hardock::io {

std::string yaml_nesting_error(std::string_view text, int max_depth) {
  int depth = 0;
  for (const char c : text) {
    if (c == '[' || c == '{') ++depth;
    if (c == ']' || c == '}') depth = std::max(0, depth - 1);
    if (depth > max_depth) return "nested deeper than " + std::to_string(max_depth);
  }
  return {};
}

}  // namespace hardock::io
