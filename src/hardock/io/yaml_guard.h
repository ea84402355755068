// yaml-cpp parses flow collections ([...], {...}) recursively: a small file nested thousands
// deep overflows the stack. Every YAML input hardock reads (policy files, Compose files) is
// checked here first. Block nesting needs indentation, so the file's size bounds it.
#pragma once

#include <string>
#include <string_view>

namespace hardock::io {

inline constexpr int kMaxYamlFlowDepth = 32;

// Empty when no '[' or '{' opens more than `max_depth` levels; otherwise a one-line reason. It
// counts every bracket, in quotes too: it may refuse a strange file, never let a deep one by.
std::string yaml_nesting_error(std::string_view text, int max_depth = kMaxYamlFlowDepth);

}  // namespace hardock::io
