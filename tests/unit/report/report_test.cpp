// The format table: names, errors, and deterministic output for every format.
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
  EXPECT_EQ(parsed.error().message, "--format yaml: expected table, json, sarif, junit, markdown");
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
