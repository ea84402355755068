// `hardock collect`: save an engine snapshot for offline audits (`audit --from`).
#include <memory>

#include <nlohmann/json.hpp>

#include "hardock/app/commands.h"
#include "hardock/app/engine_options.h"
#include "hardock/app/output.h"

namespace hardock::app {
namespace {

struct CollectFlags {
  EngineFlags engine;
  HostFlags host;
  std::string output = "-";
};

int run_collect(const CollectFlags& flags) {
  auto collected = collect_sources(flags.engine, flags.host);
  if (!collected) return print_error(collected.error());
  // A snapshot holds every container's environment (passwords included): 0600, whatever the
  // umask allows beyond it.
  const std::string text =
      collected->document.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  if (auto written = write_output(flags.output, text, 0600); !written) {
    return print_error(written.error());
  }
  return 0;
}

}  // namespace

void register_collect(CLI::App& app, ExitStatus& status) {
  auto flags = std::make_shared<CollectFlags>();
  CLI::App* command = app.add_subcommand("collect", "Save an engine snapshot as JSON");
  add_engine_flags(*command, flags->engine);
  add_host_flags(*command, flags->host);
  command->add_option("-o,--output", flags->output, "File to write (- for stdout); created 0600")
      ->capture_default_str();
  command->callback([flags, &status] { status.code = run_collect(*flags); });
}

}  // namespace hardock::app
