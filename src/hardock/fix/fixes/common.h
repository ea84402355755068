// Internal to the fix module: steps several fixes share.
#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include "hardock/fix/context.h"
#include "hardock/fix/packages.h"

namespace hardock::fix::fixes {

// The RUN (or ONBUILD RUN) instruction a finding points into; a note and none otherwise.
std::optional<std::size_t> finding_run(FixContext& context, const core::Finding& finding);

// Inserts " <option>" after the subcommand of every package command of the finding's RUN for
// which `wants` is true. Notes when there was none to fix or a word is not exactly in the file.
void insert_option(FixContext& context, const core::Finding& finding, std::string_view option,
                   const std::function<bool(const PackageCommand&)>& wants);

// Appends " && <command>" at the end of RUN `instruction`'s script (FixContext::script_end).
// False (and a note) when the end is not certain.
bool append_command(FixContext& context, const core::Finding& finding, std::size_t instruction,
                    std::string_view command, std::string description);

}  // namespace hardock::fix::fixes
