// yum, dnf and microdnf keep downloaded metadata and packages in /var/cache/{yum,dnf}: in the
// layer of the RUN that installed, unless that RUN cleans up.
#include "hardock/audit/checks/dockerfile/shell_util.h"

namespace hardock::audit::checks {
namespace dockerfile_yum_dnf_cache {

namespace rules = dockerfile_rules;
using rules::Manager;

bool rpm_manager(Manager manager) {
  return manager == Manager::kYum || manager == Manager::kDnf || manager == Manager::kMicrodnf;
}

bool cleans(const rules::RunCommand& cmd) {
  static constexpr std::string_view kCaches[] = {"/var/cache/yum", "/var/cache/dnf",
                                                 "/var/cache/libdnf5"};
  if (rules::equals(cmd.name(), "rm")) {  // what removes_path asks first
    for (const std::string_view path : kCaches) {
      if (rules::removes_path(*cmd, cmd.start, path)) return true;
    }
  }
  const auto& pkg = cmd.package;
  return pkg && rpm_manager(pkg->manager) && rules::equals(pkg->subcommand(), "clean") &&
         !pkg->operands.empty() && rules::equals(pkg->operands.front()->text, "all");
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& script : rules::run_scripts(subject)) {
      if ((script.managers & rules::kRpmManagers) == 0) continue;
      if (!script.in_image) continue;
      if (rules::has_cache_mount(*script.run,
                                 {"/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5"})) {
        continue;
      }
      const rules::RunCommand* pending = nullptr;
      for (const rules::RunCommand& cmd : script.commands) {
        if (cleans(cmd)) {
          pending = nullptr;
          continue;
        }
        const auto& pkg = cmd.package;
        if (pkg && rpm_manager(pkg->manager) && rules::is_install(*pkg) && pending == nullptr) {
          pending = &cmd;
        }
      }
      if (pending == nullptr) continue;
      const std::string tool(pending->name());
      audit::add_dockerfile_finding(
          findings, self.info, subject, (*pending)->pos,
          rules::evidence_text(rules::CommandText{**pending}, " with no ", tool,
                               " clean all after it in the same RUN"));
    }
  }
}

}  // namespace dockerfile_yum_dnf_cache

extern const Check kDockerfileYumDnfCache;  // listed in checks/list.h
const Check kDockerfileYumDnfCache{
    .info =
        {
            .code = "HDK-B-047",
            .slug = "dockerfile-yum-dnf-cache",
            .title = "yum/dnf/microdnf install without clean all",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "yum, dnf and microdnf keep repository metadata and downloaded packages under "
                "/var/cache/yum or /var/cache/dnf; the layer keeps them unless the same RUN "
                "cleans up (a clean in a later RUN does not shrink the earlier layer). Fails "
                "on an install with no `yum|dnf|microdnf clean all` (or rm -rf of the cache "
                "directory) after it in the same RUN. Judged on the final stage and the stages "
                "it is built FROM; a cache or tmpfs mount on the cache directory exempts the "
                "RUN.",
            .remediation = "End the RUN with && dnf clean all (yum clean all, microdnf clean all).",
            .equivalents = "DL3032,DL3040,DS-0015,DS-0019,DS-0027",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM rockylinux:9\nRUN dnf install -y curl-7.76.1\n",
    .good = "FROM rockylinux:9\nRUN dnf install -y curl-7.76.1 && dnf clean all\n",
    .run = collect<dockerfile_yum_dnf_cache::run>,
    .append = dockerfile_yum_dnf_cache::run,
};

}  // namespace hardock::audit::checks
