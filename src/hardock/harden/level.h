// Hardening levels. baseline is safe for almost every workload; strict may need per-workload
// exceptions, and every generator lists the ones it made.
#pragma once

#include <string_view>

#include "hardock/core/result.h"

namespace hardock::harden {

enum class Level { kBaseline, kStrict };

[[nodiscard]] std::string_view to_string(Level level);
// "baseline" | "strict"; anything else is kInvalidArgument naming the value.
[[nodiscard]] core::Result<Level> parse_level(std::string_view text);

}  // namespace hardock::harden
