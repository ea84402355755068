// The Markdown report: headline counts, domain table, findings grouped by
// severity, and cells that cannot break their table.
#include "fixture.h"

namespace hardock::report {
namespace {

using testing::contains;
using testing::Fixture;

// Cells in a Markdown table row: pipes not escaped by a backslash, minus the
// two outer ones.
std::size_t cells(std::string_view row) {
  std::size_t pipes = 0;
  for (std::size_t pos = 0; pos < row.size(); ++pos) {
    if (row[pos] == '\\') {
      ++pos;  // the escaped character
    } else if (row[pos] == '|') {
      ++pipes;
    }
  }
  return pipes - 1;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) out.push_back(line);
  return out;
}

TEST(MarkdownReport, EscapesPipesSoRowsKeepTheirCells) {
  Fixture fixture;
  const std::string markdown = render(Format::kMarkdown, fixture.input(), {});
  EXPECT_TRUE(contains(markdown, "container db\\|prod (b2)"));
  EXPECT_TRUE(contains(markdown, "Env=\"A\\|B\" \\<script\\>\\&'x'<br>second line"));
  // Every row of a table has as many cells as its header.
  std::size_t header_cells = 0;
  std::size_t rows = 0;
  for (const std::string& line : lines(markdown)) {
    if (!line.starts_with("|")) {
      header_cells = 0;
      continue;
    }
    if (header_cells == 0) {
      header_cells = cells(line);
      continue;
    }
    EXPECT_EQ(cells(line), header_cells) << line;
    ++rows;
  }
  // Separator and data rows: domains 1 + 5, critical 1 + 2, could not check 1 + 2.
  EXPECT_EQ(rows, 12U);
}

TEST(MarkdownReport, HeadlineDomainsAndGroups) {
  Fixture fixture;
  const std::string markdown = render(Format::kMarkdown, fixture.input(), {});
  EXPECT_TRUE(contains(markdown,
                       "**4 checks run, 2 findings**: 2 critical · 0 high · 0 medium · 0 low · 0 "
                       "info · 2 could not check"));
  EXPECT_TRUE(contains(
      markdown, "| Security management (APO13, DSS05) | 1 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"));
  EXPECT_TRUE(
      contains(markdown, "| Operations management (DSS01) | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | – |"));
  EXPECT_TRUE(contains(markdown, "### Critical (2)"));
  EXPECT_FALSE(contains(markdown, "### High"));
  EXPECT_TRUE(contains(markdown, "## Could not check (2)"));
  EXPECT_LT(markdown.find("db\\|prod"), markdown.find("container web"));
}

TEST(MarkdownReport, NoControlCharacters) {
  Fixture fixture;
  const std::string markdown = render(Format::kMarkdown, fixture.input(), {});
  for (char c : markdown) {
    const auto byte = static_cast<unsigned char>(c);
    EXPECT_TRUE(byte >= 0x20 || byte == '\n') << static_cast<int>(byte);
  }
}

}  // namespace
}  // namespace hardock::report
