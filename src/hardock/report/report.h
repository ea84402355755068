// Report writers: one per output format, chosen in one place (report.cpp).
//
// Writers turn an AuditResult into text; they never decide severity or policy
// and print evidence exactly as the checks gave it (redaction happens before
// this module). Output is deterministic: the same input renders the same bytes,
// whatever order the findings arrive in. Text from the engine is made safe for
// each format (valid UTF-8, XML/Markdown escaping, no terminal control codes).
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/audit/check.h"
#include "hardock/audit/run.h"
#include "hardock/core/result.h"

namespace hardock::trends {
struct Trends;
}

namespace hardock::report {

// Schema ids of hardock's own JSON documents (docs/json-schema.md). Readers
// reject a major version they do not know.
inline constexpr std::string_view kReportSchema = "hardock.report/2";
inline constexpr std::string_view kCatalogueSchema = "hardock.checks/2";
// Where SARIF consumers send users for more about the tool.
inline constexpr std::string_view kInformationUri = "https://github.com/hardock/hardock";

enum class Format { kTable, kJson, kSarif, kJunit, kMarkdown, kGnu, kCheckstyle, kHtml };
enum class CatalogueFormat { kTable, kJson, kMarkdown };

// A part of the HTML report that another module renders (the risk register's top risks, the
// drift since the baseline): its `html` is a fragment in which that module escaped every string
// (io::html_escape) and which loads nothing (no script, no URL). The writer places it by `id`:
// "risks" and "drift" have their place in kHtmlSections; any other id goes after them.
struct HtmlSection {
  std::string id;
  std::string title;
  std::string html;
};

// The HTML report's optional parts; each one absent is said so in its section, with how to get
// it. Other formats ignore them.
struct HtmlExtras {
  const trends::Trends* trends = nullptr;  // history: trends, time to fix, waivers
  std::vector<HtmlSection> sections;
  // How to get every finding when a check's list is cut ("hardock show 42 --format json").
  std::string full_list_command;
  std::string run_label;  // "run 42 of host web-1" when the report comes from the store
};

// The HTML report's sections, in order. Optional ones say so when their input is absent.
inline constexpr std::string_view kHtmlSections[] = {
    "summary", "scorecards", "trends", "risks", "drift", "waivers", "findings", "unchecked"};

// At most this many findings of one check are listed in the HTML report (the count is always
// the whole one): 10,000 containers fit in a few megabytes.
inline constexpr std::size_t kHtmlFindingsPerCheck = 200;
// Evidence longer than this is cut (io::truncate names the full length).
inline constexpr std::size_t kHtmlEvidenceBytes = 2048;

struct ReportInput {
  std::string tool_version;
  std::string endpoint;        // "unix:///var/run/docker.sock"
  std::string collected_at;    // RFC 3339 UTC, from the snapshot
  std::string engine_version;  // "24.0.7"
  std::string host_name;       // the engine's host name
  const audit::AuditResult& result;
  std::vector<audit::DomainSummary> domains;  // audit::summarize_domains(result)
  // `hardock lint`: the files linted, comma-separated (the headers name them, not an engine).
  std::string files_linted = {};
  // The HTML report's optional parts; nullptr: none.
  const HtmlExtras* html = nullptr;
  // A stored run's report (hardock show, hardock report): when the run started, RFC 3339 UTC;
  // `collected_at` is then the stored snapshot's, empty without one. Empty for a live run.
  std::string started_at = {};
};

struct RenderOptions {
  bool color = false;  // ANSI colour in the table format only
};

// Accepts "table", "json", "sarif", "junit", "markdown" (alias "md"), "gnu", "checkstyle",
// "html", any case.
// Fails with kInvalidArgument naming the accepted values.
[[nodiscard]] core::Result<Format> parse_format(std::string_view name);
std::string_view to_string(Format format);

// Renders the whole report. Never fails: every input has a rendering.
std::string render(Format format, const ReportInput& input, const RenderOptions& options);

// Where a report goes as it is written: one chunk (about 1 MiB) after another.
using ReportDrain = std::function<void(std::string_view)>;

// Renders the report into `drain` a chunk at a time: the same bytes as render(), without holding
// a report of hundreds of megabytes (a fleet of 100,000 containers) in memory.
void render(Format format, const ReportInput& input, const RenderOptions& options,
            const ReportDrain& drain);

// The GNU format's line for each finding, in the order given (write it in file order,
// core::file_before, as the gnu report does): for `hardock lint -f gnu`, which writes a batch
// of files' lines as soon as the batch is judged. The same bytes as the gnu report's lines.
void append_gnu_lines(std::string& out, std::span<const core::Finding* const> findings);

// Accepts "table", "json", "markdown" (alias "md"), any case.
[[nodiscard]] core::Result<CatalogueFormat> parse_catalogue_format(std::string_view name);

// The check catalogue for `hardock checks`, in the order given. The Markdown
// form is docs/checks.md: it carries no version or date, so it only changes
// when a check does.
std::string render_catalogue(CatalogueFormat format, std::span<const audit::Check* const> checks);

}  // namespace hardock::report
