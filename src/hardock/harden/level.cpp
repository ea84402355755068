#include "hardock/harden/level.h"

#include <string>

namespace hardock::harden {

std::string_view to_string(Level level) { return level == Level::kStrict ? "strict" : "baseline"; }

core::Result<Level> parse_level(std::string_view text) {
  if (text == "baseline") return Level::kBaseline;
  if (text == "strict") return Level::kStrict;
  return core::fail(core::ErrorCode::kInvalidArgument,
                    "unknown hardening level '" + std::string(text) + "' (baseline, strict)");
}

}  // namespace hardock::harden
