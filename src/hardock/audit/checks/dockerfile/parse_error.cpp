// What BuildKit would refuse, or read differently from what it says: the parser's error
// diagnostics, each a finding at its position. The errors another rule reports with more
// context (invalid EXPOSE ports, --from cycles and indexes, duplicate stage names) are left to
// that rule, so one mistake is one finding.
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_parse_error {

namespace rules = dockerfile_rules;

// Diagnostic code -> the rule that reports it instead.
constexpr std::string_view kReportedElsewhere[] = {
    "invalid-port",          // HDK-B-009
    "self-reference",        // HDK-B-018
    "bad-stage-index",       // HDK-B-018
    "duplicate-stage-name",  // HDK-B-019
};

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& diagnostic : subject.file.diagnostics) {
      if (diagnostic.severity != dockerfile::DiagnosticSeverity::kError) continue;
      if (std::find(std::begin(kReportedElsewhere), std::end(kReportedElsewhere),
                    diagnostic.code) != std::end(kReportedElsewhere)) {
        continue;
      }
      dockerfile::Position pos = diagnostic.pos;
      if (pos.line == 0) pos = {1, 1};
      if (pos.column == 0) pos.column = 1;
      audit::add_dockerfile_finding(
          findings, self.info, subject, pos,
          rules::evidence_text(rules::Bounded{diagnostic.message, 200}, " (",
                               rules::Bounded{diagnostic.code, 40}, ")"));
    }
  }
}

}  // namespace dockerfile_parse_error

extern const Check kDockerfileParseError;  // listed in checks/list.h
const Check kDockerfileParseError{
    .info =
        {
            .code = "HDK-B-022",
            .slug = "dockerfile-parse-error",
            .title = "Dockerfile does not parse",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "Fails for each error the parser reports, at its line and column: unknown "
                "instructions or flags, missing arguments, malformed JSON, unterminated "
                "heredocs, instructions before the first FROM, malformed variables, an oversized "
                "file. Such a file does not build, or builds differently from what the other "
                "rules could judge. Invalid ports, --from cycles and duplicate stage names are "
                "reported by HDK-B-009, HDK-B-018 and HDK-B-019 instead. Warnings (such as an "
                "empty continuation line) are not findings.",
            .remediation = "Fix the instruction named in the finding; `docker build --check` "
                           "shows BuildKit's own reading.",
            .equivalents = "DL1000",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nRUNN true\n",
    .good = "FROM debian:12\nRUN true\n",
    .run = collect<dockerfile_parse_error::run>,
    .append = dockerfile_parse_error::run,
};

}  // namespace hardock::audit::checks
