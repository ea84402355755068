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
#include <unordered_map>

#include "hardock/report/json_stream.h"
#include "hardock/report/parallel_render.h"
#include "hardock/report/writers.h"

namespace hardock::report::detail {
namespace {

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

void logical_location(JsonStream& json, const core::Target& target) {
  const std::string& label = target_label(target);
  json.key("logicalLocations")
      .begin_array()
      .begin_object()
      .field("name", label)
      .field("fullyQualifiedName", std::string(core::to_string(target.kind)) + "/" + label)
      .field("kind", "resource")
      .end_object()
      .end_array();
}

// A finding about a file points at its region there (code scanning shows it on the line).
void file_location(JsonStream& json, const core::Finding& finding) {
  const core::SourceLocation& at = finding.location;
  json.begin_object()
      .key("physicalLocation")
      .begin_object()
      .key("artifactLocation")
      .begin_object()
      .field("uri", file_uri(at.file))
      .end_object()
      .key("region")
      .begin_object()
      .field("startLine", std::size_t{std::max<std::uint32_t>(at.line, 1)});
  if (at.column > 0) json.field("startColumn", std::size_t{at.column});
  if (at.end_line > 0) json.field("endLine", std::size_t{at.end_line});
  if (at.end_column > 0) json.field("endColumn", std::size_t{at.end_column});
  json.end_object().end_object();
  if (finding.target.kind != core::TargetKind::kDockerfile) {
    logical_location(json, finding.target);
  }
  json.end_object();
}

void target_location(JsonStream& json, const core::Target& target) {
  json.begin_object()
      .key("physicalLocation")
      .begin_object()
      .key("artifactLocation")
      .begin_object()
      .field("uri", "docker/" + std::string(kind_folder(target.kind)) + "/" +
                        uri_segment(target_label(target)))
      .end_object()
      .key("region")
      .begin_object()
      .field("startLine", 1)
      .end_object()
      .end_object();
  logical_location(json, target);
  json.end_object();
}

void locations(JsonStream& json, const core::Finding& finding) {
  json.key("locations").begin_array();
  if (finding.location.empty()) {
    target_location(json, finding.target);
  } else {
    file_location(json, finding);
  }
  json.end_array();
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

void rule_json(JsonStream& json, const RuleSource& rule) {
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

  json.begin_object()
      .field("id", rule.code)
      .field("name", rule.slug)
      .key("shortDescription")
      .begin_object()
      .field("text", rule.title)
      .end_object()
      .key("fullDescription")
      .begin_object()
      .field("text", rule.description.empty() ? rule.title : rule.description)
      .end_object()
      .key("help")
      .begin_object()
      .field("text", help_text)
      .field("markdown", help_markdown)
      .end_object()
      .key("defaultConfiguration")
      .begin_object()
      .field("level", level(rule.severity))
      .end_object()
      .key("properties")
      .begin_object()
      .key("tags")
      .begin_array()
      .value("security");
  if (!rule.cis.empty()) json.value("cis-" + rule.cis);
  if (!rule.cobit.empty()) json.value("cobit-" + rule.cobit);
  json.value("cobit-domain-" + std::string(core::to_string(ref.domain)))
      .end_array()
      .field("security-severity", security_severity(rule.severity))
      .field("severity", core::to_string(rule.severity))
      .field("cis", rule.cis)
      .key("cobit")
      .begin_object()
      .field("practice", ref.practice)
      .field("objective", ref.objective)
      .field("domain", core::to_string(ref.domain))
      .end_object();
  if (!rule.equivalents.empty()) {
    json.key("equivalents").begin_array();
    for (const auto id : split_aliases(rule.equivalents)) json.value(id);
    json.end_array();
  }
  json.end_object().end_object();
}

std::string message_text(const core::Finding& finding) {
  const std::string& label = target_label(finding.target);
  std::string text = std::string(core::to_string(finding.target.kind));
  if (!label.empty()) text += " " + label;
  return text + ": " + finding.evidence;
}

// One result: a failing (or accepted) finding of a check that looked.
void result_object(JsonStream& json, const core::Finding& finding, int index) {
  std::string identity = std::string(finding.check_code) + '\n' +
                         std::string(core::to_string(finding.target.kind)) + '\n' +
                         target_label(finding.target);
  // Several findings of one rule in one file differ by what they quote, not by line (a line
  // number moves with every edit above it).
  if (!finding.location.empty()) identity += '\n' + finding.evidence;
  json.begin_object()
      .field("ruleId", finding.check_code)
      .field("ruleIndex", index)
      .field("kind", "fail")
      .field("level", level(finding.severity))
      .key("message")
      .begin_object()
      .field("text", message_text(finding))
      .end_object();
  locations(json, finding);
  json.key("partialFingerprints")
      .begin_object()
      .field("hardockFinding/v1", fingerprint(identity))
      .end_object()
      .key("properties")
      .begin_object()
      .field("severity", core::to_string(finding.severity))
      .key("target")
      .begin_object()
      .field("kind", core::to_string(finding.target.kind))
      .field("id", finding.target.id)
      .field("name", finding.target.name)
      .end_object()
      .field("remediation", finding.remediation)
      .end_object();
  // An accepted risk: SARIF's suppression, decided outside the tool, with who and until when.
  if (finding.accepted) {
    json.key("suppressions")
        .begin_array()
        .begin_object()
        .field("kind", "external")
        .field("status", "accepted")
        .field("justification", finding.accepted->text())
        .key("properties")
        .begin_object()
        .field("owner", finding.accepted->owner)
        .field("until", finding.accepted->until)
        .field("source", finding.accepted->source)
        .end_object()
        .end_object()
        .end_array();
  }
  json.end_object();
}

}  // namespace

// Streamed as the JSON report is (JsonStream, the results formatted on every core): built as one
// nlohmann document, a lint of 10,000 Dockerfiles took 1 GB and most of a minute.
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
  // Each finding's rule, and the findings that are results (not could-not-check notes).
  std::vector<int> index_of(ordered.size());
  std::vector<std::size_t> results;
  results.reserve(ordered.size());
  // The last code's index: findings of a check come together.
  std::string_view last_code;
  int last_index = -1;
  for (std::size_t at = 0; at < ordered.size(); ++at) {
    const core::Finding& finding = *ordered[at];
    if (at == 0 || finding.check_code != last_code) {
      last_index = rule_index(finding.check_code);
      if (last_index < 0) {
        last_index = static_cast<int>(rules.size());
        rule_by_code.try_emplace(std::string(finding.check_code), last_index);
        rules.push_back(rule_from_finding(finding));
      }
      last_code = finding.check_code;
    }
    index_of[at] = last_index;
    if (!is_unchecked(finding)) results.push_back(at);
  }

  JsonStream json(out.text);
  json.begin_object()
      .field("$schema", kSarifSchemaUri)
      .field("version", "2.1.0")
      .key("runs")
      .begin_array()
      .begin_object()
      .key("tool")
      .begin_object()
      .key("driver")
      .begin_object()
      .field("name", "hardock")
      .field("version", input.tool_version)
      .field("informationUri", kInformationUri)
      .key("rules")
      .begin_array();
  for (const auto& rule : rules) rule_json(json, rule);
  json.end_array().end_object().end_object();

  json.key("invocations")
      .begin_array()
      .begin_object()
      .field("executionSuccessful", true)
      .key("toolExecutionNotifications")
      .begin_array();
  // A rule with no result reads as passed; a check that did not run says why instead.
  for (const auto& check_result : result.checks) {
    if (check_result.outcome != audit::Outcome::kNotRun) continue;
    json.begin_object()
        .field("level", "warning")
        .key("message")
        .begin_object()
        .field("text", "not run: " + std::string(check_result.check->info.code) + " " +
                           std::string(check_result.check->info.title) + ": " + check_result.reason)
        .end_object()
        .key("associatedRule")
        .begin_object()
        .field("id", check_result.check->info.code)
        .field("index", rule_index(check_result.check->info.code))
        .end_object()
        .end_object();
  }
  for (std::size_t at = 0; at < ordered.size(); ++at) {
    const core::Finding& finding = *ordered[at];
    if (!is_unchecked(finding)) continue;
    json.begin_object()
        .field("level", finding.status == core::FindingStatus::kError ? "error" : "note")
        .key("message")
        .begin_object()
        .field("text", "could not check (" + std::string(core::to_string(finding.status)) +
                           "): " + message_text(finding))
        .end_object();
    locations(json, finding);
    json.key("associatedRule")
        .begin_object()
        .field("id", finding.check_code)
        .field("index", index_of[at])
        .end_object()
        .end_object();
    out.spill();  // a fleet's could-not-check notes are many too
  }
  json.end_array();
  if (!input.started_at.empty()) json.field("startTimeUtc", input.started_at);
  json.end_object().end_array();

  json.key("results").begin_array();
  out.spill();  // JsonStream only appends: what is written may go
  render_in_order(
      results.size(),
      [&](std::size_t first, std::size_t last, std::string& text) {
        JsonStream chunk = json.continued_in(text, first > 0);
        for (std::size_t at = first; at < last; ++at) {
          result_object(chunk, *ordered[results[at]], index_of[results[at]]);
        }
      },
      out);
  if (!results.empty()) json.mark_filled();
  json.end_array().key("properties").begin_object().key("engine").begin_object();
  engine_members(json, input);
  json.end_object().end_object().end_object().end_array().end_object();
  out.text += '\n';
}

}  // namespace hardock::report::detail
