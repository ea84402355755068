// apt installs "recommended" packages by default: more software in the image than it needs,
// each a further thing to patch and to attack (CIS 4.3's concern, judged on the packages here).
#include <cctype>

#include "hardock/audit/checks/dockerfile/shell_util.h"
#include "hardock/dockerfile/ascii.h"

namespace hardock::audit::checks {
namespace dockerfile_apt_recommends {

namespace rules = dockerfile_rules;

bool no_recommends(const rules::PackageCommand& pkg) {
  if (pkg.has({"--no-install-recommends"})) return true;
  for (const std::string_view name : {"-o", "--option"}) {
    for (const auto value : pkg.values(name)) {
      std::string text(value);
      for (char& c : text) c = dockerfile::ascii_lower(c);
      if (rules::equals(text, "apt::install-recommends=false") ||
          rules::equals(text, "apt::install-recommends=0")) {
        return true;
      }
    }
  }
  return false;
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& script : rules::run_scripts(subject)) {
      if ((script.managers & rules::manager_bit(rules::Manager::kApt)) == 0) continue;
      for (const rules::RunCommand& cmd : script.commands) {
        const auto& pkg = cmd.package;
        if (!pkg || pkg->manager != rules::Manager::kApt || !rules::is_install(*pkg)) continue;
        if (no_recommends(*pkg)) continue;
        audit::add_dockerfile_finding(
            findings, self.info, subject, cmd->pos,
            rules::evidence_text(rules::CommandText{*cmd}, " (no --no-install-recommends)"));
      }
    }
  }
}

}  // namespace dockerfile_apt_recommends

extern const Check kDockerfileAptRecommends;  // listed in checks/list.h
const Check kDockerfileAptRecommends{
    .info =
        {
            .code = "HDK-B-044",
            .slug = "dockerfile-apt-recommends",
            .title = "apt-get install without --no-install-recommends",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "apt installs the packages the requested ones recommend unless told not to: "
                "often dozens of packages the image never uses, each one more thing to patch "
                "and one more tool for an attacker. Fails on apt-get/apt install without "
                "--no-install-recommends or -o APT::Install-Recommends=false. A setting in "
                "/etc/apt/apt.conf.d written by an earlier RUN is not seen.",
            .remediation = "apt-get install -y --no-install-recommends PKG...",
            .equivalents = "DL3015,DS-0029",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
    .good =
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
    .run = collect<dockerfile_apt_recommends::run>,
    .append = dockerfile_apt_recommends::run,
};

}  // namespace hardock::audit::checks
