#include <cstdio>
#include <string>

#include "hardock/io/escape.h"
#include "hardock/risk/register.h"

namespace hardock::risk {
namespace {

std::string html(std::string_view text) { return io::html_escape(text, false); }

std::string score_html(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

std::string severity_badge(core::Severity severity) {
  const std::string name(core::to_string(severity));
  return "<span class=\"badge sev-" + name + "\">" + name + "</span>";
}

std::string exposure_html(const std::vector<std::string>& factors) {
  std::string out;
  for (const auto& factor : factors) out += (out.empty() ? "" : ", ") + html(factor);
  return out.empty() ? "-" : out;
}

void row(std::string& out, const RiskEntry& entry) {
  out += "<tr><td>" + html(entry.zone) + "</td><td class=\"num\">" + score_html(entry.score.value) +
         "</td><td>" + severity_badge(entry.severity) + "</td><td><code>" + html(entry.check_code) +
         "</code></td><td>" + html(entry.target) + "</td><td>" + html(entry.title) + "</td><td>" +
         exposure_html(entry.score.factors) + "</td><td class=\"num\">" +
         (entry.first_seen.empty() ? std::string("-") : std::to_string(entry.age_days) + " d") +
         "</td><td>" + html(to_string(entry.trend)) + "</td><td>";
  if (entry.accepted) {
    out += "accepted by " + html(entry.accepted_owner) + " until " + html(entry.accepted_until) +
           ": " + html(entry.accepted_reason);
  } else if (!entry.waiver_expired.empty()) {
    out += "waiver expired " + html(entry.waiver_expired);
  } else {
    out += "-";
  }
  out += "</td></tr>\n";
}

void table(std::string& out, std::span<const RiskEntry> entries, bool accepted,
           std::string_view id) {
  out += "<table id=\"" + std::string(id) +
         "\"><thead><tr><th>Zone</th><th class=\"num\">Score</th><th>Severity</th><th>Check</th>"
         "<th>Target</th><th>Title</th><th>Exposure</th><th class=\"num\">Age</th><th>Trend</th>"
         "<th>Waiver</th></tr></thead>\n<tbody>\n";
  for (const RiskEntry& entry : entries) {
    if (entry.accepted == accepted) row(out, entry);
  }
  out += "</tbody></table>\n";
}

}  // namespace

std::string render_html_section(std::span<const RiskEntry> entries, int top,
                                std::string_view scope) {
  std::size_t open = 0;
  for (const RiskEntry& entry : entries) open += entry.accepted ? 0 : 1;
  const std::size_t accepted = entries.size() - open;
  const std::vector<RiskEntry> listed =
      keep_top(std::vector<RiskEntry>(entries.begin(), entries.end()), top);
  const std::string listed_text =
      top > 0 ? "the top " + std::to_string(top) + " of each zone listed" : "all listed";
  std::string out =
      "<p>Risk = impact (the asset's sensitivity) x likelihood (severity and "
      "exposure), for " +
      html(scope) + ". Open risk total: <strong id=\"risk-total\">" +
      score_html(open_total(entries)) + "</strong> over <span id=\"risk-open\">" +
      std::to_string(open) + "</span> open risks (" + listed_text + ").</p>\n";
  if (open == 0) {
    out +=
        "<p>No open risk: the run has no failing finding that a waiver in force does not "
        "accept.</p>\n";
  } else {
    table(out, listed, false, "risks-open");
  }
  if (accepted > 0) {
    out += "<h3>Accepted risks</h3>\n<p><span id=\"risk-accepted\">" + std::to_string(accepted) +
           "</span> accepted by a waiver in force: not open, listed with the waiver's owner, last "
           "day and reason.</p>\n";
    table(out, listed, true, "risks-accepted");
  }
  return out;
}

}  // namespace hardock::risk
