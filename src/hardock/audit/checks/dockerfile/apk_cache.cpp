// apk add without --no-cache keeps the downloaded index in /var/cache/apk in the layer.
#include "hardock/audit/checks/dockerfile/shell_util.h"

namespace hardock::audit::checks {
namespace dockerfile_apk_cache {

namespace rules = dockerfile_rules;

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& script : rules::run_scripts(subject)) {
      if ((script.managers & rules::manager_bit(rules::Manager::kApk)) == 0) continue;
      if (!script.in_image) continue;
      if (rules::has_cache_mount(*script.run, {"/var/cache/apk", "/etc/apk/cache"})) continue;
      const rules::SimpleCommand* pending = nullptr;
      for (const rules::RunCommand& cmd : script.commands) {
        if (rules::removes_path(*cmd, cmd.start, "/var/cache/apk")) {
          pending = nullptr;
          continue;
        }
        const auto& pkg = cmd.package;
        if (!pkg || pkg->manager != rules::Manager::kApk) continue;
        if (rules::equals(pkg->subcommand(), "cache") && !pkg->operands.empty() &&
            rules::equals(pkg->operands.front()->text, "clean")) {
          pending = nullptr;
          continue;
        }
        if (rules::is_install(*pkg) && !pkg->has({"--no-cache"}) && pending == nullptr) {
          pending = cmd.cmd;
        }
      }
      if (pending == nullptr) continue;
      audit::add_dockerfile_finding(
          findings, self.info, subject, pending->pos,
          rules::evidence_text(rules::CommandText{*pending}, " (no --no-cache)"));
    }
  }
}

}  // namespace dockerfile_apk_cache

extern const Check kDockerfileApkCache;  // listed in checks/list.h
const Check kDockerfileApkCache{
    .info =
        {
            .code = "HDK-B-046",
            .slug = "dockerfile-apk-cache",
            .title = "apk add without --no-cache",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "apk add keeps the package index it downloaded in /var/cache/apk, and the layer "
                "keeps it unless the same RUN removes it (an rm in a later RUN does not shrink "
                "the earlier layer). Fails on apk add without --no-cache, unless the same RUN "
                "later removes /var/cache/apk or runs apk cache clean. Judged on the final stage "
                "and the stages it is built FROM; a cache or tmpfs mount on /var/cache/apk "
                "exempts the RUN.",
            .remediation = "apk add --no-cache PKG...",
            .equivalents = "DL3019,DS-0025",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM alpine:3.20\nRUN apk add curl=8.9.1-r1\n",
    .good = "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r1\n",
    .run = collect<dockerfile_apk_cache::run>,
    .append = dockerfile_apk_cache::run,
};

}  // namespace hardock::audit::checks
