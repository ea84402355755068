// HDK-B-045: a RUN using apt-get/apt that leaves /var/lib/apt/lists in the layer gets
// `&& rm -rf /var/lib/apt/lists/*` at the end of its script. A RUN merged into the next one
// (HDK-B-042) is fixed there.
#include "hardock/fix/fixes/common.h"
#include "hardock/fix/fixes/fixes.h"

namespace hardock::fix::fixes {
namespace apt_lists_detail {

bool apt(const PackageCommand& command) {
  return command.manager == "apt-get" || command.manager == "apt";
}

bool installs_with_apt(const ShellScript& script) {
  for (const auto& command : package_commands(script)) {
    if (apt(command) && installs(command)) return true;
  }
  return false;
}

// An apt install before any apt update in the script: it needs the lists an earlier RUN left.
bool needs_lists(const ShellScript& script) {
  for (const auto& command : package_commands(script)) {
    if (!apt(command)) continue;
    if (command.sub() == "update") return false;
    if (installs(command)) return true;
  }
  return false;
}

// Whether stage `stage` is `ancestor` or built FROM it.
bool descends(const FixContext& context, std::size_t stage, std::size_t ancestor) {
  const auto& stages = context.file().stages;
  for (std::size_t steps = 0; stage < stages.size() && steps <= stages.size(); ++steps) {
    if (stage == ancestor) return true;
    if (!stages[stage].base_stage || *stages[stage].base_stage >= stage) return false;
    stage = *stages[stage].base_stage;
  }
  return false;
}

// A later RUN of this stage (or of one built FROM it) installing with apt without updating.
bool later_needs_lists(const FixContext& context, std::size_t index) {
  const auto& insts = context.file().instructions;
  if (!insts[index].stage) return false;
  for (std::size_t later = index + 1; later < insts.size(); ++later) {
    if (!insts[later].stage || !descends(context, *insts[later].stage, *insts[index].stage)) {
      continue;
    }
    if (needs_lists(context.subject.scripts[later])) return true;
  }
  return false;
}

bool removes_lists(const ShellScript& script) {
  for (const auto& command : script.commands) {
    if (command.name() != "rm") continue;
    for (const auto& word : command.words) {
      if (word.text.starts_with("/var/lib/apt/lists")) return true;
    }
  }
  return false;
}

}  // namespace apt_lists_detail

void apt_lists(FixContext& context, const core::Finding& finding) {
  const auto found = finding_run(context, finding);
  if (!found) return;
  const std::size_t index = context.merge_target(*found);
  const ShellScript& script = context.subject.scripts[index];
  if (apt_lists_detail::removes_lists(script)) return;  // already removed: nothing to do
  if (!apt_lists_detail::installs_with_apt(script)) {
    context.note(finding, "no apt install in this RUN: a later RUN may need the lists");
    return;
  }
  if (apt_lists_detail::later_needs_lists(context, index)) {
    context.note(finding, "a later RUN installs with apt without updating: it needs the lists");
    return;
  }
  for (const auto& mount : context.file().instructions[index].mounts) {
    const auto target = mount.option("target");
    if (target && target->starts_with("/var/lib/apt")) {
      context.note(finding, "the apt lists are on a --mount of this RUN; not removed");
      return;
    }
  }
  append_command(context, finding, index, "rm -rf /var/lib/apt/lists/*",
                 "removed the apt lists at the end of the RUN");
}

}  // namespace hardock::fix::fixes
