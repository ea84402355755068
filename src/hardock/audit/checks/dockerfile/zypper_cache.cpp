// zypper keeps repository metadata and packages in /var/cache/zypp: in the installing RUN's
// layer unless that RUN cleans up.
#include "hardock/audit/checks/dockerfile/shell_util.h"

namespace hardock::audit::checks {
namespace dockerfile_zypper_cache {

namespace rules = dockerfile_rules;

bool cleans(const rules::RunCommand& cmd) {
  if (rules::removes_path(*cmd, cmd.start, "/var/cache/zypp")) return true;
  const auto& pkg = cmd.package;
  return pkg && pkg->manager == rules::Manager::kZypper &&
         (rules::equals(pkg->subcommand(), "clean") || rules::equals(pkg->subcommand(), "cc"));
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& script : rules::run_scripts(subject)) {
      if ((script.managers & rules::manager_bit(rules::Manager::kZypper)) == 0) continue;
      if (!script.in_image) continue;
      if (rules::has_cache_mount(*script.run, {"/var/cache/zypp"})) continue;
      const rules::SimpleCommand* pending = nullptr;
      for (const rules::RunCommand& cmd : script.commands) {
        if (cleans(cmd)) {
          pending = nullptr;
          continue;
        }
        const auto& pkg = cmd.package;
        if (pkg && pkg->manager == rules::Manager::kZypper && rules::is_install(*pkg) &&
            pending == nullptr) {
          pending = cmd.cmd;
        }
      }
      if (pending == nullptr) continue;
      audit::add_dockerfile_finding(
          findings, self.info, subject, pending->pos,
          rules::evidence_text(rules::CommandText{*pending},
                               " with no zypper clean after it in the same RUN"));
    }
  }
}

}  // namespace dockerfile_zypper_cache

extern const Check kDockerfileZypperCache;  // listed in checks/list.h
const Check kDockerfileZypperCache{
    .info =
        {
            .code = "HDK-B-048",
            .slug = "dockerfile-zypper-cache",
            .title = "zypper install without zypper clean",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "zypper keeps repository metadata and packages under /var/cache/zypp; the "
                "layer keeps them unless the same RUN runs zypper clean (or cc, or removes the "
                "directory); a clean in a later RUN does not shrink the earlier layer. Judged "
                "on the final stage and the stages it is built FROM; a cache or tmpfs mount on "
                "/var/cache/zypp exempts the RUN.",
            .remediation = "End the RUN with && zypper clean --all.",
            .equivalents = "DL3036,DS-0020",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM opensuse/leap:15.6\nRUN zypper install -y curl=8.6.0\n",
    .good = "FROM opensuse/leap:15.6\nRUN zypper install -y curl=8.6.0 && zypper clean --all\n",
    .run = collect<dockerfile_zypper_cache::run>,
    .append = dockerfile_zypper_cache::run,
};

}  // namespace hardock::audit::checks
