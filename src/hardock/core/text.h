// Small text helpers shared by every module.
#pragma once

#include <string>
#include <string_view>

namespace hardock::core {

// ASCII lower case; other bytes (UTF-8 included) unchanged, whatever the locale.
std::string ascii_lower(std::string_view text);

}  // namespace hardock::core
