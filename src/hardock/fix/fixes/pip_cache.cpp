// HDK-B-049: `pip install` (pip, pip3, python -m pip) gets --no-cache-dir after `install`,
// unless it has it.
#include "hardock/fix/fixes/common.h"
#include "hardock/fix/fixes/fixes.h"

namespace hardock::fix::fixes {

void pip_cache(FixContext& context, const core::Finding& finding) {
  insert_option(context, finding, "--no-cache-dir", [](const PackageCommand& command) {
    return command.manager == "pip" && command.sub() == "install" &&
           !has_option(command, {"--no-cache-dir"}, "");
  });
}

}  // namespace hardock::fix::fixes
