#include "hardock/lint/lint.h"

#include <algorithm>
#include <map>

#include "hardock/audit/registry.h"
#include "hardock/dockerfile/subject.h"
#include "hardock/io/escape.h"

namespace hardock::lint {
namespace {

constexpr std::string_view kShellcheckCode = "HDK-B-060";
constexpr std::string_view kUntrustedBaseCode = "HDK-B-004";

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The checks a lint run selects by default: every Dockerfile check, ShellCheck's only when asked
// for, the registry allow list's only when there is a list to judge by.
std::vector<std::string> default_selection(const LintRequest& request) {
  std::vector<std::string> only;
  for (const audit::Check* check : audit::all_checks()) {
    if (check->needs != audit::Input::kDockerfile) continue;
    if (check->info.code == kShellcheckCode && !request.shellcheck) continue;
    if (check->info.code == kUntrustedBaseCode && request.config.trusted_registries.empty()) {
      continue;
    }
    only.emplace_back(check->info.code);
  }
  return only;
}

// What inline pragmas say for one Dockerfile: per instruction, and for the whole file.
struct FilePragmas {
  Pragma global;
  std::vector<Pragma> per_instruction;  // same index as the instructions
};

FilePragmas read_pragmas(const dockerfile::DockerfileSubject& subject) {
  FilePragmas pragmas;
  pragmas.per_instruction.resize(subject.file.instructions.size());
  for (std::size_t index = 0; index < subject.file.instructions.size(); ++index) {
    for (const std::string& comment : subject.file.instructions[index].comments) {
      auto pragma = parse_pragma(comment);
      if (!pragma) continue;
      Pragma& into = pragma->global ? pragmas.global : pragmas.per_instruction[index];
      into.codes.insert(pragma->codes.begin(), pragma->codes.end());
      into.shellcheck.insert(pragma->shellcheck.begin(), pragma->shellcheck.end());
    }
  }
  return pragmas;
}

// The instruction whose lines hold `line`; none before the first or between instructions.
std::optional<std::size_t> instruction_at(const dockerfile::Dockerfile& file, std::uint32_t line) {
  const auto& instructions = file.instructions;
  auto after = std::upper_bound(instructions.begin(), instructions.end(), line,
                                [](std::uint32_t wanted, const dockerfile::Instruction& inst) {
                                  return wanted < inst.pos.line;
                                });
  if (after == instructions.begin()) return std::nullopt;
  const auto index = static_cast<std::size_t>(std::distance(instructions.begin(), after) - 1);
  if (line > std::max(instructions[index].end_line, instructions[index].pos.line)) {
    return std::nullopt;
  }
  return index;
}

// "SC2086: ..." -> "SC2086"
std::string_view shellcheck_id_of(const core::Finding& finding) {
  const std::string_view evidence = finding.evidence;
  return evidence.substr(0, evidence.find(':'));
}

bool suppressed_by(const Pragma& pragma, const core::Finding& finding) {
  if (pragma.codes.contains(finding.check_code)) return true;
  return finding.check_code == kShellcheckCode &&
         pragma.shellcheck.contains(shellcheck_id_of(finding));
}

// The runner's per-check outcome and count, again, after findings were removed.
void recount(audit::AuditResult& result) {
  std::map<std::string_view, std::vector<const core::Finding*>> by_code;
  for (const auto& finding : result.findings) by_code[finding.check_code].push_back(&finding);
  for (auto& check_result : result.checks) {
    if (check_result.outcome == audit::Outcome::kNotRun) continue;
    const auto found = by_code.find(check_result.check->info.code);
    check_result.findings = found == by_code.end() ? 0 : static_cast<int>(found->second.size());
    audit::Outcome outcome = audit::Outcome::kPass;
    if (found != by_code.end()) {
      for (const core::Finding* finding : found->second) {
        if (finding->status == core::FindingStatus::kFail) {
          outcome = audit::Outcome::kFail;
          break;
        }
        if (finding->status == core::FindingStatus::kError) outcome = audit::Outcome::kError;
        if (finding->status == core::FindingStatus::kSkipped && outcome == audit::Outcome::kPass) {
          outcome = audit::Outcome::kSkipped;
        }
      }
    }
    check_result.outcome = outcome;
  }
}

}  // namespace

std::optional<Pragma> parse_pragma(std::string_view comment) {
  comment = trim(comment);
  bool hadolint = false;
  if (comment.starts_with("hardock ")) {
    comment.remove_prefix(8);
  } else if (comment.starts_with("hadolint ")) {
    comment.remove_prefix(9);
    hadolint = true;
  } else {
    return std::nullopt;
  }
  Pragma pragma;
  comment = trim(comment);
  if (comment.starts_with("global ")) {
    pragma.global = true;
    comment = trim(comment.substr(7));
  }
  if (!comment.starts_with("ignore=")) return std::nullopt;
  comment.remove_prefix(7);
  // The list ends at the first space: `# hadolint ignore=DL3008 reason text`.
  comment = comment.substr(0, comment.find_first_of(" \t"));
  while (!comment.empty()) {
    const std::size_t comma = comment.find(',');
    const std::string_view id = trim(comment.substr(0, comma));
    if (!id.empty()) add_ignore(id, pragma.codes, pragma.shellcheck);
    if (comma == std::string_view::npos) break;
    comment.remove_prefix(comma + 1);
  }
  (void)hadolint;  // both spellings take hardock codes and equivalent ids alike
  return pragma;
}

core::Result<LintResult> run_lint(LintRequest request) {
  LintResult out;
  out.notes = request.config.notes;
  for (auto& file : request.files) {
    if (file.kind != FileKind::kDockerfile) {
      return core::fail(core::ErrorCode::kInvalidArgument,
                        file.path + ": Compose files are not linted yet");
    }
    out.dockerfiles.push_back(dockerfile::make_subject(file.path, file.text));
    file.text.clear();
    file.text.shrink_to_fit();
  }

  audit::AuditConfig config;
  config.trusted_registries = request.config.trusted_registries;
  config.accepted_secret_keys = request.config.accepted_secret_keys;

  audit::Selection selection;
  selection.only = request.only.empty() ? default_selection(request) : request.only;
  selection.skip = request.skip;
  for (const auto& code : request.config.ignored) {
    if (std::find(selection.skip.begin(), selection.skip.end(), code) == selection.skip.end()) {
      selection.skip.push_back(code);
    }
  }
  selection.min_severity = request.min_severity;
  selection.engine_present = false;
  selection.no_engine_reason = "hardock lint reads no engine";
  selection.no_host_reason = "hardock lint reads no host";
  selection.no_image_reason = "hardock lint reads no image (hardock image REF)";

  const docker::EngineSnapshot engine;
  auto result = audit::run_audit(engine, config, selection, nullptr, nullptr, &out.dockerfiles);
  if (!result) return core::fail(result.error());
  out.result = std::move(*result);

  // Inline pragmas, unless CI forbids them; ShellCheck ids ignored by configuration.
  std::map<std::string_view, FilePragmas> pragmas;
  if (request.config.inline_ignores) {
    for (const auto& subject : out.dockerfiles)
      pragmas.try_emplace(subject.path, read_pragmas(subject));
  }
  std::map<std::string_view, const dockerfile::DockerfileSubject*> subject_by_path;
  for (const auto& subject : out.dockerfiles) subject_by_path.try_emplace(subject.path, &subject);
  const std::size_t before = out.result.findings.size();
  std::erase_if(out.result.findings, [&](const core::Finding& finding) {
    if (finding.check_code == kShellcheckCode &&
        request.config.ignored_shellcheck.contains(shellcheck_id_of(finding))) {
      return true;
    }
    if (finding.target.kind != core::TargetKind::kDockerfile) return false;
    const auto file = pragmas.find(finding.location.file);
    if (file == pragmas.end()) return false;
    if (suppressed_by(file->second.global, finding)) return true;
    const auto subject = subject_by_path.find(finding.location.file);
    if (subject == subject_by_path.end()) return false;
    const auto index = instruction_at(subject->second->file, finding.location.line);
    return index && suppressed_by(file->second.per_instruction[*index], finding);
  });
  out.suppressed = static_cast<int>(before - out.result.findings.size());

  // Severity overrides; the reports sort again when the order changed.
  for (auto& finding : out.result.findings) {
    const auto override_to = request.config.severity.find(finding.check_code);
    if (override_to != request.config.severity.end()) finding.severity = override_to->second;
  }
  recount(out.result);
  return out;
}

}  // namespace hardock::lint
