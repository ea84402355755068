// `hardock vercmp dpkg|apk|rpm A B`: prints -1, 0 or 1 as A sorts before, equal to or after B
// in that package manager's order; exit 2 for an unknown ecosystem or a version it rejects.
#include <iostream>
#include <memory>
#include <string>

#include "hardock/app/commands.h"
#include "hardock/app/output.h"
#include "hardock/io/escape.h"
#include "hardock/vuln/version.h"

namespace hardock::app {
namespace {

struct VercmpFlags {
  std::string ecosystem;
  std::string a;
  std::string b;
};

int run_vercmp(const VercmpFlags& flags) {
  const auto ecosystem = vuln::parse_ecosystem(flags.ecosystem);
  if (!ecosystem) {
    return print_error(core::Error{core::ErrorCode::kInvalidArgument,
                                   "unknown ecosystem " +
                                       io::json_quote(io::truncate(flags.ecosystem, 40)) +
                                       " (dpkg, apk or rpm)",
                                   {}});
  }
  auto order = vuln::compare_versions(*ecosystem, flags.a, flags.b);
  if (!order) return print_error(order.error());
  std::cout << *order << "\n";
  return 0;
}

}  // namespace

void register_vercmp(CLI::App& app, ExitStatus& status) {
  auto flags = std::make_shared<VercmpFlags>();
  CLI::App* command = app.add_subcommand(
      "vercmp", "Compare two package versions: prints -1, 0 or 1 (A before, equal to, after B)");
  command->add_option("ecosystem", flags->ecosystem, "dpkg (or deb), apk or rpm")->required();
  command->add_option("a", flags->a, "First version")->required();
  command->add_option("b", flags->b, "Second version")->required();
  command->callback([flags, &status] { status.code = run_vercmp(*flags); });
}

}  // namespace hardock::app
