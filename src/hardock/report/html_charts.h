// Internal to the report module: the HTML report's charts, as inline SVG (no script, nothing
// loaded). Every label is escaped here; coordinates are printed with fixed precision, so the
// same values give the same bytes.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/io/escape.h"

namespace hardock::report::detail {

// HTML text and attribute values: io::html_escape, the HTML writers' one way to print a string.
inline std::string html_text(std::string_view value) { return io::html_escape(value, false); }
inline std::string html_attr(std::string_view value) { return io::html_escape(value, true); }

struct Bar {
  std::string label;
  long long value = 0;
  std::string_view css;  // a class of the report's stylesheet ("sev-critical")
};
// Horizontal bars, one a row, scaled to the largest value, each labelled with its value.
std::string svg_bars(std::span<const Bar> bars, std::string_view title);

struct Series {
  std::string label;
  std::string_view css;
  std::vector<std::optional<double>> values;  // one per x position; nullopt: no point
};
// Lines over x positions (runs, oldest first) from 0 to `y_max` (0: the largest value), with a
// legend; x labels are shown for the first and the last position.
std::string svg_lines(std::span<const Series> series, std::span<const std::string> x_labels,
                      double y_max, std::string_view title);

}  // namespace hardock::report::detail
