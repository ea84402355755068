// hardock's own JSON documents: the report ("hardock.report/1") and the check
// catalogue ("hardock.checks/1"). docs/json-schema.md describes every field;
// change it with this file, and bump the major version for any change that an
// existing reader could misread (removing or retyping a field).
#include <nlohmann/json.hpp>

#include "hardock/report/writers.h"

namespace hardock::report::detail {
namespace {

using Json = nlohmann::ordered_json;

// An absent reference is null rather than "", so readers can tell it apart.
Json optional_string(std::string_view text) {
  return text.empty() ? Json(nullptr) : Json(std::string(text));
}

Json cobit_json(std::string_view practice_id, core::CobitDomain fallback) {
  const CobitRef ref = cobit_ref(practice_id, fallback);
  return Json{{"practice", std::string(ref.practice)},
              {"practice_name", std::string(ref.practice_name)},
              {"objective", std::string(ref.objective)},
              {"objective_name", std::string(ref.objective_name)},
              {"domain", std::string(core::to_string(ref.domain))}};
}

Json severity_counts(const std::map<core::Severity, int>& counts) {
  Json out = Json::object();
  for (core::Severity severity : core::kAllSeverities) {
    auto it = counts.find(severity);
    out[std::string(core::to_string(severity))] = it == counts.end() ? 0 : it->second;
  }
  return out;
}

// The fields a check has in both documents.
Json check_fields(const audit::Check& check) {
  const auto& info = check.info;
  return Json{{"code", std::string(info.code)},
              {"slug", std::string(info.slug)},
              {"title", std::string(info.title)},
              {"severity", std::string(core::to_string(info.severity))},
              {"target_kind", std::string(core::to_string(info.target_kind))},
              {"cis", optional_string(info.cis)},
              {"cobit", cobit_json(info.cobit, core::CobitDomain::kSecurity)}};
}

Json finding_json(const core::Finding& finding) {
  return Json{
      {"check", finding.check_code},
      {"slug", finding.slug},
      {"title", finding.title},
      {"severity", std::string(core::to_string(finding.severity))},
      {"status", std::string(core::to_string(finding.status))},
      {"target",
       {{"kind", std::string(core::to_string(finding.target.kind))},
        {"id", finding.target.id},
        {"name", finding.target.name}}},
      {"evidence", finding.evidence},
      {"remediation", finding.remediation},
      {"references",
       {{"cis", optional_string(finding.cis)},
        {"cobit", cobit_json(finding.cobit, finding.domain)}}},
  };
}

// Invalid UTF-8 from the engine becomes U+FFFD instead of an exception.
std::string dump(const Json& document) {
  return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string write_json(const ReportInput& input, const RenderOptions& /*options*/) {
  const auto& result = input.result;
  const SeverityCounts counts = count_findings(result.findings);

  Json by_severity = Json::object();
  for (core::Severity severity : core::kAllSeverities) {
    by_severity[std::string(core::to_string(severity))] = counts.at(severity);
  }
  Json by_domain = Json::array();
  for (const auto& domain : input.domains) {
    by_domain.push_back(Json{{"domain", std::string(core::to_string(domain.domain))},
                             {"title", std::string(core::domain_title(domain.domain))},
                             {"checks", domain.checks},
                             {"by_severity", severity_counts(domain.counts)},
                             {"errors", domain.errors},
                             {"score", domain.score}});
  }

  Json checks = Json::array();
  for (const audit::Check* check : result.checks_run) {
    Json entry = check_fields(*check);
    int findings = 0;
    for (const auto& finding : result.findings) {
      if (finding.check_code == check->info.code) ++findings;
    }
    entry["outcome"] = std::string(to_string(outcome_of(check->info.code, result.findings)));
    entry["findings"] = findings;
    checks.push_back(std::move(entry));
  }

  Json findings = Json::array();
  for (const core::Finding* finding : ordered_findings(result.findings)) {
    findings.push_back(finding_json(*finding));
  }

  const Json document{
      {"schema", std::string(kReportSchema)},
      {"tool", {{"name", "hardock"}, {"version", input.tool_version}}},
      {"engine",
       {{"endpoint", input.endpoint},
        {"version", input.engine_version},
        {"collected_at", input.collected_at},
        {"name", input.host_name}}},
      {"summary",
       {{"checks_run", result.checks_run.size()},
        {"findings", counts.failed()},
        {"could_not_check", counts.unchecked},
        {"by_severity", by_severity},
        {"by_domain", by_domain}}},
      {"checks", checks},
      {"findings", findings},
  };
  return dump(document);
}

std::string catalogue_json(std::span<const audit::Check* const> checks) {
  Json entries = Json::array();
  for (const audit::Check* check : checks) {
    Json entry = check_fields(*check);
    Json aliases = Json::array();
    for (std::string_view alias : split_aliases(check->info.aliases)) {
      aliases.push_back(std::string(alias));
    }
    entry["aliases"] = aliases;
    entry["description"] = std::string(check->info.description);
    entry["remediation"] = std::string(check->info.remediation);
    entries.push_back(std::move(entry));
  }
  return dump(Json{{"schema", std::string(kCatalogueSchema)}, {"checks", entries}});
}

}  // namespace hardock::report::detail
