// Internal to the report module: the writers that report.cpp lists, and the
// helpers they share (ordering, per-check outcome, COBIT lookups, escaping).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/io/escape.h"
#include "hardock/report/report.h"

namespace hardock::report::detail {

// The text a writer produces. Writers append to `text` and call spill() where a chunk may end
// (between findings); once `text` holds a chunk it goes to `drain` and is cleared, so a report
// of a million findings never sits whole in memory. Without a drain `text` keeps it all.
struct Output {
  static constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
  std::string text;
  const ReportDrain* drain = nullptr;

  void spill() {
    if (drain != nullptr && text.size() >= kChunkBytes) flush();
  }
  void flush() {
    if (drain == nullptr || text.empty()) return;
    (*drain)(text);
    text.clear();
  }
};

// One writer per format; report.cpp maps format names to these. Table, JSON, SARIF and Markdown
// spill between findings; JUnit is written whole (its headers count what follows).
void write_table(const ReportInput& input, const RenderOptions& options, Output& out);
void write_json(const ReportInput& input, const RenderOptions& options, Output& out);
void write_sarif(const ReportInput& input, const RenderOptions& options, Output& out);
void write_junit(const ReportInput& input, const RenderOptions& options, Output& out);
void write_markdown(const ReportInput& input, const RenderOptions& options, Output& out);
void write_gnu(const ReportInput& input, const RenderOptions& options, Output& out);
void write_checkstyle(const ReportInput& input, const RenderOptions& options, Output& out);
void write_html(const ReportInput& input, const RenderOptions& options, Output& out);

class JsonStream;
// The engine (or lint run) a report is about, as members of the open JSON object: endpoint,
// version, collected_at, name (the JSON report's "engine", SARIF's run properties).
void engine_members(JsonStream& json, const ReportInput& input);

// ordered_findings(), then those with a source file by file, line and column (gnu, checkstyle).
std::vector<const core::Finding*> findings_by_file(const std::vector<core::Finding>& findings);

std::string catalogue_table(std::span<const audit::Check* const> checks);
std::string catalogue_json(std::span<const audit::Check* const> checks);
std::string catalogue_markdown(std::span<const audit::Check* const> checks);

// Findings in report order: severity (critical first), code, target kind,
// target name, target id, evidence, status. Total, so output never depends on
// the order checks produced them in.
std::vector<const core::Finding*> ordered_findings(const std::vector<core::Finding>& findings);
// The order ordered_findings() sorts by: true when `a` comes before `b`.
bool report_order(const core::Finding* a, const core::Finding* b);

bool is_unchecked(const core::Finding& finding);  // status error or skipped

// What the findings of a check that the result does not list say (a report built from
// findings alone): any failing finding makes it kFail; otherwise an error makes it kError; only
// skipped findings, kSkipped. Checks the runner ran carry their outcome in AuditResult.
audit::Outcome outcome_of(std::string_view check_code, const std::vector<core::Finding>& findings);

// The practice behind a "DSS05.03" id; an unknown id keeps the id and has empty
// names, with the domain the caller supplies.
struct CobitRef {
  std::string_view practice;
  std::string_view practice_name;
  std::string_view objective;
  std::string_view objective_name;
  core::CobitDomain domain = core::CobitDomain::kSecurity;
};
CobitRef cobit_ref(std::string_view practice_id,
                   core::CobitDomain fallback = core::CobitDomain::kSecurity);

// Fails/unchecked finding counts per severity, in kAllSeverities order.
struct SeverityCounts {
  int by_severity[5] = {0, 0, 0, 0, 0};  // indexed by static_cast<int>(Severity)
  int unchecked = 0;
  int accepted = 0;  // failing findings accepted by a waiver (also in by_severity: reported)
  [[nodiscard]] int at(core::Severity severity) const {
    return by_severity[static_cast<int>(severity)];
  }
  [[nodiscard]] int failed() const;
};
SeverityCounts count_findings(const std::vector<core::Finding>& findings);

// " [accepted: owner until DATE: reason]" for an accepted finding, "" otherwise.
std::string accepted_suffix(const core::Finding& finding);

// The former slugs of a check, from its comma-separated `aliases`.
std::vector<std::string_view> split_aliases(std::string_view aliases);

// "container web (3f2a1b2c3d4e)": kind, name, and the id when it differs
// (64-hex ids shortened to 12 like the docker CLI does).
std::string describe_target(const core::Target& target);
// "Dockerfile:12:5" for a Dockerfile finding; "container web at compose.yml:7:5" for a finding
// about a declared object; describe_target() for a finding about a live object.
std::string describe_where(const core::Finding& finding);
// "FILE:LINE:COLUMN" (the parts known).
std::string source_position(const core::SourceLocation& at);

// --- text safety: the io module's escaping, one function per output language ---
using io::display_width;
using io::markdown_escape;
using io::terminal_safe;
using io::valid_utf8;
using io::xml_escape;
// Percent-encodes everything but RFC 3986 unreserved characters; "" -> "_".
std::string uri_segment(std::string_view text);
// Terminal listings wrap at this width.
inline constexpr std::size_t kTextWidth = 100;
// Wraps at spaces so that no line exceeds `width` columns (a longer word
// overflows); continuation lines start with `indent`.
std::string wrap(std::string_view text, std::size_t width, std::string_view indent);

// 64-bit FNV-1a as 16 lower-case hex digits: a stable, portable fingerprint
// (not a security hash: it only names findings across runs).
std::string fingerprint(std::string_view text);

}  // namespace hardock::report::detail
