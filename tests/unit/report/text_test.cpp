// The escaping and ordering helpers every writer relies on.
#include "fixture.h"
#include "hardock/report/writers.h"

namespace hardock::report::detail {
namespace {

TEST(ValidUtf8, KeepsValidAndReplacesInvalidSequences) {
  EXPECT_EQ(valid_utf8("plain é 日本 🐳"), "plain é 日本 🐳");
  EXPECT_EQ(valid_utf8("a\xff"
                       "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(valid_utf8("\xc0\xaf"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  EXPECT_EQ(valid_utf8("\xed\xa0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(valid_utf8("\xe6\x97"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // truncated
  EXPECT_EQ(valid_utf8("\xf4\x90\x80\x80").substr(0, 3), "\xEF\xBF\xBD");         // above U+10FFFF
}

TEST(TerminalSafe, ShowsControlCharactersAsText) {
  EXPECT_EQ(terminal_safe("a\x1b[2Jb\tc\nd\x7f"), "a\\x1B[2Jb c d\\x7F");
  EXPECT_EQ(terminal_safe("\xc2\x9b"
                          "31m"),
            "\\x9B31m");  // C1 CSI
  EXPECT_EQ(terminal_safe("é"), "é");
}

TEST(XmlEscape, EscapesMarkupAndDropsForbiddenCharacters) {
  EXPECT_EQ(xml_escape("<a href=\"x\">&'", false), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
  EXPECT_EQ(xml_escape("a\nb\tc\rd", false), "a\nb\tc&#13;d");
  EXPECT_EQ(xml_escape("a\nb\tc", true), "a&#10;b&#9;c");
  EXPECT_EQ(xml_escape("\x01\x0b\xef\xbf\xbe", false), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(MarkdownEscape, EscapesPunctuationAndNewlines) {
  EXPECT_EQ(markdown_escape("a|b"), "a\\|b");
  EXPECT_EQ(markdown_escape("*x* _y_ `z` [l](u) <h> ~s~ & \\"),
            "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\<h\\> \\~s\\~ \\& \\\\");
  EXPECT_EQ(markdown_escape("one\ntwo\x1b\x01"), "one<br>two");
}

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
  EXPECT_EQ(outcome_of("TST-C-001", result.findings), Outcome::kFail);
  EXPECT_EQ(outcome_of("TST-D-002", result.findings), Outcome::kError);
  EXPECT_EQ(outcome_of("TST-M-003", result.findings), Outcome::kPass);
  EXPECT_EQ(outcome_of("TST-N-004", result.findings), Outcome::kSkipped);
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
