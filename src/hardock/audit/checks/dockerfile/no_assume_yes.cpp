// An install that asks for confirmation: a build has no terminal, so apt-get, yum, dnf and
// zypper either abort the RUN or, worse, take a default the author did not choose.
#include <cctype>

#include "hardock/audit/checks/dockerfile/shell_util.h"
#include "hardock/dockerfile/ascii.h"

namespace hardock::audit::checks {
namespace dockerfile_no_assume_yes {

namespace rules = dockerfile_rules;
using rules::Manager;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = dockerfile::ascii_lower(c);
  return out;
}

bool apt_assumes_yes(const rules::PackageCommand& pkg) {
  if (pkg.has({"-y", "--yes", "--assume-yes", "-qq", "-q=2", "--quiet=2"}) || pkg.has_short('y')) {
    return true;
  }
  for (const auto& opt : pkg.options) {  // -qq spelled as a cluster (-qqy is has_short('y'))
    const std::string_view word = opt.word->text;
    if (!word.starts_with("--") && word.find("qq") != std::string_view::npos) return true;
  }
  for (const std::string_view name : {"-o", "--option"}) {
    for (const auto value : pkg.values(name)) {
      const std::string text = lower(value);
      if (rules::equals(text, "apt::get::assume-yes=true") ||
          rules::equals(text, "apt::get::assume-yes=1"))
        return true;
    }
  }
  return false;
}

// The option the manager needs, or "" when the command is no install or already has it.
std::string_view missing(const rules::PackageCommand& pkg) {
  if (!rules::is_install(pkg)) return "";
  switch (pkg.manager) {
    case Manager::kApt:
      return apt_assumes_yes(pkg) ? "" : "-y";
    case Manager::kYum:
    case Manager::kDnf:
    case Manager::kMicrodnf:
      return pkg.has({"-y", "--assumeyes"}) || pkg.has_short('y') ? "" : "-y";
    case Manager::kZypper:
      return pkg.has({"-n", "--non-interactive", "-y", "--no-confirm"}) || pkg.has_short('y') ||
                     pkg.has_short('n')
                 ? ""
                 : "-n (--non-interactive)";
    default:
      return "";
  }
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& script : rules::run_scripts(subject)) {
      if ((script.managers & (rules::manager_bit(Manager::kApt) | rules::kRpmManagers |
                              rules::manager_bit(Manager::kZypper))) == 0) {
        continue;  // none of the managers that ask
      }
      for (const rules::RunCommand& cmd : script.commands) {
        const auto& pkg = cmd.package;
        if (!pkg) continue;
        const std::string_view option = missing(*pkg);
        if (option.empty()) continue;
        audit::add_dockerfile_finding(
            findings, self.info, subject, cmd->pos,
            rules::evidence_text(rules::CommandText{*cmd}, " (no ", option, ")"));
      }
    }
  }
}

}  // namespace dockerfile_no_assume_yes

extern const Check kDockerfileNoAssumeYes;  // listed in checks/list.h
const Check kDockerfileNoAssumeYes{
    .info =
        {
            .code = "HDK-B-043",
            .slug = "dockerfile-no-assume-yes",
            .title = "Package install without -y (non-interactive)",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "A build has no terminal: an install that asks for confirmation aborts the RUN "
                "or proceeds on a default nobody chose. Fails on apt-get/apt install without "
                "-y, --yes, --assume-yes, -qq or -o APT::Get::Assume-Yes=true; yum, dnf and "
                "microdnf install without -y/--assumeyes; zypper install without -n, "
                "--non-interactive, -y or --no-confirm. DEBIAN_FRONTEND=noninteractive does "
                "not answer apt's prompt and does not count.",
            .remediation = "Add -y (zypper: -n) to the install: apt-get install -y PKG.",
            .equivalents = "DL3014,DS-0021,DL3030,DL3038,DL3034",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nRUN apt-get update && apt-get install curl\n",
    .good = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
    .run = collect<dockerfile_no_assume_yes::run>,
    .append = dockerfile_no_assume_yes::run,
};

}  // namespace hardock::audit::checks
