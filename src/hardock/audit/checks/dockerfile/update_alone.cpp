// CIS 4.7 in the build phase: `RUN apt-get update` in an instruction of its own is cached as a
// layer; a later `RUN apt-get install` then installs from index files as old as that cache,
// missing security updates, or fails when the mirror has moved on.
#include "hardock/audit/checks/dockerfile/shell_util.h"

namespace hardock::audit::checks {
namespace dockerfile_update_alone {

namespace rules = dockerfile_rules;
using rules::Manager;

// The package family whose index the command refreshes (apt, apk, rpm, zypper), or "".
std::string_view update_family(const rules::PackageCommand& pkg) {
  const std::string_view sub = pkg.subcommand();
  switch (pkg.manager) {
    case Manager::kApt:
      return rules::equals(sub, "update") ? "apt" : "";
    case Manager::kApk:
      return rules::equals(sub, "update") ? "apk" : "";
    case Manager::kYum:
    case Manager::kDnf:
    case Manager::kMicrodnf:
      return rules::equals(sub, "makecache") ? "rpm" : "";
    case Manager::kZypper:
      return rules::equals(sub, "refresh") || rules::equals(sub, "ref") ? "zypper" : "";
    default:
      return "";
  }
}

std::string_view install_family(const rules::PackageCommand& pkg) {
  if (!rules::is_install(pkg)) return "";
  switch (pkg.manager) {
    case Manager::kApt:
      return "apt";
    case Manager::kApk:
      return "apk";
    case Manager::kYum:
    case Manager::kDnf:
    case Manager::kMicrodnf:
      return "rpm";
    case Manager::kZypper:
      return "zypper";
    default:
      return "";
  }
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& script : rules::run_scripts(subject)) {
      if (script.managers == 0) continue;  // no package command
      std::vector<std::pair<std::string_view, const rules::SimpleCommand*>> updates;
      for (const rules::RunCommand& cmd : script.commands) {
        const auto& pkg = cmd.package;
        if (!pkg) continue;
        if (const auto family = install_family(*pkg); !family.empty()) {
          std::erase_if(updates, [family](const auto& u) { return u.first == family; });
        } else if (const auto updated = update_family(*pkg); !updated.empty()) {
          updates.emplace_back(updated, cmd.cmd);
        }
      }
      for (const auto& [family, cmd] : updates) {
        audit::add_dockerfile_finding(
            findings, self.info, subject, cmd->pos,
            rules::evidence_text(rules::CommandText{*cmd}, " with no ", family,
                                 " install after it in the same RUN"));
      }
    }
  }
}

}  // namespace dockerfile_update_alone

extern const Check kDockerfileUpdateAlone;  // listed in checks/list.h
const Check kDockerfileUpdateAlone{
    .info =
        {
            .code = "HDK-B-042",
            .slug = "dockerfile-update-alone",
            .title = "Package index update without an install in the same RUN",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "4.7",
            .cobit = "BAI10.02",
            .description =
                "The build cache keeps a RUN that only updates the package index (apt-get/apt "
                "update, apk update, yum/dnf/microdnf makecache, zypper refresh) as long as "
                "its text does not change; installs in later RUNs then use that old index, "
                "missing security fixes, or fail when the mirror no longer has the versions it "
                "lists. Fails when no install of the same package manager follows the update "
                "in the same RUN (an install in a later RUN does not count).",
            .remediation =
                "Update and install in one RUN: RUN apt-get update && apt-get install -y "
                "--no-install-recommends PKG && rm -rf /var/lib/apt/lists/*.",
            .equivalents = "DS-0017",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n",
    .good = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
    .run = collect<dockerfile_update_alone::run>,
    .append = dockerfile_update_alone::run,
};

}  // namespace hardock::audit::checks
