// `hardock version`.
#include <iostream>

#include "hardock/app/commands.h"
#include "hardock/app/version.h"

namespace hardock::app {

void register_version(CLI::App& app, ExitStatus& status) {
  CLI::App* command = app.add_subcommand("version", "Print hardock's version");
  command->callback([&status] {
    std::cout << "hardock " << kVersion << "\n";
    status.code = 0;
  });
}

}  // namespace hardock::app
