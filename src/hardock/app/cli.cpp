// The command line: CLI11 wiring and the Docker CLI plugin protocol. In the app library, not in
// main.cpp, so that CLI11's code is compiled once, with the commands that register on it.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/app/cli.h"
#include "hardock/app/commands.h"
#include "hardock/app/version.h"

namespace hardock::app {
namespace {

// The Docker CLI runs `docker-hardock docker-cli-plugin-metadata` to discover
// plugins, then `docker-hardock [GLOBAL FLAGS] hardock ARGS...` for
// `docker [GLOBAL FLAGS] hardock ARGS...`.
constexpr const char* kPluginMetadataCommand = "docker-cli-plugin-metadata";

// The docker CLI's global flags that come before the plugin's name, turned into the environment
// the docker CLI itself would honour (-H: DOCKER_HOST, --context: DOCKER_CONTEXT, ...), so that
// `docker -H X hardock audit` and `docker --context prod hardock audit` audit that engine.
// Returns the index of the "hardock" argument, or 0 when the arguments are not a plugin call;
// an error message when a flag cannot be honoured.
size_t take_docker_global_flags(const std::vector<char*>& args, std::string& error) {
  auto value_of = [&](size_t& index, std::string_view flag) -> const char* {
    std::string_view arg = args[index];
    if (arg.size() > flag.size() && arg.substr(0, flag.size()) == flag && arg[flag.size()] == '=') {
      return args[index] + flag.size() + 1;
    }
    if (index + 1 >= args.size()) return nullptr;
    return args[++index];
  };
  auto flag_is = [](std::string_view arg, std::string_view a, std::string_view b = {}) {
    auto matches = [&](std::string_view name) {
      return !name.empty() && (arg == name || (arg.starts_with(name) && arg.size() > name.size() &&
                                               arg[name.size()] == '='));
    };
    return matches(a) || matches(b);
  };
  size_t index = 1;
  for (; index < args.size(); ++index) {
    std::string_view arg = args[index];
    if (arg == "hardock") return index;
    const char* value = nullptr;
    if (flag_is(arg, "-H", "--host")) {
      if ((value = value_of(index, arg.starts_with("--") ? "--host" : "-H")) == nullptr) break;
      ::setenv("DOCKER_HOST", value, 1);
    } else if (flag_is(arg, "-c", "--context")) {
      if ((value = value_of(index, arg.starts_with("--") ? "--context" : "-c")) == nullptr) break;
      ::setenv("DOCKER_CONTEXT", value, 1);
    } else if (flag_is(arg, "--config")) {
      if ((value = value_of(index, "--config")) == nullptr) break;
      ::setenv("DOCKER_CONFIG", value, 1);
    } else if (arg == "--tls") {
      ::setenv("DOCKER_TLS", "1", 1);
    } else if (arg == "--tlsverify") {
      ::setenv("DOCKER_TLS_VERIFY", "1", 1);
    } else if (arg == "-D" || arg == "--debug") {
      // the docker CLI's own debug output; nothing to pass on
    } else if (flag_is(arg, "-l", "--log-level")) {
      if (value_of(index, arg.starts_with("--") ? "--log-level" : "-l") == nullptr) break;
    } else if (arg.starts_with("-")) {
      error = "docker global flag " + std::string(arg) +
              " cannot be passed to the plugin; give hardock's own flags after `hardock` "
              "(hardock audit --help)";
      return 0;
    } else {
      return 0;
    }
  }
  return 0;
}

// Every command and the name it registers, in the order `hardock --help` lists them.
struct Command {
  std::string_view name;
  void (*add)(CLI::App&, ExitStatus&);
};
constexpr Command kCommands[] = {
    {"audit", register_audit},
    {"collect", register_collect},
    {"checks", register_checks},
    {"harden", register_harden},
    {"image", register_image},
    {"lint", register_lint},
    {"vercmp", register_vercmp},
    {"db", register_db},
    {"authz", register_authz},
    {"watch", register_watch},
    {"history", register_history},
    {"show", register_show},
    // Risk management.
    {"risk", register_risk},
    {"accept", register_accept},
    // Monitoring and evaluation (issue 13).
    {"report", register_report},
    {"metrics", register_metrics},
    {"version", register_version},
    // Change management: baselines and drift.
    {"baseline", register_baseline},
    {"drift", register_drift},
    {"disk-usage", register_disk_usage},
};

}  // namespace

int run_cli(int argc, char** argv) {
  std::vector<char*> args(argv, argv + argc);
  if (args.size() >= 2 && std::strcmp(args[1], kPluginMetadataCommand) == 0) {
    std::cout << R"({"SchemaVersion":"0.1.0","Vendor":"hardock","Version":")" << kVersion
              << R"(","ShortDescription":"Audit and harden Docker engines, mapped to COBIT 2019"})"
              << "\n";
    return 0;
  }
  if (std::getenv("DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND") != nullptr ||
      (args.size() >= 2 && std::strcmp(args[1], "hardock") == 0)) {
    // Invoked as a Docker CLI plugin: drop the global flags (honoured through the environment)
    // and the plugin's name.
    std::string error;
    const size_t name = take_docker_global_flags(args, error);
    if (!error.empty()) {
      std::fprintf(stderr, "hardock: error: %s\n", error.c_str());
      return 2;
    }
    if (name > 0)
      args.erase(args.begin() + 1, args.begin() + static_cast<std::ptrdiff_t>(name) + 1);
  }

  CLI::App app{"hardock: audit and harden Docker engines; findings mapped to COBIT 2019",
               "hardock"};
  app.require_subcommand(1);
  app.set_version_flag("--version", HARDOCK_VERSION);
  ExitStatus status;
  // Only the command the run names is built: building all twenty cost about 4 million
  // instructions, a third of a one-file `hardock lint` (docs/benchmarks.md). Help, a flag or an
  // unknown name get every command, for the list and the error.
  const Command* named = nullptr;
  for (const Command& command : kCommands) {
    if (args.size() >= 2 && command.name == args[1]) named = &command;
  }
  if (named != nullptr) {
    named->add(app, status);
  } else {
    for (const Command& command : kCommands) command.add(app, status);
  }
  try {
    app.parse(static_cast<int>(args.size()), args.data());
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    // One line, like every other hardock error; --help has the details.
    std::fprintf(stderr, "hardock: error: %s (see --help)\n", error.what());
    return 2;
  }
  return status.code;
}

}  // namespace hardock::app
