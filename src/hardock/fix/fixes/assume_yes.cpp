// HDK-B-043: a package install that would prompt gets -y after its subcommand
// (`apt-get install -y`, `dnf install -y`, `zypper install -y`), only where no assume-yes
// option (-y, --yes, --assume-yes, -qq, --assumeyes, -n, --non-interactive ...) is there.
#include "hardock/fix/fixes/common.h"
#include "hardock/fix/fixes/fixes.h"

namespace hardock::fix::fixes {
namespace assume_yes_detail {

bool prompts(const PackageCommand& command) {
  const std::string_view sub = command.sub();
  if (command.manager == "apt-get" || command.manager == "apt") {
    if (!installs(command) && sub != "remove" && sub != "purge" && sub != "autoremove") {
      return false;
    }
    if (has_option(command, {"--yes", "--assume-yes", "--force-yes"}, "y")) return false;
    for (const auto& word : command.command->words) {
      if (word.text == "-qq" || word.text == "-q=2" || word.text == "--quiet=2") return false;
    }
    return true;
  }
  if (command.manager == "yum" || command.manager == "dnf" || command.manager == "microdnf") {
    if (!installs(command) && sub != "remove" && sub != "erase") return false;
    return !has_option(command, {"--assumeyes"}, "y");
  }
  if (command.manager == "zypper") {
    if (!installs(command) && sub != "remove" && sub != "rm") return false;
    return !has_option(command, {"--non-interactive", "--no-confirm"}, "ny");
  }
  return false;
}

}  // namespace assume_yes_detail

void assume_yes(FixContext& context, const core::Finding& finding) {
  insert_option(context, finding, "-y", assume_yes_detail::prompts);
}

}  // namespace hardock::fix::fixes
