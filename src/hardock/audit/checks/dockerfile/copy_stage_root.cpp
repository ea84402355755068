// COPY --from=<stage> / <dest> copies a whole file system into the image: whatever the build
// stage held (credentials it used, caches, compilers, its package database) ships, and the
// image's contents stop being a list anyone reviewed.
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_copy_stage_root {

namespace rules = dockerfile_rules;

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    const auto& in_image = rules::image_stages(subject);
    for (const std::size_t index : subject.image_instructions()) {
      const auto& inst = subject.file.instructions[index];
      if (inst.keyword != rules::Keyword::kCopy || !rules::in_image_stage(in_image, inst)) continue;
      const auto* from = inst.flag("from");
      const auto* copy = inst.as<dockerfile::CopyArgs>();
      if (from == nullptr || copy == nullptr || !from->expanded.complete) continue;
      for (const auto& source : copy->sources) {
        if (!source.complete || rules::normalize_path(source.value()) != "/") continue;
        audit::add_dockerfile_finding(
            findings, self.info, subject, source.pos,
            rules::evidence_text("copies the whole file system of ",
                                 rules::Bounded{from->expanded.value(), 60},
                                 " into the image: ", rules::EvidenceOf{inst}));
      }
    }
  }
}

}  // namespace dockerfile_copy_stage_root

extern const Check kDockerfileCopyStageRoot;  // listed in checks/list.h
const Check kDockerfileCopyStageRoot{
    .info =
        {
            .code = "HDK-B-027",
            .slug = "dockerfile-copy-stage-root",
            .title = "COPY --from copies a whole file system into the image",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "Fails for a COPY --from=<stage or image> in the final stage (or a stage it is "
                "built FROM) whose source is the root of the other file system (/, ., /.): "
                "everything the build stage held, secrets and tools included, lands in the "
                "image. Copying named paths (COPY --from=build /app/bin /usr/local/bin) passes, "
                "and so does a whole-root copy into a stage the image is not built from.",
            .remediation = "Copy only the artifacts the image needs: COPY --from=build "
                           "/out/app /app.",
            .equivalents = "DL3067",
        },
    .needs = Input::kDockerfile,
    .bad =
        "FROM golang:1.22 AS build\nRUN go build -o /out/app .\n"
        "FROM debian:12\nCOPY --from=build / /\n",
    .good =
        "FROM golang:1.22 AS build\nRUN go build -o /out/app .\n"
        "FROM debian:12\nCOPY --from=build /out/app /app\n",
    .run = collect<dockerfile_copy_stage_root::run>,
    .append = dockerfile_copy_stage_root::run,
};

}  // namespace hardock::audit::checks
