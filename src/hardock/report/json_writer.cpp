// hardock's own JSON documents: the report ("hardock.report/2") and the check
// catalogue ("hardock.checks/2"). docs/json-schema.md describes every field;
// change it with this file, and bump the major version for any change that an
// existing reader could misread (removing or retyping a field).
#include "hardock/report/json_stream.h"
#include "hardock/report/parallel_render.h"
#include "hardock/report/writers.h"

namespace hardock::report::detail {
namespace {

void cobit_object(JsonStream& json, std::string_view practice_id, core::CobitDomain fallback) {
  const CobitRef ref = cobit_ref(practice_id, fallback);
  json.begin_object()
      .field("practice", ref.practice)
      .field("practice_name", ref.practice_name)
      .field("objective", ref.objective)
      .field("objective_name", ref.objective_name)
      .field("domain", core::to_string(ref.domain))
      .end_object();
}

void severity_counts(JsonStream& json, const std::map<core::Severity, int>& counts) {
  json.begin_object();
  for (core::Severity severity : core::kAllSeverities) {
    auto it = counts.find(severity);
    json.field(core::to_string(severity), it == counts.end() ? 0 : it->second);
  }
  json.end_object();
}

// The fields a check has in both documents (the caller opened the object).
void check_fields(JsonStream& json, const audit::Check& check) {
  const auto& info = check.info;
  json.field("code", info.code)
      .field("slug", info.slug)
      .field("title", info.title)
      .field("severity", core::to_string(info.severity))
      .field("target_kind", core::to_string(info.target_kind))
      .key("cis")
      .optional(info.cis)
      .key("cobit");
  cobit_object(json, info.cobit, core::CobitDomain::kSecurity);
}

void finding_object(JsonStream& json, const core::Finding& finding) {
  json.begin_object()
      .field("check", finding.check_code)
      .field("slug", finding.slug)
      .field("title", finding.title)
      .field("severity", core::to_string(finding.severity))
      .field("status", core::to_string(finding.status))
      .key("target")
      .begin_object()
      .field("kind", core::to_string(finding.target.kind))
      .field("id", finding.target.id)
      .field("name", finding.target.name)
      .end_object()
      .field("evidence", finding.evidence)
      .field("remediation", finding.remediation);
  if (!finding.location.empty()) {
    const core::SourceLocation& at = finding.location;
    json.key("location")
        .begin_object()
        .field("file", at.file)
        .field("line", std::size_t{at.line})
        .field("column", std::size_t{at.column});
    if (at.end_line > 0) json.field("end_line", std::size_t{at.end_line});
    if (at.end_column > 0) json.field("end_column", std::size_t{at.end_column});
    json.end_object();
  }
  if (finding.accepted) {
    json.key("accepted")
        .begin_object()
        .field("owner", finding.accepted->owner)
        .field("until", finding.accepted->until)
        .field("reason", finding.accepted->reason)
        .field("source", finding.accepted->source)
        .end_object();
  }
  json.key("references").begin_object().key("cis").optional(finding.cis).key("cobit");
  cobit_object(json, finding.cobit, finding.domain);
  json.end_object().end_object();
}

}  // namespace

void write_json(const ReportInput& input, const RenderOptions& /*options*/, Output& sink) {
  const auto& result = input.result;
  const SeverityCounts counts = count_findings(result.findings);
  std::string& out = sink.text;
  JsonStream json(out);
  json.begin_object()
      .field("schema", kReportSchema)
      .key("tool")
      .begin_object()
      .field("name", "hardock")
      .field("version", input.tool_version)
      .end_object()
      .key("engine")
      .begin_object()
      .field("endpoint", input.endpoint)
      .field("version", input.engine_version)
      .field("collected_at", input.collected_at)
      .field("name", input.host_name);
  if (!input.started_at.empty()) json.field("started_at", input.started_at);
  json.end_object();

  json.key("summary")
      .begin_object()
      .field("checks_run", result.checks_run())
      .field("checks_not_run", result.count(audit::Outcome::kNotRun))
      .field("findings", counts.failed())
      .field("accepted", counts.accepted)
      .field("could_not_check", counts.unchecked)
      .key("by_severity")
      .begin_object();
  for (core::Severity severity : core::kAllSeverities) {
    json.field(core::to_string(severity), counts.at(severity));
  }
  json.end_object().key("by_domain").begin_array();
  for (const auto& domain : input.domains) {
    json.begin_object()
        .field("domain", core::to_string(domain.domain))
        .field("title", core::domain_title(domain.domain))
        .field("checks", domain.checks)
        .field("passed", domain.passed)
        .field("failed", domain.failed)
        .field("errored", domain.errored)
        .field("skipped", domain.skipped)
        .field("not_run", domain.not_run)
        .key("by_severity");
    severity_counts(json, domain.counts);
    json.field("errors", domain.errors).key("score");
    if (domain.score) {
      json.value(*domain.score);
    } else {
      json.null();
    }
    json.end_object();
  }
  json.end_array().end_object();

  json.key("checks").begin_array();
  for (const audit::CheckResult& check_result : result.checks) {
    json.begin_object();
    check_fields(json, *check_result.check);
    json.field("outcome", audit::to_string(check_result.outcome))
        .field("findings", check_result.findings);
    if (check_result.outcome == audit::Outcome::kNotRun) json.field("reason", check_result.reason);
    json.end_object();
  }
  json.end_array();

  json.key("findings").begin_array();
  const auto ordered = ordered_findings(result.findings);
  sink.spill();  // JsonStream only appends: what is written may go
  render_in_order(
      ordered.size(),
      [&](std::size_t first, std::size_t last, std::string& text) {
        JsonStream chunk = json.continued_in(text, first > 0);
        for (std::size_t at = first; at < last; ++at) finding_object(chunk, *ordered[at]);
      },
      sink);
  if (!ordered.empty()) json.mark_filled();
  json.end_array().end_object();
  out += '\n';
}

std::string catalogue_json(std::span<const audit::Check* const> checks) {
  std::string out;
  JsonStream json(out);
  json.begin_object().field("schema", kCatalogueSchema).key("checks").begin_array();
  for (const audit::Check* check : checks) {
    json.begin_object();
    check_fields(json, *check);
    json.key("aliases").begin_array();
    for (std::string_view alias : split_aliases(check->info.aliases)) json.value(alias);
    json.end_array().key("equivalents").begin_array();
    for (std::string_view id : split_aliases(check->info.equivalents)) json.value(id);
    json.end_array()
        .field("description", check->info.description)
        .field("remediation", check->info.remediation)
        .end_object();
  }
  json.end_array().end_object();
  out += '\n';
  return out;
}

}  // namespace hardock::report::detail
