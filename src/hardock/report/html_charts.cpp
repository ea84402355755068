#include "hardock/report/html_charts.h"

#include <fmt/format.h>

#include <algorithm>

#include "hardock/io/escape.h"

namespace hardock::report::detail {
std::string svg_bars(std::span<const Bar> bars, std::string_view title) {
  constexpr int kLabelWidth = 130;
  constexpr int kBarWidth = 360;
  constexpr int kRow = 24;
  long long largest = 1;
  for (const Bar& bar : bars) largest = std::max(largest, bar.value);
  const int height = static_cast<int>(bars.size()) * kRow + 8;
  std::string out = fmt::format(
      "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" "
      "aria-label=\"{}\"><title>{}</title>",
      kLabelWidth + kBarWidth + 80, height, kLabelWidth + kBarWidth + 80, height, html_attr(title),
      html_text(title));
  int y = 4;
  for (const Bar& bar : bars) {
    const double width = bar.value <= 0 ? 0.0
                                        : std::max(2.0, static_cast<double>(bar.value) * kBarWidth /
                                                            static_cast<double>(largest));
    out += fmt::format(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>"
        "<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" class=\"{}\"/>"
        "<text x=\"{:.1f}\" y=\"{}\" class=\"value\">{}</text>",
        kLabelWidth - 8, y + 15, html_text(bar.label), kLabelWidth, y + 2, width, kRow - 8,
        html_attr(bar.css), kLabelWidth + width + 6, y + 15, bar.value);
    y += kRow;
  }
  out += "</svg>";
  return out;
}

std::string svg_lines(std::span<const Series> series, std::span<const std::string> x_labels,
                      double y_max, std::string_view title) {
  constexpr double kLeft = 44;
  constexpr double kTop = 10;
  constexpr double kWidth = 560;
  constexpr double kHeight = 180;
  constexpr double kLegendRow = 18;
  std::size_t positions = x_labels.size();
  for (const Series& line : series) positions = std::max(positions, line.values.size());
  if (y_max <= 0) {
    for (const Series& line : series) {
      for (const auto& value : line.values) {
        if (value) y_max = std::max(y_max, *value);
      }
    }
    if (y_max <= 0) y_max = 1;
  }
  const double legend_height = kLegendRow * static_cast<double>(series.size()) + 8;
  const double total_height = kTop + kHeight + 24 + legend_height;
  const double total_width = kLeft + kWidth + 20;
  std::string out = fmt::format(
      "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {:.0f} {:.0f}\" width=\"{:.0f}\" "
      "height=\"{:.0f}\" aria-label=\"{}\"><title>{}</title>",
      total_width, total_height, total_width, total_height, html_attr(title), html_text(title));
  // Axes and the top and middle values.
  out += fmt::format(
      "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" class=\"axis\"/>"
      "<line x1=\"{0:.1f}\" y1=\"{2:.1f}\" x2=\"{3:.1f}\" y2=\"{2:.1f}\" class=\"axis\"/>"
      "<text x=\"{4:.1f}\" y=\"{5:.1f}\" text-anchor=\"end\" class=\"label\">{6}</text>"
      "<text x=\"{4:.1f}\" y=\"{7:.1f}\" text-anchor=\"end\" class=\"label\">{8}</text>"
      "<text x=\"{4:.1f}\" y=\"{2:.1f}\" text-anchor=\"end\" class=\"label\">0</text>",
      kLeft, kTop, kTop + kHeight, kLeft + kWidth, kLeft - 6, kTop + 4, fmt::format("{:g}", y_max),
      kTop + kHeight / 2 + 4, fmt::format("{:g}", y_max / 2));
  auto x_of = [&](std::size_t index) {
    return positions <= 1
               ? kLeft + kWidth / 2
               : kLeft + kWidth * static_cast<double>(index) / static_cast<double>(positions - 1);
  };
  auto y_of = [&](double value) {
    return kTop + kHeight - kHeight * std::clamp(value / y_max, 0.0, 1.0);
  };
  if (!x_labels.empty()) {
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"label\">{}</text>", kLeft,
                       kTop + kHeight + 16, html_text(x_labels.front()));
    if (x_labels.size() > 1) {
      out += fmt::format(
          "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" class=\"label\">{}</text>",
          kLeft + kWidth, kTop + kHeight + 16, html_text(x_labels.back()));
    }
  }
  double legend_y = kTop + kHeight + 24 + kLegendRow;
  for (const Series& line : series) {
    std::string points;
    for (std::size_t index = 0; index < line.values.size(); ++index) {
      if (!line.values[index]) continue;
      points += fmt::format("{}{:.1f},{:.1f}", points.empty() ? "" : " ", x_of(index),
                            y_of(*line.values[index]));
    }
    if (!points.empty()) {
      out +=
          fmt::format("<polyline points=\"{}\" class=\"line {}\"/>", points, html_attr(line.css));
      // A lone run draws no line: a dot shows it.
      for (std::size_t index = 0; index < line.values.size(); ++index) {
        if (!line.values[index]) continue;
        out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" class=\"dot {}\"/>",
                           x_of(index), y_of(*line.values[index]), html_attr(line.css));
      }
    }
    out += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"14\" height=\"4\" class=\"{}\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"label\">{}</text>",
        kLeft, legend_y - 6, html_attr(line.css), kLeft + 20, legend_y, html_text(line.label));
    legend_y += kLegendRow;
  }
  out += "</svg>";
  return out;
}

}  // namespace hardock::report::detail
