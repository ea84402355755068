// The HTML report: self-contained (nothing loaded, no script), every string escaped, valid
// UTF-8, deterministic, bounded per check, and the optional sections placed or said absent.
#include <cctype>

#include "fixture.h"
#include "hardock/io/escape.h"
#include "hardock/trends/trends.h"

namespace hardock::report {
namespace {

using testing::contains;
using testing::count;
using testing::Fixture;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// What a self-contained, script-free page must never hold. Escaped text holds no '<', so every
// '<' opens a tag of the writer's own: none may be a script or load anything, no attribute may
// be an event handler or a URL other than a "#fragment", and the one stylesheet loads nothing.
void expect_self_contained(const std::string& html) {
  EXPECT_EQ(io::valid_utf8(html), html) << "invalid UTF-8";
  for (char c : html) {
    const auto byte = static_cast<unsigned char>(c);
    ASSERT_FALSE(byte < 0x20 && c != '\n' && c != '\t') << "control byte " << int{byte};
  }
  for (std::size_t open = html.find('<'); open != std::string::npos;
       open = html.find('<', open + 1)) {
    const std::size_t close = html.find('>', open);
    ASSERT_NE(close, std::string::npos);
    const std::string tag = lower(std::string_view(html).substr(open, close - open + 1));
    for (std::string_view bad : {"<script", "<img", "<link", "<iframe", "<object", "<embed",
                                 "<image", "<use", "<foreignobject", "<base", "<form"}) {
      EXPECT_FALSE(tag.starts_with(bad)) << tag;
    }
    EXPECT_FALSE(contains(tag, " src=")) << tag;
    EXPECT_FALSE(contains(tag, "url(")) << tag;
    EXPECT_FALSE(contains(tag, "://")) << tag;
    for (std::size_t at = tag.find(" on"); at != std::string::npos; at = tag.find(" on", at + 1)) {
      std::size_t end = at + 3;
      while (end < tag.size() && std::isalpha(static_cast<unsigned char>(tag[end]))) ++end;
      EXPECT_FALSE(end < tag.size() && tag[end] == '=') << "event handler in " << tag;
    }
    for (std::size_t at = tag.find("href=\""); at != std::string::npos;
         at = tag.find("href=\"", at + 1)) {
      EXPECT_EQ(tag[at + 6], '#') << tag;
    }
  }
  EXPECT_EQ(count(html, "<style>"), 1u);
  const std::size_t style = html.find("<style>");
  const std::string css = lower(html.substr(style, html.find("</style>") - style));
  EXPECT_FALSE(contains(css, "url(")) << "a CSS url()";
  EXPECT_FALSE(contains(css, "@import"));
  EXPECT_FALSE(contains(css, "http"));
}

// No URL anywhere, text included (for inputs that hold none).
void expect_no_url(const std::string& html) {
  EXPECT_FALSE(contains(lower(html), "http://"));
  EXPECT_FALSE(contains(lower(html), "https://"));
}

// A result whose every string is hostile: markup, quotes that would end an attribute, control
// characters, bidi overrides and invalid UTF-8.
audit::AuditResult hostile_result() {
  audit::AuditResult result = testing::make_result();
  const std::string name = "x\"><script>alert(1)</script><img src=x onerror=alert(2)>'\x1b[2J";
  result.findings.push_back(core::make_finding(
      testing::kCriticalContainer.info, {core::TargetKind::kContainer, name, name},
      "<style>body{background:url(https://evil.example/x)}</style>\r\n\xe2\x80\xae" + name));
  return result;
}

TEST(HtmlReport, HostileNamesAndEvidenceAreEscaped) {
  Fixture fixture;
  fixture.result = hostile_result();
  const std::string html = render(Format::kHtml, fixture.input(), {});
  expect_self_contained(html);
  EXPECT_TRUE(contains(html, "x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_TRUE(contains(html, "&lt;img src=x onerror=alert(2)&gt;&#39;\\x1B[2J"));
  EXPECT_TRUE(contains(html, "&lt;style&gt;"));
  EXPECT_TRUE(contains(html, "\\x0D\n\\u{202E}"));
  // The fixture's evidence: newline kept inside <pre>, ANSI shown, invalid bytes replaced.
  EXPECT_TRUE(contains(html, "Env=&quot;A|B&quot; &lt;script&gt;&amp;&#39;x&#39;\nsecond line"));
  EXPECT_TRUE(contains(html, "\\x1B[31mred"));
  EXPECT_TRUE(contains(html, "bad:\xEF\xBF\xBD\xEF\xBF\xBD end"));
}

TEST(HtmlReport, HasEverySectionAndTheCounts) {
  Fixture fixture;
  const std::string html = render(Format::kHtml, fixture.input(), {});
  expect_self_contained(html);
  expect_no_url(html);
  for (std::string_view id : kHtmlSections) {
    EXPECT_EQ(count(html, "<section id=\"" + std::string(id) + "\">"), 1u) << id;
  }
  EXPECT_TRUE(contains(html, "<b id=\"count-findings\">2</b>"));
  EXPECT_TRUE(contains(html, "<b id=\"count-critical\">2</b>"));
  EXPECT_TRUE(contains(html, "<b id=\"count-unchecked\">2</b>"));
  EXPECT_TRUE(
      contains(html, "data-check=\"TST-C-001\" data-severity=\"critical\" data-count=\"2\""));
  // Absent parts say so, and how to get them.
  EXPECT_TRUE(contains(html, "No history in this report"));
  EXPECT_TRUE(contains(html, "No risk register in this report"));
  EXPECT_TRUE(contains(html, "No baseline drift in this report"));
  EXPECT_TRUE(contains(html, "No waivers in this report"));
  // Printable: a print stylesheet.
  EXPECT_TRUE(contains(html, "@media print"));
  EXPECT_TRUE(contains(html, "<svg class=\"chart\""));
}

TEST(HtmlReport, IsIndependentOfFindingOrderAndRepeatable) {
  Fixture fixture;
  Fixture other;
  other.result = testing::shuffled(fixture.result);
  const std::string html = render(Format::kHtml, fixture.input(), {});
  EXPECT_EQ(html, render(Format::kHtml, other.input(), {}));
  EXPECT_EQ(html, render(Format::kHtml, fixture.input(), {}));
}

TEST(HtmlReport, ListsAtMostSoManyFindingsPerCheckAndSaysHowToGetAll) {
  Fixture fixture;
  const auto base = fixture.result.findings;
  for (int copy = 0; copy < 3000; ++copy) {
    core::Finding finding = base[0];
    finding.target.name = "web-" + std::to_string(copy);
    fixture.result.findings.push_back(std::move(finding));
  }
  HtmlExtras extras;
  extras.full_list_command = "hardock show 7 --format json";
  ReportInput input = fixture.input();
  input.html = &extras;
  const std::string html = render(Format::kHtml, input, {});
  EXPECT_TRUE(
      contains(html, "data-check=\"TST-C-001\" data-severity=\"critical\" data-count=\"3002\""));
  EXPECT_TRUE(contains(html, "<b id=\"count-critical\">3,002</b>"));
  EXPECT_TRUE(contains(html,
                       "Showing 200 of 3,002 findings of TST-C-001. The whole list: "
                       "<code>hardock show 7 --format json</code>"));
  EXPECT_EQ(count(html, "<tr><td>container "), kHtmlFindingsPerCheck);
  // Streamed in chunks, the same bytes.
  std::string streamed;
  render(Format::kHtml, input, {}, [&](std::string_view chunk) { streamed += chunk; });
  EXPECT_EQ(streamed, html);
}

TEST(HtmlReport, LongEvidenceIsCut) {
  Fixture fixture;
  fixture.result.findings[0].evidence = std::string(100000, 'e');
  const std::string html = render(Format::kHtml, fixture.input(), {});
  EXPECT_FALSE(contains(html, std::string(kHtmlEvidenceBytes + 1, 'e')));
  EXPECT_TRUE(contains(html, "[100000 bytes]"));
}

TEST(HtmlReport, PlacesSuppliedSectionsAndHistory) {
  Fixture fixture;
  trends::Trends history;
  for (int run = 1; run <= 3; ++run) {
    trends::RunPoint point;
    point.run = run;
    point.started_at = "2024-05-0" + std::to_string(run) + "T12:00:00Z";
    point.failing[static_cast<std::size_t>(core::Severity::kCritical)] = 4 - run;
    for (core::CobitDomain domain : core::kAllDomains) {
      trends::DomainPoint domain_point;
      domain_point.domain = domain;
      domain_point.score = 50 + run * 10;
      point.domains.push_back(domain_point);
    }
    history.points.push_back(point);
  }
  trends::TimeToFix fix;
  fix.severity = core::Severity::kCritical;
  fix.fixed = 2;
  fix.median_seconds = 3 * 86400 + 3600;
  history.time_to_fix.push_back(fix);
  store::Waiver waiver;
  waiver.check = "TST-C-001";
  waiver.target = "<web>";
  waiver.owner = "ops \"team\"";
  waiver.until = "2024-05-10";
  history.waivers = trends::waiver_states({waiver}, "2024-05-03");
  history.today = "2024-05-03";
  HtmlExtras extras;
  extras.trends = &history;
  extras.sections.push_back({"drift", "Drift since the baseline", "<p>3 containers added</p>"});
  extras.sections.push_back({"risks", "Top risks", "<ol><li>web: 42</li></ol>"});
  extras.sections.push_back({"extra", "Disk use", "<p>12 GB</p>"});
  ReportInput input = fixture.input();
  input.html = &extras;
  const std::string html = render(Format::kHtml, input, {});
  expect_self_contained(html);
  const auto risks = html.find("<section id=\"risks\">");
  const auto drift = html.find("<section id=\"drift\">");
  const auto waivers = html.find("<section id=\"waivers\">");
  const auto extra = html.find("<section id=\"extra\">");
  ASSERT_NE(risks, std::string::npos);
  ASSERT_NE(extra, std::string::npos);
  EXPECT_LT(risks, drift);
  EXPECT_LT(drift, waivers);
  EXPECT_LT(waivers, extra);
  EXPECT_TRUE(contains(html, "<ol><li>web: 42</li></ol>"));
  EXPECT_TRUE(contains(html, "<p>3 containers added</p>"));
  EXPECT_FALSE(contains(html, "No history in this report"));
  EXPECT_TRUE(contains(html, "3 runs of this host"));
  EXPECT_TRUE(contains(html, "3d 1h"));
  EXPECT_TRUE(contains(html, "&lt;web&gt;"));
  EXPECT_TRUE(contains(html, "ops &quot;team&quot;"));
  EXPECT_TRUE(contains(html, "expiring soon (7 days left)"));
  EXPECT_TRUE(contains(html, "<b id=\"waivers-expiring\">1</b>"));
  EXPECT_TRUE(contains(html, "<polyline points="));
}

}  // namespace
}  // namespace hardock::report
