// COPY --from (and RUN --mount=...,from=) names an earlier stage, or an image. A name that is
// no earlier stage is the dangerous case: BuildKit does not fail, it pulls an image of that
// name from Docker Hub (a typo of "builder" becomes docker.io/library/<typo>, whoever
// published it). A stage's own name, or a later stage's, is a cycle or an ordering error.
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_copy_from_invalid {

namespace rules = dockerfile_rules;

// A bare name ("builder"): no registry, tag, digest or path, so BuildKit would take it for an
// official Docker Hub image. Names with ':' '/' '@' or '.' are written as image references.
bool bare_name(std::string_view value) {
  return !value.empty() && value.find_first_of(":/@.") == std::string_view::npos;
}

bool digits(std::string_view value) {
  return !value.empty() &&
         std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    const auto& file = subject.file;
    for (const auto& ref : file.stage_refs) {
      if (ref.instruction >= file.instructions.size()) continue;
      const rules::Instruction& inst = file.instructions[ref.instruction];
      if (inst.keyword != rules::Keyword::kCopy && inst.keyword != rules::Keyword::kRun) continue;
      if (!inst.stage) continue;
      const std::size_t current = *inst.stage;
      if (inst.keyword == rules::Keyword::kCopy) {
        const auto* from = inst.flag("from");
        if (from == nullptr || !from->expanded.complete) continue;
      } else if (rules::references_variable(ref.value) || ref.value.empty()) {
        continue;
      }
      const std::string name = rules::bounded(ref.value, 60);
      std::string problem;
      if (ref.stage && *ref.stage == current) {
        problem = "refers to its own stage '" + name + "' (a cycle)";
      } else if (ref.stage && *ref.stage > current && *ref.stage < file.stages.size()) {
        problem =
            "refers to stage '" + name + "', defined later at line " +
            std::to_string(file.instructions[file.stages[*ref.stage].from_instruction].pos.line);
      } else if (ref.stage) {
        continue;
      } else if (digits(ref.value)) {
        problem = "refers to stage index " + name + ", but only " + std::to_string(current) +
                  " stage(s) come before it";
      } else if (bare_name(ref.value)) {
        problem = "names no earlier stage: '" + name +
                  "' is pulled as the image docker.io/library/" + name;
      } else {
        continue;  // an image reference, which --from may name
      }
      audit::add_dockerfile_finding(
          findings, self.info, subject, ref.pos,
          rules::evidence_text("--from ", problem, ": ", rules::EvidenceOf{inst}));
    }
  }
}

}  // namespace dockerfile_copy_from_invalid

extern const Check kDockerfileCopyFromInvalid;  // listed in checks/list.h
const Check kDockerfileCopyFromInvalid{
    .info =
        {
            .code = "HDK-B-018",
            .slug = "dockerfile-copy-from-invalid",
            .title = "COPY --from names its own stage, a later one, or no stage",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "Fails for a COPY --from or RUN --mount=...,from= that names the stage it is "
                "in, a stage defined further down, a stage index that does not exist, or a bare "
                "name (no ':', '/', '@' or '.') that is no earlier stage: BuildKit then pulls an "
                "official Docker Hub image of that name instead of failing. Passes for earlier "
                "stages (by name or index) and for image references such as "
                "--from=nginx:1.27 or --from=registry.example/tools. Values that depend on a "
                "build argument without default are not judged.",
            .remediation = "Name an earlier stage (FROM ... AS build, then COPY --from=build), "
                           "or write an image reference with a tag or digest when an image is "
                           "meant.",
            .equivalents = "DL3022,DL3023,DS-0006",
        },
    .needs = Input::kDockerfile,
    .bad =
        "FROM golang:1.22 AS build\nRUN go build -o /app .\n"
        "FROM debian:12\nCOPY --from=biuld /app /app\n",
    .good =
        "FROM golang:1.22 AS build\nRUN go build -o /app .\n"
        "FROM debian:12\nCOPY --from=build /app /app\n",
    .run = collect<dockerfile_copy_from_invalid::run>,
    .append = dockerfile_copy_from_invalid::run,
};

}  // namespace hardock::audit::checks
