// A base image named by no tag or by "latest" is whatever the registry holds at build time: two
// builds of the same Dockerfile differ, and a pushed-over tag changes the image unseen. A
// digest pins the content, so a base with @sha256:... passes whatever its tag.
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_base_latest {

namespace rules = dockerfile_rules;

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& base : rules::base_images(subject)) {
      if (!base.ref.digest.empty()) continue;
      const std::string what =
          base.ref.tag.empty() ? "has no tag (Docker pulls :latest)" : "uses the moving tag latest";
      if (!base.ref.tag.empty() && !rules::equals(base.ref.tag, "latest")) continue;
      audit::add_dockerfile_finding(
          findings, self.info, subject, base.image->pos,
          rules::evidence_text("base image ", base.shown, " ", what, ": ", base.from_evidence));
    }
  }
}

}  // namespace dockerfile_base_latest

extern const Check kDockerfileBaseLatest;  // listed in checks/list.h
const Check kDockerfileBaseLatest{
    .info =
        {
            .code = "HDK-B-002",
            .slug = "dockerfile-base-latest",
            .title = "Base image is untagged or uses the latest tag",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "Every FROM that names an image (not scratch, not an earlier stage) is judged. "
                "Fails when the image has no tag or the tag is \"latest\" and no @sha256 digest "
                "pins it: the build then takes whatever the registry serves that day. Passes "
                "for an explicit version tag or a digest. A FROM whose image depends on a "
                "build argument without default is not judged; an ARG default counts.",
            .remediation = "Name a release tag (FROM debian:12.5) or, better, pin the digest "
                           "(FROM debian:12.5@sha256:...) and update it deliberately.",
            .equivalents = "DL3006,DL3007,DS-0001",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian\nRUN true\n",
    .good = "FROM debian:12\nRUN true\n",
    .run = collect<dockerfile_base_latest::run>,
    .append = dockerfile_base_latest::run,
};

}  // namespace hardock::audit::checks
