// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
//
// GitHub's constraints shape this file: every result needs a location whose
// artifactLocation.uri is a repository-relative path (a scheme such as
// docker:// is rejected), so a target becomes the path-like
// "docker/<kind>s/<name>" at line 1 plus a logical location naming the
// resource. Fingerprints hash the check code with the target's kind and name,
// not its id: a redeployed container gets a new id but is the same problem.
// Findings whose check could not look are tool execution notifications, not
// results, so they never raise code-scanning alerts.
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "hardock/report/writers.h"

namespace hardock::report::detail {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kSarifSchemaUri =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

std::string_view level(core::Severity severity) {
  switch (severity) {
    case core::Severity::kCritical:
    case core::Severity::kHigh:
      return "error";
    case core::Severity::kMedium:
      return "warning";
    case core::Severity::kLow:
    case core::Severity::kInfo:
      return "note";
  }
  return "warning";
}

// GitHub ranks alerts by this CVSS-like score: >= 9.0 critical, >= 7.0 high,
// >= 4.0 medium, else low.
std::string_view security_severity(core::Severity severity) {
  switch (severity) {
    case core::Severity::kCritical:
      return "9.5";
    case core::Severity::kHigh:
      return "8.0";
    case core::Severity::kMedium:
      return "5.5";
    case core::Severity::kLow:
      return "3.0";
    case core::Severity::kInfo:
      return "0.0";
  }
  return "0.0";
}

std::string_view kind_folder(core::TargetKind kind) {
  switch (kind) {
    case core::TargetKind::kEngine:
      return "engine";
    case core::TargetKind::kDaemon:
      return "daemon";
    case core::TargetKind::kContainer:
      return "containers";
    case core::TargetKind::kNetwork:
      return "networks";
    case core::TargetKind::kImage:
      return "images";
    case core::TargetKind::kHost:
      return "host";
    case core::TargetKind::kDockerfile:
      return "dockerfiles";
  }
  return "other";
}

const std::string& target_label(const core::Target& target) {
  return target.name.empty() ? target.id : target.name;
}

// A file as a URI reference: each path segment percent-encoded, an absolute path as file://.
std::string file_uri(std::string_view path) {
  std::string out = path.starts_with('/') ? "file://" : "";
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = std::min(path.find('/', start), path.size());
    const std::string_view segment = path.substr(start, slash - start);
    if (!segment.empty()) out += uri_segment(segment);
    if (slash == path.size()) break;
    out += '/';
    start = slash + 1;
  }
  return out;
}

// A finding about a file points at its region there (code scanning shows it on the line).
Json file_location(const core::Finding& finding) {
  const core::SourceLocation& at = finding.location;
  Json region{{"startLine", std::max<std::uint32_t>(at.line, 1)}};
  if (at.column > 0) region["startColumn"] = at.column;
  if (at.end_line > 0) region["endLine"] = at.end_line;
  if (at.end_column > 0) region["endColumn"] = at.end_column;
  Json location{{"physicalLocation",
                 {{"artifactLocation", {{"uri", file_uri(at.file)}}}, {"region", region}}}};
  if (finding.target.kind != core::TargetKind::kDockerfile) {
    const std::string& label = target_label(finding.target);
    location["logicalLocations"] = Json::array({Json{
        {"name", label},
        {"fullyQualifiedName", std::string(core::to_string(finding.target.kind)) + "/" + label},
        {"kind", "resource"},
    }});
  }
  return location;
}

Json location(const core::Target& target) {
  const std::string& label = target_label(target);
  return Json{
      {"physicalLocation",
       {{"artifactLocation",
         {{"uri", "docker/" + std::string(kind_folder(target.kind)) + "/" + uri_segment(label)}}},
        {"region", {{"startLine", 1}}}}},
      {"logicalLocations",
       Json::array({Json{
           {"name", label},
           {"fullyQualifiedName", std::string(core::to_string(target.kind)) + "/" + label},
           {"kind", "resource"},
       }})},
  };
}

struct RuleSource {
  std::string code;
  std::string slug;
  std::string title;
  std::string description;
  std::string remediation;
  core::Severity severity = core::Severity::kMedium;
  std::string cis;
  std::string cobit;
  core::CobitDomain domain = core::CobitDomain::kSecurity;
  std::string equivalents;  // hadolint, ShellCheck, Trivy ids
};

RuleSource rule_from_check(const audit::Check& check) {
  const auto& info = check.info;
  return {std::string(info.code),        std::string(info.slug),
          std::string(info.title),       std::string(info.description),
          std::string(info.remediation), info.severity,
          std::string(info.cis),         std::string(info.cobit),
          cobit_ref(info.cobit).domain,  std::string(info.equivalents)};
}

// A finding from a check that is not in checks_run still needs a rule.
RuleSource rule_from_finding(const core::Finding& finding) {
  return {std::string(finding.check_code),
          std::string(finding.slug),
          std::string(finding.title),
          std::string(finding.title),
          std::string(finding.remediation),
          finding.severity,
          finding.cis,
          std::string(finding.cobit),
          finding.domain,
          {}};
}

Json rule_json(const RuleSource& rule) {
  const CobitRef ref = cobit_ref(rule.cobit, rule.domain);
  std::string cobit_text = std::string(ref.practice);
  if (!ref.practice_name.empty()) cobit_text += " " + std::string(ref.practice_name);
  if (!ref.objective_name.empty()) {
    cobit_text += " (" + std::string(ref.objective) + " " + std::string(ref.objective_name) + ")";
  }

  std::string help_text = "Remediation: " + rule.remediation + "\n";
  std::string help_markdown = "**Remediation:** " + markdown_escape(rule.remediation) + "\n\n";
  if (!rule.cis.empty()) {
    help_text += "CIS Docker Benchmark: " + rule.cis + "\n";
    help_markdown += "**CIS Docker Benchmark:** " + markdown_escape(rule.cis) + "\n\n";
  }
  help_text += "COBIT 2019: " + cobit_text + "\n";
  help_markdown += "**COBIT 2019:** " + markdown_escape(cobit_text) + "\n";
  if (!rule.equivalents.empty()) {
    help_text += "Equivalent rules: " + rule.equivalents + "\n";
    help_markdown += "\n**Equivalent rules:** " + markdown_escape(rule.equivalents) + "\n";
  }

  Json tags = Json::array({"security"});
  if (!rule.cis.empty()) tags.push_back("cis-" + rule.cis);
  if (!rule.cobit.empty()) tags.push_back("cobit-" + rule.cobit);
  tags.push_back("cobit-domain-" + std::string(core::to_string(ref.domain)));

  Json json{
      {"id", rule.code},
      {"name", rule.slug},
      {"shortDescription", {{"text", rule.title}}},
      {"fullDescription", {{"text", rule.description.empty() ? rule.title : rule.description}}},
      {"help", {{"text", help_text}, {"markdown", help_markdown}}},
      {"defaultConfiguration", {{"level", std::string(level(rule.severity))}}},
      {"properties",
       {{"tags", tags},
        {"security-severity", std::string(security_severity(rule.severity))},
        {"severity", std::string(core::to_string(rule.severity))},
        {"cis", rule.cis},
        {"cobit",
         {{"practice", std::string(ref.practice)},
          {"objective", std::string(ref.objective)},
          {"domain", std::string(core::to_string(ref.domain))}}}}},
  };
  if (!rule.equivalents.empty()) {
    Json ids = Json::array();
    for (const auto id : split_aliases(rule.equivalents)) ids.push_back(std::string(id));
    json["properties"]["equivalents"] = ids;
  }
  return json;
}

std::string message_text(const core::Finding& finding) {
  const std::string& label = target_label(finding.target);
  std::string text = std::string(core::to_string(finding.target.kind));
  if (!label.empty()) text += " " + label;
  return text + ": " + finding.evidence;
}

}  // namespace

void write_sarif(const ReportInput& input, const RenderOptions& /*options*/, Output& out) {
  const auto& result = input.result;
  const auto ordered = ordered_findings(result.findings);

  // One rule per selected check, in registry order, then any orphan codes in finding order.
  std::vector<RuleSource> rules;
  for (const auto& check_result : result.checks) {
    rules.push_back(rule_from_check(*check_result.check));
  }
  // By code, looked up once per finding (a scan of every rule per finding cost O(findings x
  // checks) at 100,000 containers).
  std::unordered_map<std::string, int> rule_by_code;
  for (std::size_t index = 0; index < rules.size(); ++index) {
    rule_by_code.try_emplace(std::string(rules[index].code), static_cast<int>(index));
  }
  auto rule_index = [&rule_by_code](std::string_view code) -> int {
    auto found = rule_by_code.find(std::string(code));
    return found == rule_by_code.end() ? -1 : found->second;
  };
  for (const core::Finding* finding : ordered) {
    if (rule_index(finding->check_code) >= 0) continue;
    rule_by_code.try_emplace(std::string(finding->check_code), static_cast<int>(rules.size()));
    rules.push_back(rule_from_finding(*finding));
  }

  Json rules_json = Json::array();
  for (const auto& rule : rules) rules_json.push_back(rule_json(rule));

  Json results = Json::array();
  Json notifications = Json::array();
  // A rule with no result reads as passed; a check that did not run says why instead.
  for (const auto& check_result : result.checks) {
    if (check_result.outcome != audit::Outcome::kNotRun) continue;
    notifications.push_back(Json{
        {"level", "warning"},
        {"message",
         {{"text", "not run: " + std::string(check_result.check->info.code) + " " +
                       std::string(check_result.check->info.title) + ": " + check_result.reason}}},
        {"associatedRule",
         {{"id", std::string(check_result.check->info.code)},
          {"index", rule_index(std::string(check_result.check->info.code))}}},
    });
  }
  for (const core::Finding* finding : ordered) {
    const int index = rule_index(finding->check_code);
    if (is_unchecked(*finding)) {
      notifications.push_back(Json{
          {"level", finding->status == core::FindingStatus::kError ? "error" : "note"},
          {"message",
           {{"text", "could not check (" + std::string(core::to_string(finding->status)) +
                         "): " + message_text(*finding)}}},
          {"locations", Json::array({finding->location.empty() ? location(finding->target)
                                                               : file_location(*finding)})},
          {"associatedRule", {{"id", finding->check_code}, {"index", index}}},
      });
      continue;
    }
    std::string identity = std::string(finding->check_code) + '\n' +
                           std::string(core::to_string(finding->target.kind)) + '\n' +
                           target_label(finding->target);
    // Several findings of one rule in one file differ by what they quote, not by line (a line
    // number moves with every edit above it).
    if (!finding->location.empty()) identity += '\n' + finding->evidence;
    Json sarif_result{
        {"ruleId", finding->check_code},
        {"ruleIndex", index},
        {"kind", "fail"},
        {"level", std::string(level(finding->severity))},
        {"message", {{"text", message_text(*finding)}}},
        {"locations", Json::array({finding->location.empty() ? location(finding->target)
                                                             : file_location(*finding)})},
        {"partialFingerprints", {{"hardockFinding/v1", fingerprint(identity)}}},
        {"properties",
         {{"severity", std::string(core::to_string(finding->severity))},
          {"target",
           {{"kind", std::string(core::to_string(finding->target.kind))},
            {"id", finding->target.id},
            {"name", finding->target.name}}},
          {"remediation", finding->remediation}}},
    };
    // An accepted risk: SARIF's suppression, decided outside the tool, with who and until when.
    if (finding->accepted) {
      sarif_result["suppressions"] = Json::array({Json{
          {"kind", "external"},
          {"status", "accepted"},
          {"justification", finding->accepted->text()},
          {"properties",
           {{"owner", finding->accepted->owner},
            {"until", finding->accepted->until},
            {"source", finding->accepted->source}}},
      }});
    }
    results.push_back(std::move(sarif_result));
  }

  Json document{
      {"$schema", std::string(kSarifSchemaUri)},
      {"version", "2.1.0"},
      {"runs", Json::array({Json{
                   {"tool",
                    {{"driver",
                      {{"name", "hardock"},
                       {"version", input.tool_version},
                       {"informationUri", std::string(kInformationUri)},
                       {"rules", rules_json}}}}},
                   {"invocations", Json::array({Json{
                                       {"executionSuccessful", true},
                                       {"toolExecutionNotifications", notifications},
                                   }})},
                   {"results", results},
                   {"properties",
                    {{"engine",
                      {{"endpoint", input.endpoint},
                       {"version", input.engine_version},
                       {"collected_at", input.collected_at},
                       {"name", input.host_name}}}}},
               }})},
  };
  if (!input.started_at.empty()) {
    document["runs"][0]["invocations"][0]["startTimeUtc"] = input.started_at;
  }
  out.text += document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace hardock::report::detail
