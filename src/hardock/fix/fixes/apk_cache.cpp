// HDK-B-046: `apk add` gets --no-cache after `add` (no index or package cache left in the
// layer), unless it has it.
#include "hardock/fix/fixes/common.h"
#include "hardock/fix/fixes/fixes.h"

namespace hardock::fix::fixes {

void apk_cache(FixContext& context, const core::Finding& finding) {
  insert_option(context, finding, "--no-cache", [](const PackageCommand& command) {
    return command.manager == "apk" && command.sub() == "add" &&
           !has_option(command, {"--no-cache"}, "");
  });
}

}  // namespace hardock::fix::fixes
