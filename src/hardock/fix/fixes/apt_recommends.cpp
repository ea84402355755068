// HDK-B-044: `apt-get install` / `apt install` get --no-install-recommends after `install`,
// unless they have it or set APT::Install-Recommends with -o.
#include "hardock/fix/fixes/common.h"
#include "hardock/fix/fixes/fixes.h"

namespace hardock::fix::fixes {

void apt_recommends(FixContext& context, const core::Finding& finding) {
  insert_option(context, finding, "--no-install-recommends", [](const PackageCommand& command) {
    if ((command.manager != "apt-get" && command.manager != "apt") || command.sub() != "install") {
      return false;
    }
    if (has_option(command, {"--no-install-recommends"}, "")) return false;
    for (const auto& word : command.command->words) {
      if (word.text.find("Install-Recommends=") != std::string::npos) return false;
    }
    return true;
  });
}

}  // namespace hardock::fix::fixes
