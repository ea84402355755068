// The command line: parses argv (also as a Docker CLI plugin), runs the command, returns its exit
// code. Exceptions other than CLI11's parse errors propagate to main.
#pragma once

namespace hardock::app {

int run_cli(int argc, char** argv);

}  // namespace hardock::app
