// pip keeps every wheel it downloaded or built in ~/.cache/pip: in the layer of the RUN that
// installed, unless told not to cache.
#include "hardock/audit/checks/dockerfile/shell_util.h"

namespace hardock::audit::checks {
namespace dockerfile_pip_cache {

namespace rules = dockerfile_rules;

// PIP_NO_CACHE_DIR=1 (any value pip reads as true) disables the cache.
bool disables_cache(std::string_view value) {
  return !value.empty() && !rules::is_any(value, {"0", "false", "False", "no", "off"});
}

bool assigned_no_cache(const rules::RunCommand& run_cmd) {
  const rules::SimpleCommand& cmd = *run_cmd;
  for (const auto& word : cmd.assignments) {
    const std::string_view text = word.text;
    if (text.starts_with("PIP_NO_CACHE_DIR=") && disables_cache(text.substr(17))) return true;
  }
  // env PIP_NO_CACHE_DIR=1 pip install ...
  for (std::size_t k = 0; k < run_cmd.start; ++k) {
    const std::string_view text = cmd.words[k].text;
    if (text.starts_with("PIP_NO_CACHE_DIR=") && disables_cache(text.substr(17))) return true;
  }
  return false;
}

bool removes_cache(const rules::RunCommand& cmd) {
  if (!rules::equals(cmd.name(), "rm")) return false;  // what removes_path asks first
  static constexpr std::string_view kCaches[] = {"/root/.cache/pip", "/root/.cache",
                                                 "~/.cache/pip",     "~/.cache",
                                                 "$HOME/.cache/pip", "$HOME/.cache"};
  for (const std::string_view path : kCaches) {
    if (rules::removes_path(*cmd, cmd.start, path)) return true;
  }
  return false;
}

bool cache_mount(const rules::Instruction& run) {
  for (const auto& mount : run.mounts) {
    if (!rules::equals(mount.type, "cache") && !rules::equals(mount.type, "tmpfs")) continue;
    auto target = mount.option("target");
    if (!target) target = mount.option("dst");
    if (!target) target = mount.option("destination");
    if (!target) continue;
    std::string_view path = *target;
    while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    if (path.ends_with("/.cache/pip") || path.ends_with("/.cache")) return true;
  }
  return false;
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& script : rules::run_scripts(subject)) {
      if ((script.managers & rules::manager_bit(rules::Manager::kPip)) == 0) continue;
      if (!script.in_image || cache_mount(*script.run)) continue;
      const rules::SimpleCommand* pending = nullptr;
      for (const rules::RunCommand& cmd : script.commands) {
        if (removes_cache(cmd)) {
          pending = nullptr;
          continue;
        }
        const auto& pkg = cmd.package;
        if (!pkg || pkg->manager != rules::Manager::kPip || !rules::is_install(*pkg)) continue;
        if (pkg->has({"--no-cache-dir"}) || assigned_no_cache(cmd)) continue;
        if (pending == nullptr) pending = cmd.cmd;
      }
      if (pending == nullptr) continue;
      // Looked up only for a RUN that would fail: a walk back through the stage.
      if (const auto env = rules::stage_env(subject, script.index, "PIP_NO_CACHE_DIR");
          env && disables_cache(*env)) {
        continue;
      }
      audit::add_dockerfile_finding(
          findings, self.info, subject, pending->pos,
          rules::evidence_text(rules::CommandText{*pending}, " (no --no-cache-dir)"));
    }
  }
}

}  // namespace dockerfile_pip_cache

extern const Check kDockerfilePipCache;  // listed in checks/list.h
const Check kDockerfilePipCache{
    .info =
        {
            .code = "HDK-B-049",
            .slug = "dockerfile-pip-cache",
            .title = "pip install without --no-cache-dir",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "pip keeps the wheels it downloads and builds in ~/.cache/pip; the layer keeps "
                "them unless the same RUN removes the cache (an rm in a later RUN does not "
                "shrink the earlier layer). Fails on pip/pip3/python -m pip install without "
                "--no-cache-dir, unless PIP_NO_CACHE_DIR is set (on the command or by an ENV "
                "of the stage), the same RUN later removes ~/.cache/pip, or a cache or tmpfs "
                "mount covers ~/.cache. Judged on the final stage and the stages it is built "
                "FROM.",
            .remediation = "pip install --no-cache-dir PKG==VERSION...",
            .equivalents = "DL3042",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM python:3.12\nRUN pip install requests==2.32.3\n",
    .good = "FROM python:3.12\nRUN pip install --no-cache-dir requests==2.32.3\n",
    .run = collect<dockerfile_pip_cache::run>,
    .append = dockerfile_pip_cache::run,
};

}  // namespace hardock::audit::checks
