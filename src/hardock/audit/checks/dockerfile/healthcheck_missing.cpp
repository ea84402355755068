// CIS 4.6: images carry a HEALTHCHECK, so the engine (and an orchestrator) can tell a hung
// service from a running one. Judged on what the image holds: the final stage and the stages
// it is built FROM. A base image's own HEALTHCHECK is not visible in the Dockerfile.
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_healthcheck_missing {

namespace rules = dockerfile_rules;

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    const auto* final_stage = subject.final_stage();
    if (final_stage == nullptr) continue;  // no FROM: a parse error (HDK-B-022)
    const rules::Instruction* last = nullptr;
    for (const std::size_t index : subject.image_instructions()) {
      const auto& inst = subject.file.instructions[index];
      if (inst.keyword == rules::Keyword::kHealthcheck) last = &inst;
    }
    if (last == nullptr) {
      const auto& from = subject.file.instructions[final_stage->from_instruction];
      audit::add_dockerfile_finding(
          findings, self.info, subject, from.pos,
          rules::evidence_text("no HEALTHCHECK in the final stage (", rules::EvidenceOf{from},
                               ") or a stage it is built FROM"));
      continue;
    }
    const auto* health = last->as<dockerfile::HealthcheckArgs>();
    if (health == nullptr || !health->none) continue;
    audit::add_dockerfile_finding(
        findings, self.info, subject, last->pos,
        rules::evidence_text("the last HEALTHCHECK disables health checking: ",
                             rules::EvidenceOf{*last}));
  }
}

}  // namespace dockerfile_healthcheck_missing

extern const Check kDockerfileHealthcheckMissing;  // listed in checks/list.h
const Check kDockerfileHealthcheckMissing{
    .info =
        {
            .code = "HDK-B-014",
            .slug = "dockerfile-healthcheck-missing",
            .title = "Image has no HEALTHCHECK",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "4.6",
            .cobit = "DSS01.03",
            .description =
                "Fails when neither the final stage nor a stage it is built FROM has a "
                "HEALTHCHECK, or when the last one is HEALTHCHECK NONE (which also turns off a "
                "base image's check). A HEALTHCHECK only in a build stage the image is not "
                "built from does not count. A base image's own HEALTHCHECK cannot be seen in "
                "the Dockerfile; if the base has one, ignore this rule for the file.",
            .remediation = "Add a check of the service: HEALTHCHECK --interval=30s --timeout=3s "
                           "CMD curl -fsS http://localhost:8080/health || exit 1 (`hardock lint "
                           "--fix --fix-healthcheck CMD` inserts one).",
            .equivalents = "DL3057,DS-0026",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nCMD [\"/app\"]\n",
    .good = "FROM debian:12\nHEALTHCHECK CMD [\"/app\", \"--check\"]\nCMD [\"/app\"]\n",
    .run = collect<dockerfile_healthcheck_missing::run>,
    .append = dockerfile_healthcheck_missing::run,
};

}  // namespace hardock::audit::checks
