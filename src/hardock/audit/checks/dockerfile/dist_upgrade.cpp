// dist-upgrade in a Dockerfile: a release upgrade of the base image's distribution, with
// package removals and new dependencies nobody reviewed, different on every build.
#include "hardock/audit/checks/dockerfile/shell_util.h"

namespace hardock::audit::checks {
namespace dockerfile_dist_upgrade {

namespace rules = dockerfile_rules;
using rules::Manager;

bool dist_upgrade(const rules::PackageCommand& pkg) {
  const std::string_view sub = pkg.subcommand();
  switch (pkg.manager) {
    case Manager::kApt:
      return rules::equals(sub, "dist-upgrade") || rules::equals(sub, "full-upgrade");
    case Manager::kYum:
    case Manager::kDnf:
      return rules::equals(sub, "distro-sync") || rules::equals(sub, "distrosync") ||
             rules::equals(sub, "system-upgrade");
    case Manager::kZypper:
      return rules::equals(sub, "dist-upgrade") || rules::equals(sub, "dup");
    default:
      return false;
  }
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& script : rules::run_scripts(subject)) {
      if (script.managers == 0) continue;  // no package command
      for (const rules::RunCommand& cmd : script.commands) {
        const auto& pkg = cmd.package;
        if (!pkg || !dist_upgrade(*pkg)) continue;
        audit::add_dockerfile_finding(findings, self.info, subject, pkg->sub->pos,
                                      rules::command_text(*cmd));
      }
    }
  }
}

}  // namespace dockerfile_dist_upgrade

extern const Check kDockerfileDistUpgrade;  // listed in checks/list.h
const Check kDockerfileDistUpgrade{
    .info =
        {
            .code = "HDK-B-055",
            .slug = "dockerfile-dist-upgrade",
            .title = "RUN upgrades the distribution (dist-upgrade)",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "apt-get dist-upgrade (full-upgrade), zypper dist-upgrade (dup) and dnf/yum "
                "distro-sync may remove packages and pull in new ones the base image did not "
                "have, differently on every build; an image that needs them wants a newer base "
                "image instead.",
            .remediation = "Use a newer, patched base image (pinned by digest) and install named "
                           "packages; to take security fixes, rebuild on the updated base.",
            .equivalents = "DL3005,DL3035,DS-0024",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nRUN apt-get update && apt-get dist-upgrade -y\n",
    .good = "FROM debian:12.7\nRUN apt-get update && apt-get install -y curl=7.88.1-10\n",
    .run = collect<dockerfile_dist_upgrade::run>,
    .append = dockerfile_dist_upgrade::run,
};

}  // namespace hardock::audit::checks
