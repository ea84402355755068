// The format table: names, errors, and deterministic output for every format.
#include <algorithm>

#include "fixture.h"

namespace hardock::report {
namespace {

using testing::Fixture;

constexpr Format kEveryFormat[] = {Format::kTable, Format::kJson, Format::kSarif, Format::kJunit,
                                   Format::kMarkdown};

TEST(ParseFormat, EveryFormatRoundTripsByName) {
  for (Format format : kEveryFormat) {
    auto parsed = parse_format(to_string(format));
    ASSERT_TRUE(parsed.has_value()) << to_string(format);
    EXPECT_EQ(*parsed, format);
  }
}

TEST(ParseFormat, AcceptsAliasAndAnyCase) {
  EXPECT_EQ(parse_format("md").value(), Format::kMarkdown);
  EXPECT_EQ(parse_format("SARIF").value(), Format::kSarif);
  EXPECT_EQ(parse_format("JUnit").value(), Format::kJunit);
}

TEST(ParseFormat, UnknownNameListsTheAcceptedOnes) {
  auto parsed = parse_format("yaml");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(parsed.error().message,
            "--format yaml: expected table, json, sarif, junit, markdown, gnu, checkstyle, html");
}

TEST(ParseCatalogueFormat, AcceptsItsThreeFormats) {
  EXPECT_EQ(parse_catalogue_format("table").value(), CatalogueFormat::kTable);
  EXPECT_EQ(parse_catalogue_format("json").value(), CatalogueFormat::kJson);
  EXPECT_EQ(parse_catalogue_format("md").value(), CatalogueFormat::kMarkdown);
  auto sarif = parse_catalogue_format("sarif");
  ASSERT_FALSE(sarif.has_value());
  EXPECT_EQ(sarif.error().message, "--format sarif: expected table, json, markdown");
}

TEST(Render, EveryFormatIsIndependentOfFindingOrder) {
  Fixture fixture;
  Fixture other;
  other.result = testing::shuffled(fixture.result);
  for (Format format : kEveryFormat) {
    for (bool color : {false, true}) {
      EXPECT_EQ(render(format, fixture.input(), {.color = color}),
                render(format, other.input(), {.color = color}))
          << to_string(format);
    }
  }
}

// A fleet's report goes out a chunk at a time with the same bytes as the whole one; the formats
// that stream never hand over much more than a chunk at once.
TEST(Render, StreamedReportIsTheWholeReportInChunks) {
  Fixture fixture;
  const auto base = fixture.result.findings;
  for (int copy = 0; copy < 6000; ++copy) {
    for (core::Finding finding : base) {
      finding.target.id = std::to_string(copy) + "-" + finding.target.id;
      fixture.result.findings.push_back(std::move(finding));
    }
  }
  for (Format format : kEveryFormat) {
    const std::string whole = render(format, fixture.input(), {});
    std::string streamed;
    std::size_t chunks = 0;
    std::size_t largest = 0;
    render(format, fixture.input(), {}, [&](std::string_view chunk) {
      streamed += chunk;
      ++chunks;
      largest = std::max(largest, chunk.size());
    });
    EXPECT_EQ(streamed, whole) << to_string(format);
    ASSERT_GT(whole.size(), 2u << 20) << to_string(format);
    if (format == Format::kJunit) {
      EXPECT_EQ(chunks, 1u) << to_string(format);  // written whole
    } else {
      EXPECT_GT(chunks, 2u) << to_string(format);
      EXPECT_LT(largest, (1u << 20) + 64 * 1024) << to_string(format);
    }
  }
}

TEST(Render, OnlyTheTableUsesColour) {
  Fixture fixture;
  for (Format format : kEveryFormat) {
    const bool same = render(format, fixture.input(), {.color = false}) ==
                      render(format, fixture.input(), {.color = true});
    EXPECT_EQ(same, format != Format::kTable) << to_string(format);
  }
}

}  // namespace
}  // namespace hardock::report
