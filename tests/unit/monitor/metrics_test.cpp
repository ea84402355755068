// The Prometheus exposition: checked line by line against the text format's grammar
// (HELP/TYPE before their samples, metric and label names, escaped label values, numbers).
#include "hardock/monitor/metrics.h"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace hardock::monitor {
namespace {

// Validates `text` against the exposition format 0.0.4; returns the first problem, or "".
std::string exposition_problem(const std::string& text) {
  static const std::regex kHelp(R"(^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (([^\\\n]|\\\\|\\n)*)$)");
  static const std::regex kType(
      R"(^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$)");
  static const std::regex kSample(
      R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\\\|\\"|\\n)*")(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\\\|\\"|\\n)*")*\})? (-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?|NaN|[-+]Inf)$)");
  if (text.empty() || text.back() != '\n') return "does not end in a newline";
  std::istringstream lines(text);
  std::set<std::string> typed;
  std::set<std::string> helped;
  std::set<std::string> series;
  std::string current;
  int number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    const std::string where = "line " + std::to_string(number) + ": " + line;
    std::smatch match;
    if (std::regex_match(line, match, kHelp)) {
      if (!helped.insert(match[1]).second) return "second HELP, " + where;
      current = match[1];
    } else if (std::regex_match(line, match, kType)) {
      if (!typed.insert(match[1]).second) return "second TYPE, " + where;
      if (match[1] != current) return "TYPE apart from its HELP, " + where;
    } else if (std::regex_match(line, match, kSample)) {
      if (match[1] != current || typed.count(match[1]) == 0) {
        return "sample outside its family, " + where;
      }
      const std::string key = line.substr(0, line.rfind(' '));
      if (!series.insert(key).second) return "duplicate series, " + where;
    } else {
      return "not in the grammar, " + where;
    }
  }
  return "";
}

trends::RunPoint point(int critical, std::optional<int> score) {
  trends::RunPoint out;
  for (core::CobitDomain domain : core::kAllDomains) {
    trends::DomainPoint domain_point;
    domain_point.domain = domain;
    domain_point.score = score;
    domain_point.failing[static_cast<std::size_t>(core::Severity::kCritical)] = critical;
    out.domains.push_back(domain_point);
  }
  out.unchecked = 2;
  return out;
}

TEST(LabelValue, EscapesBackslashQuoteAndNewline) {
  EXPECT_EQ(label_value("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
  EXPECT_EQ(label_value("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(label_value("bad\xff"), "bad\xEF\xBF\xBD");
}

TEST(Prometheus, FollowsTheExpositionGrammar) {
  MetricsInput input;
  input.hosts.push_back({"host-b", "b", point(3, 80), 42.5});
  input.hosts.push_back({"h\"o\\st\nA", "a\xff", point(1, std::nullopt), std::nullopt});
  input.last_runs.push_back({"host-b", "audit", 1796025482, 1500});
  input.last_runs.push_back({"host-b", "image", 1796025000, 20});
  input.last_runs.push_back({"h\"o\\st\nA", "audit", 1796000000, 0});
  trends::WaiverStatus soon;
  soon.state = trends::WaiverState::kExpiringSoon;
  trends::WaiverStatus revoked;
  revoked.state = trends::WaiverState::kRevoked;
  input.waivers = {soon, soon, revoked};
  const std::string text = render_prometheus(input);
  EXPECT_EQ(exposition_problem(text), "") << text;
  EXPECT_NE(text.find("hardock_findings{host=\"host-b\",host_name=\"b\",domain=\"security\","
                      "severity=\"critical\"} 3\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("host=\"h\\\"o\\\\st\\nA\",host_name=\"a\xEF\xBF\xBD\""), std::string::npos);
  EXPECT_NE(text.find("hardock_domain_score{host=\"host-b\",host_name=\"b\",domain=\"risk\"} 80\n"),
            std::string::npos);
  // No score when no check of a domain looked: the series is absent, not 0.
  EXPECT_EQ(text.find("hardock_domain_score{host=\"h\\\""), std::string::npos);
  EXPECT_NE(text.find("hardock_risk_total{host=\"host-b\",host_name=\"b\"} 42.5\n"),
            std::string::npos);
  EXPECT_NE(text.find("hardock_last_run_timestamp_seconds{host=\"host-b\",kind=\"audit\"} "
                      "1796025482\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("hardock_last_run_duration_seconds{host=\"host-b\",kind=\"audit\"} 1.5\n"),
            std::string::npos);
  EXPECT_NE(text.find("hardock_waivers{state=\"expiring_soon\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("hardock_waivers{state=\"expired\"} 0\n"), std::string::npos);
  // Deterministic whatever the order of the hosts.
  std::swap(input.hosts[0], input.hosts[1]);
  std::swap(input.last_runs[0], input.last_runs[2]);
  EXPECT_EQ(render_prometheus(input), text);
}

TEST(Prometheus, RiskTotalIsOmittedWithoutARiskRegister) {
  MetricsInput input;
  input.hosts.push_back({"host-b", "b", point(0, 100), std::nullopt});
  const std::string text = render_prometheus(input);
  EXPECT_EQ(exposition_problem(text), "") << text;
  EXPECT_EQ(text.find("hardock_risk_total"), std::string::npos);
}

TEST(Prometheus, TheValidatorRejectsBrokenText) {
  EXPECT_NE(exposition_problem("hardock_x 1\n"), "");  // no TYPE
  EXPECT_NE(exposition_problem("# HELP a x\n# TYPE a gauge\na{l=\"x\ny\"} 1\n"), "");
  EXPECT_NE(exposition_problem("# HELP a x\n# TYPE a gauge\na{l=\"x\"y\"} 1\n"), "");
  EXPECT_NE(exposition_problem("# HELP a x\n# TYPE a gauge\na 1"), "");
  EXPECT_NE(exposition_problem("# HELP a x\n# TYPE a gauge\na 1\na 2\n"), "");
  EXPECT_EQ(exposition_problem("# HELP a x\n# TYPE a gauge\na{l=\"\\\"\"} 1\n"), "");
}

}  // namespace
}  // namespace hardock::monitor
