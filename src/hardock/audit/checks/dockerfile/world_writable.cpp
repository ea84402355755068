// A world-writable file or directory in the image: any user of any container of it can change
// it, a program or configuration read by root included.
#include "hardock/audit/checks/dockerfile/shell_util.h"

namespace hardock::audit::checks {
namespace dockerfile_world_writable {

namespace rules = dockerfile_rules;

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& site : rules::mode_sites(subject)) {
      const auto& bits = site.bits;
      if (!bits || !bits->world_writable || bits->sticky) continue;
      audit::add_dockerfile_finding(
          findings, self.info, subject, site.pos,
          rules::evidence_text("mode ", site.mode,
                               " makes files writable by everyone: ", site.evidence()));
    }
  }
}

}  // namespace dockerfile_world_writable

extern const Check kDockerfileWorldWritable;  // listed in checks/list.h
const Check kDockerfileWorldWritable{
    .info =
        {
            .code = "HDK-B-052",
            .slug = "dockerfile-world-writable",
            .title = "Files made world-writable (chmod 777, o+w)",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "DSS05.03",
            .description =
                "A world-writable file or directory can be changed by every user in every "
                "container of the image: a script or configuration that root later reads "
                "becomes a way to root. Fails on chmod, install -m and mkdir -m in RUN, and on "
                "COPY/ADD --chmod, with an octal mode giving others write (777, 666, 0772) or a "
                "symbolic one (o+w, a+w, a=rwx), in any stage (a mode set in a build stage "
                "travels with COPY --from). Sticky directories (1777, +t), the usual /tmp "
                "mode, are not reported.",
            .remediation =
                "Give the application's user ownership instead (COPY --chown=app, chown) and "
                "keep modes at 755/644 or tighter.",
            .equivalents = "",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nRUN mkdir /app && chmod -R 777 /app\n",
    .good = "FROM debian:12\nRUN mkdir /app && chown -R 10001 /app && chmod 755 /app\n",
    .run = collect<dockerfile_world_writable::run>,
    .append = dockerfile_world_writable::run,
};

}  // namespace hardock::audit::checks
