// The HTML report: one self-contained file to read offline, print or attach to a ticket. Inline
// CSS and inline SVG charts only: no script, no font, image or stylesheet from anywhere else, and
// a Content-Security-Policy that forbids loading any. Every string from a run goes through
// io::html_escape (attributes too). Sections, in kHtmlSections order: summary, COBIT domain
// scorecards, trends, top risks, drift since the baseline, waivers, findings (grouped by check:
// the count is always whole, the list at most kHtmlFindingsPerCheck long, with the command that
// gives the whole one), then what could not be checked and what did not run. Optional sections
// say so when their input is absent.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "hardock/report/html_charts.h"
#include "hardock/report/writers.h"
#include "hardock/trends/trends.h"

namespace hardock::report::detail {
namespace {

// 12345 -> "12,345": counts of a large fleet stay readable.
std::string grouped(long long value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

std::string severity_class(core::Severity severity) {
  return "sev-" + std::string(core::to_string(severity));
}

std::string_view score_class(const std::optional<int>& score) {
  if (!score) return "score-none";
  if (*score >= 90) return "score-good";
  if (*score >= 70) return "score-fair";
  return "score-poor";
}

constexpr std::string_view kStyle = R"css(
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;
--critical:#8b0000;--high:#d1242f;--medium:#bc4c00;--low:#0969da;--info:#6e7781;
--good:#1a7f37;--fair:#9a6700;--poor:#cf222e}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1200px;padding:1.5rem;color:var(--fg);background:var(--bg);
font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
h1{font-size:1.6rem;margin:.2rem 0 .6rem}h2{font-size:1.25rem;margin:2rem 0 .6rem;
border-bottom:1px solid var(--line);padding-bottom:.3rem}h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:0}
dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;overflow-wrap:anywhere}
nav ol{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;padding:0;list-style:none;margin:1rem 0}
a{color:var(--low)}
.totals{display:flex;flex-wrap:wrap;gap:.6rem;margin:.6rem 0}
.total{border:1px solid var(--line);border-radius:6px;padding:.4rem .8rem;min-width:7rem}
.total b{display:block;font-size:1.4rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:.8rem}
.card{border:1px solid var(--line);border-radius:6px;padding:.7rem .9rem;break-inside:avoid}
.card h3{margin:0 0 .3rem;font-size:1rem;color:var(--fg)}.card .score{font-size:2rem;font-weight:700}
.card .meter{height:6px;background:var(--soft);border-radius:3px;overflow:hidden;margin:.3rem 0}
.card .meter span{display:block;height:100%;background:currentColor}
.score-good{color:var(--good)}.score-fair{color:var(--fair)}.score-poor{color:var(--poor)}
.score-none{color:var(--muted)}
.card ul{margin:.3rem 0 0;padding-left:1.1rem;color:var(--fg)}
table{border-collapse:collapse;width:100%;margin:.4rem 0 .8rem;font-size:13px}
th,td{border:1px solid var(--line);padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:var(--soft)}td.num,th.num{text-align:right}
td pre,td code{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;font-size:12px;
font-family:ui-monospace,"DejaVu Sans Mono",monospace}
.badge{display:inline-block;border-radius:4px;padding:0 .4rem;color:#fff;font-size:12px;
font-weight:600}
.badge.sev-critical{background:var(--critical)}.badge.sev-high{background:var(--high)}
.badge.sev-medium{background:var(--medium)}.badge.sev-low{background:var(--low)}
.badge.sev-info{background:var(--info)}.badge.unchecked{background:#8250df}
.absent,.cut{color:var(--muted);font-style:italic}.cut{font-style:normal;
border-left:3px solid var(--line);padding-left:.6rem}
.check{break-inside:auto}.check p{margin:.2rem 0}
svg.chart{max-width:100%;height:auto;display:block;margin:.4rem 0}
svg .label,svg .value{font-size:12px;fill:var(--fg)}svg .axis{stroke:var(--muted);stroke-width:1}
svg .line{fill:none;stroke-width:2}
svg rect.sev-critical,svg .dot.sev-critical{fill:var(--critical)}
svg rect.sev-high,svg .dot.sev-high{fill:var(--high)}
svg rect.sev-medium,svg .dot.sev-medium{fill:var(--medium)}
svg rect.sev-low,svg .dot.sev-low{fill:var(--low)}
svg rect.sev-info,svg .dot.sev-info{fill:var(--info)}
svg .line.sev-critical{stroke:var(--critical)}svg .line.sev-high{stroke:var(--high)}
svg .line.sev-medium{stroke:var(--medium)}svg .line.sev-low{stroke:var(--low)}
svg .line.sev-info{stroke:var(--info)}
svg .line.dom-security{stroke:#0969da}svg .line.dom-change{stroke:#8250df}
svg .line.dom-operations{stroke:#1a7f37}svg .line.dom-risk{stroke:#cf222e}
svg .line.dom-monitoring{stroke:#9a6700}
svg rect.dom-security,svg .dot.dom-security{fill:#0969da}
svg rect.dom-change,svg .dot.dom-change{fill:#8250df}
svg rect.dom-operations,svg .dot.dom-operations{fill:#1a7f37}
svg rect.dom-risk,svg .dot.dom-risk{fill:#cf222e}
svg rect.dom-monitoring,svg .dot.dom-monitoring{fill:#9a6700}
footer{margin-top:2rem;color:var(--muted);font-size:12px}
@media print{body{max-width:none;padding:0;font-size:10pt}nav{display:none}
a{color:inherit;text-decoration:none}h2{break-after:avoid}h3{break-after:avoid}
tr,.card,svg.chart{break-inside:avoid}table{font-size:8.5pt}
.badge{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
@page{margin:1.5cm}
)css";

struct Writer {
  const ReportInput& input;
  Output& sink;
  std::string& out;
  SeverityCounts counts;
  std::vector<const core::Finding*> ordered;
  const HtmlExtras* extras;

  Writer(const ReportInput& report_input, Output& output)
      : input(report_input),
        sink(output),
        out(output.text),
        counts(count_findings(report_input.result.findings)),
        ordered(ordered_findings(report_input.result.findings)),
        extras(report_input.html) {}

  [[nodiscard]] const HtmlSection* supplied(std::string_view id) const {
    if (extras == nullptr) return nullptr;
    for (const auto& section : extras->sections) {
      if (section.id == id) return &section;
    }
    return nullptr;
  }

  void open_section(std::string_view id, std::string_view title) {
    out += fmt::format("<section id=\"{}\"><h2>{}</h2>\n", html_attr(id), html_text(title));
  }
  void close_section() { out += "</section>\n"; }

  void head() {
    const bool lint = !input.files_linted.empty();
    const std::string title =
        lint ? "hardock lint report"
             : "hardock audit report" +
                   (input.host_name.empty() ? std::string() : " — " + input.host_name);
    out +=
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        // Nothing may be fetched or run, even if something slipped through the escaping.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">\n"
        "<meta name=\"generator\" content=\"hardock " +
        html_attr(input.tool_version) + "\">\n<title>" + html_text(title) + "</title>\n<style>" +
        std::string(kStyle) + "</style>\n</head>\n<body>\n<header>\n<h1>" + html_text(title) +
        "</h1>\n<dl class=\"meta\">\n";
    auto field = [&](std::string_view name, std::string_view value) {
      if (!value.empty())
        out += "<dt>" + html_text(name) + "</dt><dd>" + html_text(value) + "</dd>\n";
    };
    if (lint) {
      field("Files", input.files_linted);
    } else {
      field("Engine", input.endpoint + (input.engine_version.empty()
                                            ? std::string()
                                            : " (Docker " + input.engine_version + ")"));
      field("Host", input.host_name);
    }
    if (extras != nullptr) field("Run", extras->run_label);
    field("Started", input.started_at);
    field("Collected", input.collected_at);
    field("hardock", input.tool_version);
    out += "</dl>\n</header>\n<nav><ol>";
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kTitles = {{
        {"summary", "Summary"},
        {"scorecards", "Domain scorecards"},
        {"trends", "Trends"},
        {"risks", "Top risks"},
        {"drift", "Drift since the baseline"},
        {"waivers", "Waivers"},
        {"findings", "Findings"},
        {"unchecked", "Could not check"},
    }};
    static_assert(kTitles.size() == std::size(kHtmlSections));
    for (const auto& [id, name] : kTitles) {
      out += fmt::format("<li><a href=\"#{}\">{}</a></li>", html_attr(id), html_text(name));
    }
    if (extras != nullptr) {
      for (const auto& section : extras->sections) {
        if (std::find(std::begin(kHtmlSections), std::end(kHtmlSections), section.id) ==
            std::end(kHtmlSections)) {
          out += fmt::format("<li><a href=\"#{}\">{}</a></li>", html_attr(section.id),
                             html_text(section.title));
        }
      }
    }
    out += "</ol></nav>\n<main>\n";
  }

  void summary() {
    const auto& result = input.result;
    open_section("summary", "Summary");
    const int not_run = result.count(audit::Outcome::kNotRun);
    out += "<div class=\"totals\">";
    out += fmt::format(
        "<div class=\"total\"><b id=\"count-checks\">{}</b>checks run</div>"
        "<div class=\"total\"><b id=\"count-findings\">{}</b>findings</div>",
        grouped(result.checks_run()), grouped(counts.failed()));
    for (core::Severity severity : core::kAllSeverities) {
      out += fmt::format(
          "<div class=\"total\"><b id=\"count-{0}\">{1}</b><span class=\"badge {2}\">{0}</span>"
          "</div>",
          core::to_string(severity), grouped(counts.at(severity)), severity_class(severity));
    }
    out += fmt::format(
        "<div class=\"total\"><b id=\"count-unchecked\">{}</b>could not check</div>"
        "<div class=\"total\"><b id=\"count-not-run\">{}</b>checks not run</div></div>\n",
        grouped(counts.unchecked), grouped(not_run));
    std::vector<Bar> bars;
    for (core::Severity severity : core::kAllSeverities) {
      bars.push_back(
          {std::string(core::to_string(severity)), counts.at(severity), severity_css(severity)});
    }
    out += svg_bars(bars, "Failing findings by severity");
    if (counts.failed() == 0) {
      out += counts.unchecked == 0 && not_run == 0
                 ? "<p>No findings: every check that ran passed.</p>\n"
                 : "<p>No failing findings, but some checks could not look (below).</p>\n";
    }
    close_section();
  }

  void scorecards() {
    open_section("scorecards", "COBIT 2019 domain scorecards");
    out +=
        "<p>Score: the severity-weighted share of the domain's checks that looked and passed "
        "(a check that could not look counts against it; skipped and not-run checks are "
        "outside it).</p>\n<div class=\"cards\">\n";
    for (const auto& domain : input.domains) {
      auto count = [&](core::Severity severity) {
        auto it = domain.counts.find(severity);
        return it == domain.counts.end() ? 0 : it->second;
      };
      out += fmt::format(
          "<div class=\"card {}\" id=\"domain-{}\"><h3>{}</h3><div class=\"score\">{}</div>"
          "<div class=\"meter\"><span style=\"width:{}%\"></span></div><ul>",
          score_class(domain.score), html_attr(core::to_string(domain.domain)),
          html_text(core::domain_title(domain.domain)),
          domain.score ? std::to_string(*domain.score) : std::string("–"),
          domain.score ? *domain.score : 0);
      out += fmt::format("<li>{} checks: {} passed, {} failed, {} could not look</li>",
                         domain.checks, domain.passed, domain.failed, domain.errored);
      if (domain.skipped + domain.not_run > 0) {
        out += fmt::format("<li>{} skipped, {} not run</li>", domain.skipped, domain.not_run);
      }
      std::string by_severity;
      for (core::Severity severity : core::kAllSeverities) {
        if (count(severity) == 0) continue;
        by_severity += fmt::format("{}<span class=\"badge {}\">{} {}</span>",
                                   by_severity.empty() ? "" : " ", severity_class(severity),
                                   grouped(count(severity)), core::to_string(severity));
      }
      out += "<li>" + (by_severity.empty() ? std::string("no failing findings") : by_severity) +
             "</li></ul></div>\n";
    }
    out += "</div>\n";
    close_section();
  }

  void trend_section() {
    open_section("trends", "Trends");
    const trends::Trends* history = extras == nullptr ? nullptr : extras->trends;
    if (history == nullptr || history->points.empty()) {
      out +=
          "<p class=\"absent\">No history in this report: trends come from the store of runs "
          "(<code>hardock report --store LOCATION</code>).</p>\n";
      close_section();
      return;
    }
    const auto& points = history->points;
    std::vector<std::string> x_labels;
    for (const auto& point : points) x_labels.push_back(point.started_at.substr(0, 10));
    out += fmt::format("<p>{} run{} of this host, oldest first ({} to {}).</p>\n", points.size(),
                       points.size() == 1 ? "" : "s", html_text(points.front().started_at),
                       html_text(points.back().started_at));
    std::vector<Series> scores;
    for (std::size_t domain_idx = 0; domain_idx < std::size(core::kAllDomains); ++domain_idx) {
      const core::CobitDomain domain = core::kAllDomains[domain_idx];
      Series line{std::string(core::domain_title(domain)), domain_css(domain), {}};
      for (const auto& point : points) {
        std::optional<double> value;
        if (domain_idx < point.domains.size() && point.domains[domain_idx].score) {
          value = *point.domains[domain_idx].score;
        }
        line.values.push_back(value);
      }
      scores.push_back(std::move(line));
    }
    out += "<h3>Domain scores</h3>\n" + svg_lines(scores, x_labels, 100, "Domain scores by run");
    std::vector<Series> severities;
    for (core::Severity severity : core::kAllSeverities) {
      Series line{std::string(core::to_string(severity)), severity_css(severity), {}};
      for (const auto& point : points) {
        line.values.push_back(point.failing[static_cast<std::size_t>(severity)]);
      }
      severities.push_back(std::move(line));
    }
    out += "<h3>Failing findings by severity</h3>\n" +
           svg_lines(severities, x_labels, 0, "Failing findings by severity and run");

    out +=
        "<h3>Per run</h3>\n<table class=\"runs\"><thead><tr><th>Run</th><th>Started</th>"
        "<th class=\"num\">Critical</th><th class=\"num\">High</th><th class=\"num\">Medium</th>"
        "<th class=\"num\">Low</th><th class=\"num\">Info</th>";
    for (core::CobitDomain domain : core::kAllDomains) {
      out += "<th class=\"num\">" + html_text(core::domain_title(domain)) + "</th>";
    }
    out += "</tr></thead><tbody>\n";
    for (auto point = points.rbegin(); point != points.rend(); ++point) {
      out += fmt::format("<tr><td class=\"num\">{}</td><td>{}</td>", point->run,
                         html_text(point->started_at));
      for (core::Severity severity : core::kAllSeverities) {
        out += "<td class=\"num\">" + grouped(point->failing[static_cast<std::size_t>(severity)]) +
               "</td>";
      }
      for (const auto& domain : point->domains) {
        out += "<td class=\"num\">" +
               (domain.score ? std::to_string(*domain.score) : std::string("–")) + "</td>";
      }
      out += "</tr>\n";
    }
    out += "</tbody></table>\n";

    out +=
        "<h3>Time to fix</h3>\n<p>From each finding's fingerprint: first seen, and the first "
        "later run of the same host and target that no longer had it.</p>\n"
        "<table class=\"ttf\"><thead><tr><th>Severity</th><th class=\"num\">Fixed</th>"
        "<th class=\"num\">Median</th><th class=\"num\">90th percentile</th>"
        "<th class=\"num\">Longest</th><th class=\"num\">Open</th>"
        "<th class=\"num\">Oldest open</th></tr></thead><tbody>\n";
    auto duration = [](const std::optional<std::int64_t>& seconds) {
      return seconds ? trends::human_duration(*seconds) : std::string("–");
    };
    for (const auto& entry : history->time_to_fix) {
      out += fmt::format(
          "<tr><td><span class=\"badge {}\">{}</span></td><td class=\"num\">{}</td>"
          "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
          "<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
          severity_class(entry.severity), core::to_string(entry.severity), grouped(entry.fixed),
          duration(entry.median_seconds), duration(entry.p90_seconds), duration(entry.max_seconds),
          grouped(entry.open), duration(entry.oldest_open_seconds));
    }
    out += "</tbody></table>\n";
    close_section();
  }

  static std::string_view severity_css(core::Severity severity) {
    switch (severity) {
      case core::Severity::kCritical:
        return "sev-critical";
      case core::Severity::kHigh:
        return "sev-high";
      case core::Severity::kMedium:
        return "sev-medium";
      case core::Severity::kLow:
        return "sev-low";
      case core::Severity::kInfo:
        return "sev-info";
    }
    return "sev-info";
  }

  static std::string_view domain_css(core::CobitDomain domain) {
    switch (domain) {
      case core::CobitDomain::kSecurity:
        return "dom-security";
      case core::CobitDomain::kChange:
        return "dom-change";
      case core::CobitDomain::kOperations:
        return "dom-operations";
      case core::CobitDomain::kRisk:
        return "dom-risk";
      case core::CobitDomain::kMonitoring:
        return "dom-monitoring";
    }
    return "dom-security";
  }

  // A section another module rendered, or the note saying it is absent and how to get it.
  void supplied_section(std::string_view id, std::string_view title, std::string_view absent) {
    if (const HtmlSection* section = supplied(id)) {
      open_section(id, section->title.empty() ? title : section->title);
      out += section->html;
      out += "\n";
    } else {
      open_section(id, title);
      out += "<p class=\"absent\">" + std::string(absent) + "</p>\n";
    }
    close_section();
  }

  void waivers() {
    open_section("waivers", "Waivers");
    const trends::Trends* history = extras == nullptr ? nullptr : extras->trends;
    if (history == nullptr) {
      out +=
          "<p class=\"absent\">No waivers in this report: they are kept in the store "
          "(<code>hardock accept</code>, <code>hardock report --store LOCATION</code>).</p>\n";
      close_section();
      return;
    }
    if (history->waivers.empty()) {
      out += "<p>No waiver: every finding counts.</p>\n";
      close_section();
      return;
    }
    int soon = 0;
    int expired = 0;
    for (const auto& status : history->waivers) {
      soon += status.state == trends::WaiverState::kExpiringSoon ? 1 : 0;
      expired += status.state == trends::WaiverState::kExpired ? 1 : 0;
    }
    out += fmt::format(
        "<p>On {}: <b id=\"waivers-expiring\">{}</b> expiring within {} days, "
        "<b id=\"waivers-expired\">{}</b> expired (their findings count again).</p>\n",
        html_text(history->today), soon, trends::kExpiringSoonDays, expired);
    out +=
        "<table class=\"waivers\"><thead><tr><th>State</th><th>Check</th><th>Target</th>"
        "<th>Until</th><th>Owner</th><th>Reason</th><th>Source</th></tr></thead><tbody>\n";
    for (const auto& status : history->waivers) {
      const auto& waiver = status.waiver;
      std::string state(trends::to_string(status.state));
      if (status.days_left && status.state == trends::WaiverState::kExpiringSoon) {
        state += *status.days_left == 0 ? " (last day today)"
                                        : fmt::format(" ({} days left)", *status.days_left);
      }
      out += "<tr><td>" + html_text(state) + "</td><td>" + html_text(waiver.check) + "</td><td>" +
             html_text(waiver.target) + "</td><td>" + html_text(waiver.until) + "</td><td>" +
             html_text(waiver.owner) + "</td><td>" + html_text(waiver.reason) + "</td><td>" +
             html_text(waiver.source) + "</td></tr>\n";
      sink.spill();
    }
    out += "</tbody></table>\n";
    close_section();
  }

  std::string full_list_command() const {
    if (extras != nullptr && !extras->full_list_command.empty()) return extras->full_list_command;
    return input.files_linted.empty() ? "hardock audit --format json"
                                      : "hardock lint --format json";
  }

  void finding_row(const core::Finding& finding) {
    std::string where = describe_target(finding.target);
    out += "<tr><td>" + html_text(where) + "</td><td>";
    if (!finding.location.empty())
      out += "<code>" + html_text(source_position(finding.location)) + "</code>";
    out += "</td><td><pre>" + html_text(io::truncate(finding.evidence, kHtmlEvidenceBytes)) +
           "</pre></td><td>" + html_text(finding.cis) + "</td></tr>\n";
  }

  // Findings of one status class, grouped by check and severity (a check may rate findings
  // differently) in report order.
  void check_groups(bool unchecked_ones) {
    using GroupKey = std::pair<std::string_view, core::Severity>;
    std::map<GroupKey, int> per_group;
    for (const core::Finding* finding : ordered) {
      if (is_unchecked(*finding) == unchecked_ones) {
        ++per_group[{finding->check_code, finding->severity}];
      }
    }
    std::optional<GroupKey> current;
    std::size_t shown = 0;
    int group = 0;
    auto close_group = [&]() {
      if (!current) return;
      out += "</tbody></table>\n";
      const int total = per_group[*current];
      if (shown < static_cast<std::size_t>(total)) {
        out += fmt::format(
            "<p class=\"cut\">Showing {} of {} findings of {}. The whole list: <code>{}</code> "
            "(every finding, with its evidence).</p>\n",
            grouped(static_cast<long long>(shown)), grouped(total), html_text(current->first),
            html_text(full_list_command()));
      }
      out += "</div>\n";
    };
    for (const core::Finding* finding : ordered) {
      if (is_unchecked(*finding) != unchecked_ones) continue;
      const GroupKey key{finding->check_code, finding->severity};
      if (!current || key != *current) {
        close_group();
        current = key;
        shown = 0;
        ++group;
        const int total = per_group[key];
        out += fmt::format(
            "<div class=\"check\" id=\"{}-{}\" data-check=\"{}\" data-severity=\"{}\" "
            "data-count=\"{}\">"
            "<h3><span class=\"badge {}\">{}</span> {} <code>{}</code> {} "
            "<span class=\"count\">({} finding{})</span></h3>\n",
            unchecked_ones ? "unchecked" : "check", group, html_attr(finding->check_code),
            core::to_string(finding->severity), total,
            unchecked_ones ? std::string("unchecked") : severity_class(finding->severity),
            unchecked_ones ? "could not check" : core::to_string(finding->severity),
            html_text(finding->check_code), html_text(finding->slug), html_text(finding->title),
            grouped(total), total == 1 ? "" : "s");
        if (!unchecked_ones) {
          std::string cobit;
          if (!finding->cobit.empty()) {
            const CobitRef ref = cobit_ref(finding->cobit, finding->domain);
            cobit = std::string(ref.practice);
            if (!ref.practice_name.empty()) cobit += " " + std::string(ref.practice_name);
          }
          out += "<p><b>Remediation:</b> " + html_text(finding->remediation) + "</p>\n";
          out += "<p><b>COBIT:</b> " + html_text(cobit) + " · " +
                 html_text(core::domain_title(finding->domain)) + "</p>\n";
        }
        out += fmt::format(
            "<table><thead><tr><th>Target</th><th>Location</th><th>{}</th><th>CIS</th></tr>"
            "</thead><tbody>\n",
            unchecked_ones ? "Reason" : "Evidence");
      }
      if (shown < kHtmlFindingsPerCheck) {
        finding_row(*finding);
        ++shown;
        sink.spill();
      }
    }
    close_group();
  }

  void findings() {
    open_section("findings", "Findings");
    if (counts.failed() == 0) {
      out += "<p>No failing findings.</p>\n";
    } else {
      out += fmt::format(
          "<p>{} failing findings, grouped by check, most severe first. Each check lists at most "
          "{} of its findings; the whole list: <code>{}</code>.</p>\n",
          grouped(counts.failed()), kHtmlFindingsPerCheck, html_text(full_list_command()));
      check_groups(false);
    }
    close_section();
    open_section("unchecked", "Could not check");
    if (counts.unchecked == 0) {
      out += "<p>Every check that ran could look.</p>\n";
    } else {
      out +=
          fmt::format("<p>{} findings where a check could not look: never counted as a pass.</p>\n",
                      grouped(counts.unchecked));
      check_groups(true);
    }
    const int not_run = input.result.count(audit::Outcome::kNotRun);
    if (not_run > 0) {
      out += fmt::format(
          "<h3 id=\"not-run\">Not run ({})</h3>\n<table><thead><tr><th>Check</th><th>Title</th>"
          "<th>Severity</th><th>Reason</th></tr></thead><tbody>\n",
          not_run);
      for (const auto& check_result : input.result.checks) {
        if (check_result.outcome != audit::Outcome::kNotRun) continue;
        const auto& info = check_result.check->info;
        out += "<tr><td><code>" + html_text(info.code) + "</code></td><td>" +
               html_text(info.title) + "</td><td>" + html_text(core::to_string(info.severity)) +
               "</td><td>" + html_text(check_result.reason) + "</td></tr>\n";
      }
      out += "</tbody></table>\n";
    }
    close_section();
  }

  void write() {
    head();
    summary();
    scorecards();
    trend_section();
    supplied_section("risks", "Top risks",
                     "No risk register in this report: risk scores come from the store "
                     "(<code>hardock risk</code>).");
    supplied_section("drift", "Drift since the baseline",
                     "No baseline drift in this report: set a baseline "
                     "(<code>hardock baseline set</code>) and report from the store.");
    waivers();
    sink.spill();
    findings();
    if (extras != nullptr) {
      for (const auto& section : extras->sections) {
        if (std::find(std::begin(kHtmlSections), std::end(kHtmlSections), section.id) !=
            std::end(kHtmlSections)) {
          continue;
        }
        open_section(section.id, section.title);
        out += section.html;
        out += "\n";
        close_section();
      }
    }
    out += "</main>\n<footer>Made by hardock " + html_text(input.tool_version);
    if (!input.collected_at.empty()) {
      out += " from data collected " + html_text(input.collected_at);
    } else if (!input.started_at.empty()) {
      out += " from the run started " + html_text(input.started_at);
    }
    out += ". This file loads nothing and runs no script.</footer>\n</body>\n</html>\n";
  }
};

}  // namespace

void write_html(const ReportInput& input, const RenderOptions& /*options*/, Output& sink) {
  Writer writer(input, sink);
  writer.write();
}

}  // namespace hardock::report::detail
