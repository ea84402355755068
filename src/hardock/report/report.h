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

namespace hardock::report {

// Schema ids of hardock's own JSON documents (docs/json-schema.md). Readers
// reject a major version they do not know.
inline constexpr std::string_view kReportSchema = "hardock.report/2";
inline constexpr std::string_view kCatalogueSchema = "hardock.checks/2";
// Where SARIF consumers send users for more about the tool.
inline constexpr std::string_view kInformationUri = "https://github.com/hardock/hardock";

enum class Format { kTable, kJson, kSarif, kJunit, kMarkdown, kGnu, kCheckstyle };
enum class CatalogueFormat { kTable, kJson, kMarkdown };

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
};

struct RenderOptions {
  bool color = false;  // ANSI colour in the table format only
};

// Accepts "table", "json", "sarif", "junit", "markdown" (alias "md"), "gnu", "checkstyle", any
// case.
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

// Accepts "table", "json", "markdown" (alias "md"), any case.
[[nodiscard]] core::Result<CatalogueFormat> parse_catalogue_format(std::string_view name);

// The check catalogue for `hardock checks`, in the order given. The Markdown
// form is docs/checks.md: it carries no version or date, so it only changes
// when a check does.
std::string render_catalogue(CatalogueFormat format, std::span<const audit::Check* const> checks);

}  // namespace hardock::report
