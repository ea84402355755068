// CLI11, for the app's files: included through here only. g++ 12 at -O2 reports a false
// "potential null pointer dereference" inside libstdc++'s basic_string as inlined into CLI11's
// own functions (CLI::detail::split); the warning is silenced for CLI11's code, not for ours.
#pragma once

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#pragma GCC diagnostic pop
