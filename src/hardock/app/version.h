#pragma once

#include <string_view>

namespace hardock::app {
inline constexpr std::string_view kVersion = HARDOCK_VERSION;
}  // namespace hardock::app
