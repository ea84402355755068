// CIS 4.8 in the build phase: a setuid or setgid program added by the Dockerfile runs with its
// owner's (root's) rights whoever starts it: a way to root for any process of the container.
#include "hardock/audit/checks/dockerfile/shell_util.h"

namespace hardock::audit::checks {
namespace dockerfile_setuid {

namespace rules = dockerfile_rules;

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& site : rules::mode_sites(subject)) {
      const auto& bits = site.bits;
      if (!bits || !bits->setuid) continue;
      audit::add_dockerfile_finding(
          findings, self.info, subject, site.pos,
          rules::evidence_text("mode ", site.mode,
                               " sets the setuid/setgid bit: ", site.evidence()));
    }
  }
}

}  // namespace dockerfile_setuid

extern const Check kDockerfileSetuid;  // listed in checks/list.h
const Check kDockerfileSetuid{
    .info =
        {
            .code = "HDK-B-053",
            .slug = "dockerfile-setuid",
            .title = "setuid or setgid bit added (chmod u+s, 4755)",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "4.8",
            .cobit = "DSS05.03",
            .description =
                "A setuid (setgid) program runs with the rights of its owner (group), root for "
                "almost all, whoever starts it; one flaw in it is a way to root from any "
                "process of the container. Fails on chmod, install -m and mkdir -m in RUN and "
                "on COPY/ADD --chmod with an octal mode of 4xxx, 2xxx or 6xxx or a symbolic "
                "u+s, g+s, +s, in any stage (a mode set in a build stage travels with COPY "
                "--from). Setgid directories are reported too: say why in an ignore if one is "
                "meant. Setuid files the base image or packages bring are the image check "
                "HDK-I-006's.",
            .remediation =
                "Do not add setuid/setgid bits; grant the one capability the program needs "
                "(setcap, or --cap-add at run time) or run it as its own user.",
            .equivalents = "",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nCOPY --chmod=4755 tool /usr/local/bin/tool\n",
    .good = "FROM debian:12\nCOPY --chmod=0755 tool /usr/local/bin/tool\n",
    .run = collect<dockerfile_setuid::run>,
    .append = dockerfile_setuid::run,
};

}  // namespace hardock::audit::checks
