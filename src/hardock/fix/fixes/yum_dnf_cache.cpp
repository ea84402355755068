// HDK-B-047: a RUN installing with yum, dnf or microdnf without `<manager> clean all` gets
// `&& <manager> clean all` at the end of its script (once per manager it uses).
#include <algorithm>

#include "hardock/fix/fixes/common.h"
#include "hardock/fix/fixes/fixes.h"

namespace hardock::fix::fixes {

void yum_dnf_cache(FixContext& context, const core::Finding& finding) {
  const auto index = finding_run(context, finding);
  if (!index) return;
  std::vector<std::string> managers;
  bool cleaned = false;
  for (const auto& command : package_commands(context.subject.scripts[*index])) {
    if (command.manager != "yum" && command.manager != "dnf" && command.manager != "microdnf") {
      continue;
    }
    if (command.sub() == "clean") cleaned = true;
    if (installs(command) &&
        std::find(managers.begin(), managers.end(), command.manager) == managers.end()) {
      managers.push_back(command.manager);
    }
  }
  if (cleaned) return;  // a clean is there: the rule judges whether it is enough
  if (managers.empty()) {
    context.note(finding, "no yum, dnf or microdnf install in this RUN");
    return;
  }
  for (const auto& manager : managers) {
    if (!append_command(context, finding, *index, manager + " clean all",
                        "added `" + manager + " clean all` at the end of the RUN")) {
      return;
    }
  }
}

}  // namespace hardock::fix::fixes
