// Two stages of one name: --from and FROM resolve to one of them only (BuildKit refuses the
// file), and a reader cannot tell which build produced what the image copies.
#include <map>

#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_duplicate_stage {

namespace rules = dockerfile_rules;

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    const auto& file = subject.file;
    std::map<std::string, std::uint32_t, std::less<>> first_line;  // name -> line of its FROM
    for (const auto& stage : file.stages) {
      if (stage.name.empty()) continue;
      const rules::Instruction& from = file.instructions[stage.from_instruction];
      const auto [it, inserted] = first_line.emplace(stage.name, from.pos.line);
      if (inserted) continue;
      const auto* args = from.as<dockerfile::FromArgs>();
      const auto pos = args != nullptr && args->stage_name ? args->stage_name->pos : from.pos;
      audit::add_dockerfile_finding(
          findings, self.info, subject, pos,
          rules::evidence_text("stage name '", rules::Bounded{stage.name, 60},
                               "' is already used at line ", std::to_string(it->second), ": ",
                               rules::EvidenceOf{from}));
    }
  }
}

}  // namespace dockerfile_duplicate_stage

extern const Check kDockerfileDuplicateStage;  // listed in checks/list.h
const Check kDockerfileDuplicateStage{
    .info =
        {
            .code = "HDK-B-019",
            .slug = "dockerfile-duplicate-stage",
            .title = "Two stages have the same name",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "Fails for each FROM ... AS <name> whose name (compared case-insensitively, as "
                "BuildKit does) an earlier stage already has; BuildKit rejects the file. "
                "Distinct names pass.",
            .remediation = "Give each stage its own name (build, test, runtime) and update the "
                           "--from references.",
            .equivalents = "DL3024,DS-0012",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12 AS build\nRUN true\nFROM debian:12 AS Build\nRUN true\n",
    .good = "FROM debian:12 AS build\nRUN true\nFROM debian:12 AS test\nRUN true\n",
    .run = collect<dockerfile_duplicate_stage::run>,
    .append = dockerfile_duplicate_stage::run,
};

}  // namespace hardock::audit::checks
