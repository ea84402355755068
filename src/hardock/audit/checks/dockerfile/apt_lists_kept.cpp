// apt-get update downloads the package lists (tens of MB) into /var/lib/apt/lists; unless the
// same RUN deletes them, they stay in that layer for ever: a later RUN's rm hides them but
// does not shrink the earlier layer.
#include "hardock/audit/checks/dockerfile/shell_util.h"

namespace hardock::audit::checks {
namespace dockerfile_apt_lists_kept {

namespace rules = dockerfile_rules;

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& script : rules::run_scripts(subject)) {
      if ((script.managers & rules::manager_bit(rules::Manager::kApt)) == 0) continue;
      if (!script.in_image) continue;  // a build stage's layers are not in the image
      if (rules::has_cache_mount(*script.run, {"/var/lib/apt/lists"})) continue;
      const rules::SimpleCommand* pending = nullptr;  // the last update not yet cleaned up
      for (const rules::RunCommand& cmd : script.commands) {
        if (rules::removes_path(*cmd, cmd.start, "/var/lib/apt/lists")) {
          pending = nullptr;
          continue;
        }
        const auto& pkg = cmd.package;
        if (pkg && pkg->manager == rules::Manager::kApt &&
            rules::equals(pkg->subcommand(), "update")) {
          if (pending == nullptr) pending = cmd.cmd;
        }
      }
      if (pending == nullptr) continue;
      audit::add_dockerfile_finding(
          findings, self.info, subject, pending->pos,
          rules::evidence_text(rules::CommandText{*pending},
                               " with no rm -rf /var/lib/apt/lists/* after it in the same RUN"));
    }
  }
}

}  // namespace dockerfile_apt_lists_kept

extern const Check kDockerfileAptListsKept;  // listed in checks/list.h
const Check kDockerfileAptListsKept{
    .info =
        {
            .code = "HDK-B-045",
            .slug = "dockerfile-apt-lists-kept",
            .title = "apt package lists left in the layer",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "apt-get update writes the package lists to /var/lib/apt/lists; a layer keeps "
                "what its RUN leaves, so the lists ship in the image unless the same RUN "
                "removes them (an rm in a later RUN hides them but does not shrink the earlier "
                "layer; apt-get clean does not remove them). Judged on the final stage and the "
                "stages it is built FROM. A RUN with a cache or tmpfs mount on "
                "/var/lib/apt/lists (or /var/lib/apt) is exempt.",
            .remediation = "End the RUN with && rm -rf /var/lib/apt/lists/*, or use RUN "
                           "--mount=type=cache,target=/var/lib/apt/lists.",
            .equivalents = "DL3009",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
    .good =
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl \\\n"
        " && rm -rf /var/lib/apt/lists/*\n",
    .run = collect<dockerfile_apt_lists_kept::run>,
    .append = dockerfile_apt_lists_kept::run,
};

}  // namespace hardock::audit::checks
