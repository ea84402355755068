// unified_diff: Myers' O((N+M)D) diff of the lines, after the common prefix and suffix are set
// apart; beyond kMaxEdits differences the middle is given as one replacement (a correct, larger
// diff) so that hostile input cannot make it quadratic in memory.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "hardock/fix/fix.h"

namespace hardock::fix {
namespace diff_detail {

constexpr std::ptrdiff_t kMaxEdits = 1000;
constexpr std::size_t kContext = 3;

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t newline = text.find('\n', start);
    const std::size_t stop = newline == std::string_view::npos ? text.size() : newline + 1;
    lines.push_back(text.substr(start, stop - start));
    start = stop;
  }
  return lines;
}

enum class Op : char { kEqual = ' ', kDelete = '-', kInsert = '+' };

// The edit script turning a[0, n) into b[0, m) (views into the middle of both files).
std::vector<Op> myers(const std::vector<std::string_view>& a, std::size_t a0, std::size_t n,
                      const std::vector<std::string_view>& b, std::size_t b0, std::size_t m) {
  const auto N = static_cast<std::ptrdiff_t>(n), M = static_cast<std::ptrdiff_t>(m);
  const std::ptrdiff_t max = std::min(N + M, kMaxEdits);
  const std::ptrdiff_t offset = max + 1;
  std::vector<std::ptrdiff_t> v(static_cast<std::size_t>(2 * max + 3), 0);
  std::vector<std::vector<std::ptrdiff_t>> trace;
  std::ptrdiff_t found = -1;
  for (std::ptrdiff_t d = 0; d <= max && found < 0; ++d) {
    trace.push_back(v);
    for (std::ptrdiff_t k = -d; k <= d; k += 2) {
      const auto at = [&](std::ptrdiff_t kk) -> std::ptrdiff_t& {
        return v[static_cast<std::size_t>(kk + offset)];
      };
      std::ptrdiff_t x = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
      std::ptrdiff_t y = x - k;
      while (x < N && y < M &&
             a[a0 + static_cast<std::size_t>(x)] == b[b0 + static_cast<std::size_t>(y)]) {
        ++x;
        ++y;
      }
      at(k) = x;
      if (x >= N && y >= M) {
        found = d;
        break;
      }
    }
  }
  std::vector<Op> ops;
  if (found < 0) {  // too many differences: delete the middle of a, insert the middle of b
    ops.assign(n, Op::kDelete);
    ops.insert(ops.end(), m, Op::kInsert);
    return ops;
  }
  // Walk the trace back from (N, M); trace[d] holds V before step d.
  std::ptrdiff_t x = N, y = M;
  for (std::ptrdiff_t d = found; d > 0; --d) {
    const auto& prev = trace[static_cast<std::size_t>(d)];
    const auto at = [&](std::ptrdiff_t kk) { return prev[static_cast<std::size_t>(kk + offset)]; };
    const std::ptrdiff_t k = x - y;
    const bool down = k == -d || (k != d && at(k - 1) < at(k + 1));
    const std::ptrdiff_t prev_k = down ? k + 1 : k - 1;
    const std::ptrdiff_t prev_x = at(prev_k), prev_y = prev_x - prev_k;
    while (x > prev_x + (down ? 0 : 1) && y > prev_y + (down ? 1 : 0)) {
      ops.push_back(Op::kEqual);
      --x;
      --y;
    }
    ops.push_back(down ? Op::kInsert : Op::kDelete);
    if (down) {
      --y;
    } else {
      --x;
    }
  }
  while (x > 0 && y > 0) {
    ops.push_back(Op::kEqual);
    --x;
    --y;
  }
  std::reverse(ops.begin(), ops.end());
  return ops;
}

std::string clean_label(std::string_view label) {
  std::string out;
  for (const char c : label.substr(0, 4096)) {
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  }
  return out;
}

std::string range(std::size_t before, std::size_t count) {
  if (count == 0) return std::to_string(before) + ",0";
  if (count == 1) return std::to_string(before + 1);
  return std::to_string(before + 1) + "," + std::to_string(count);
}

void put_line(std::string& out, char prefix, std::string_view line) {
  out += prefix;
  out.append(line);
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

}  // namespace diff_detail

std::string unified_diff(std::string_view old_label, std::string_view new_label,
                         std::string_view before, std::string_view after) {
  using diff_detail::Op;
  if (before == after) return {};
  const auto a = diff_detail::split_lines(before);
  const auto b = diff_detail::split_lines(after);
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  std::vector<Op> ops(prefix, Op::kEqual);
  const auto middle = diff_detail::myers(a, prefix, a.size() - prefix - suffix, b, prefix,
                                         b.size() - prefix - suffix);
  ops.insert(ops.end(), middle.begin(), middle.end());
  ops.insert(ops.end(), suffix, Op::kEqual);

  // Line indices in a and b before each op.
  std::vector<std::size_t> a_at(ops.size() + 1), b_at(ops.size() + 1);
  for (std::size_t i = 0; i < ops.size(); ++i) {
    a_at[i + 1] = a_at[i] + (ops[i] != Op::kInsert ? 1 : 0);
    b_at[i + 1] = b_at[i] + (ops[i] != Op::kDelete ? 1 : 0);
  }
  std::string out = "--- " + diff_detail::clean_label(old_label) + "\n+++ " +
                    diff_detail::clean_label(new_label) + "\n";
  std::size_t i = 0;
  while (i < ops.size()) {
    if (ops[i] == Op::kEqual) {
      ++i;
      continue;
    }
    // A hunk: changes whose gaps of equal lines are at most twice the context.
    const std::size_t first = i;
    std::size_t last = i;  // last change op
    for (std::size_t j = i + 1; j < ops.size(); ++j) {
      if (ops[j] == Op::kEqual) {
        if (j - last > 2 * diff_detail::kContext) break;
        continue;
      }
      last = j;
    }
    const std::size_t begin = first >= diff_detail::kContext ? first - diff_detail::kContext : 0;
    const std::size_t end = std::min(ops.size(), last + 1 + diff_detail::kContext);
    out += "@@ -" + diff_detail::range(a_at[begin], a_at[end] - a_at[begin]) + " +" +
           diff_detail::range(b_at[begin], b_at[end] - b_at[begin]) + " @@\n";
    for (std::size_t j = begin; j < end; ++j) {
      switch (ops[j]) {
        case Op::kEqual:
          diff_detail::put_line(out, ' ', a[a_at[j]]);
          break;
        case Op::kDelete:
          diff_detail::put_line(out, '-', a[a_at[j]]);
          break;
        case Op::kInsert:
          diff_detail::put_line(out, '+', b[b_at[j]]);
          break;
      }
    }
    i = end;
  }
  return out;
}

}  // namespace hardock::fix
