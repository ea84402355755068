// HDK-B-048: a RUN installing with zypper without `zypper clean` gets `&& zypper clean` at the
// end of its script.
#include "hardock/fix/fixes/common.h"
#include "hardock/fix/fixes/fixes.h"

namespace hardock::fix::fixes {

void zypper_cache(FixContext& context, const core::Finding& finding) {
  const auto index = finding_run(context, finding);
  if (!index) return;
  bool installs_any = false;
  for (const auto& command : package_commands(context.subject.scripts[*index])) {
    if (command.manager != "zypper") continue;
    if (command.sub() == "clean" || command.sub() == "cc") return;  // already cleaned
    installs_any = installs_any || installs(command);
  }
  if (!installs_any) {
    context.note(finding, "no zypper install in this RUN");
    return;
  }
  append_command(context, finding, *index, "zypper clean",
                 "added `zypper clean` at the end of the RUN");
}

}  // namespace hardock::fix::fixes
