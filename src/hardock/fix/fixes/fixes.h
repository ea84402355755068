// Internal to the fix module: the fixes, one file each under fixes/, listed in registry.cpp.
#pragma once

#include "hardock/fix/context.h"

namespace hardock::fix::fixes {

void user_root(FixContext& context, const core::Finding& finding);       // HDK-B-001
void pin_digest(FixContext& context, const core::Finding& finding);      // HDK-B-003
void add_local(FixContext& context, const core::Finding& finding);       // HDK-B-005
void expose_ssh(FixContext& context, const core::Finding& finding);      // HDK-B-007
void healthcheck(FixContext& context, const core::Finding& finding);     // HDK-B-014
void update_alone(FixContext& context, const core::Finding& finding);    // HDK-B-042
void assume_yes(FixContext& context, const core::Finding& finding);      // HDK-B-043
void apt_recommends(FixContext& context, const core::Finding& finding);  // HDK-B-044
void apt_lists(FixContext& context, const core::Finding& finding);       // HDK-B-045
void apk_cache(FixContext& context, const core::Finding& finding);       // HDK-B-046
void yum_dnf_cache(FixContext& context, const core::Finding& finding);   // HDK-B-047
void zypper_cache(FixContext& context, const core::Finding& finding);    // HDK-B-048
void pip_cache(FixContext& context, const core::Finding& finding);       // HDK-B-049
void ssh_server(FixContext& context, const core::Finding& finding);      // HDK-B-051
void pipefail(FixContext& context, const core::Finding& finding);        // HDK-B-054

}  // namespace hardock::fix::fixes
