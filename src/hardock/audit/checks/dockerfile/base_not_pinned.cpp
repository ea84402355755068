// A tag is a name the registry may point elsewhere at any time; only a digest names content.
// Reproducible, reviewable builds pin the base image by digest (CIS 4.2's "trusted base
// images" presupposes knowing which image that is).
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_base_not_pinned {

namespace rules = dockerfile_rules;

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& base : rules::base_images(subject)) {
      if (base.ref.digest.starts_with("sha256:") || base.ref.digest.starts_with("sha512:")) {
        continue;
      }
      audit::add_dockerfile_finding(
          findings, self.info, subject, base.image->pos,
          rules::evidence_text("base image ", base.shown,
                               " is not pinned by digest: ", base.from_evidence));
    }
  }
}

}  // namespace dockerfile_base_not_pinned

extern const Check kDockerfileBaseNotPinned;  // listed in checks/list.h
const Check kDockerfileBaseNotPinned{
    .info =
        {
            .code = "HDK-B-003",
            .slug = "dockerfile-base-not-pinned",
            .title = "Base image is not pinned by digest",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "Every FROM that names an image (not scratch, not an earlier stage) is judged. "
                "Fails when the reference has no @sha256:... digest, whatever its tag: a tag "
                "can be moved to other content, a digest cannot. A FROM whose image depends on "
                "a build argument without default is not judged.",
            .remediation = "Pin the digest the registry reports for the tag you reviewed: FROM "
                           "debian:12@sha256:<digest> (`hardock lint --fix` writes it from the "
                           "local engine or the registry).",
            .equivalents = "",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nRUN true\n",
    .good =
        "FROM "
        "debian:12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
        "RUN true\n",
    .run = collect<dockerfile_base_not_pinned::run>,
    .append = dockerfile_base_not_pinned::run,
};

}  // namespace hardock::audit::checks
