// The two orders reports list findings in, shared by the reports and by `hardock lint`, which
// puts each batch of files in file order on its worker threads so that the report finds them
// sorted.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "hardock/core/finding.h"

namespace hardock::core {

// Report order: severity (critical first), code, target kind, target name, target id, file,
// line, column, evidence, status. Total, so output never depends on the order checks produced
// the findings in.
bool report_before(const Finding& a, const Finding& b);

// File order (gnu, checkstyle): findings with a source file first, by file (bytes), line and
// column, then in report order; those without a file after them, in report order.
bool file_before(const Finding& a, const Finding& b);

// The positions of `findings` in file order: result[i] is the finding that comes i-th. Ties in
// file order keep their places. The files are ranked once, so the sort compares numbers.
std::vector<std::uint32_t> file_order(std::span<const Finding> findings);

}  // namespace hardock::core
