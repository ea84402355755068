// The ordering, outcome and naming helpers every writer relies on (escaping: tests/unit/io).
#include "fixture.h"
#include "hardock/report/writers.h"

namespace hardock::report::detail {
namespace {

TEST(UriSegment, PercentEncodesAllButUnreserved) {
  EXPECT_EQ(uri_segment("web-1.a_b~"), "web-1.a_b~");
  EXPECT_EQ(uri_segment("library/nginx:1.25"), "library%2Fnginx%3A1.25");
  EXPECT_EQ(uri_segment("é"), "%C3%A9");
  EXPECT_EQ(uri_segment(""), "_");
  EXPECT_EQ(uri_segment(".."), "%2E%2E");
}

TEST(Fingerprint, IsFnv1a64) {
  EXPECT_EQ(fingerprint(""), "cbf29ce484222325");
  EXPECT_EQ(fingerprint("a"), "af63dc4c8601ec8c");
  EXPECT_EQ(fingerprint("foobar"), "85944171f73967e8");
}

TEST(Wrap, BreaksAtSpacesWithinWidth) {
  const std::string wrapped = wrap("aaaa bbbb cccc dddd eeee ffff gggg hhhh", 30, "      ");
  EXPECT_EQ(wrapped, "aaaa bbbb cccc dddd eeee\n      ffff gggg hhhh");
  EXPECT_EQ(wrap("", 30, "  "), "");
}

TEST(DescribeTarget, ShortensLongIdsAndOmitsRepeats) {
  EXPECT_EQ(describe_target({core::TargetKind::kContainer, std::string(64, 'f'), "web"}),
            "container web (ffffffffffff)");
  EXPECT_EQ(describe_target({core::TargetKind::kNetwork, "n1", "n1"}), "network n1");
  EXPECT_EQ(describe_target({core::TargetKind::kEngine, "unix:///s", ""}), "engine unix:///s");
}

TEST(Outcome, WorstStatusWins) {
  const auto result = testing::make_result();
  EXPECT_EQ(outcome_of("TST-C-001", result.findings), audit::Outcome::kFail);
  EXPECT_EQ(outcome_of("TST-D-002", result.findings), audit::Outcome::kError);
  EXPECT_EQ(outcome_of("TST-M-003", result.findings), audit::Outcome::kPass);
  EXPECT_EQ(outcome_of("TST-N-004", result.findings), audit::Outcome::kSkipped);
}

TEST(OrderedFindings, SeverityThenCodeThenTarget) {
  const auto result = testing::shuffled(testing::make_result());
  const auto ordered = ordered_findings(result.findings);
  ASSERT_EQ(ordered.size(), 4U);
  EXPECT_EQ(ordered[0]->target.name, "db|prod");
  EXPECT_EQ(ordered[1]->target.name, "web");
  EXPECT_EQ(ordered[2]->check_code, "TST-N-004");
  EXPECT_EQ(ordered[3]->check_code, "TST-D-002");
}

}  // namespace
}  // namespace hardock::report::detail
