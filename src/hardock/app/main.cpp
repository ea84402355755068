// hardock's entry point: CLI11 wiring, the Docker CLI plugin protocol, and the
// one catch-all that turns an unexpected exception into a one-line error.
#include <curl/curl.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <string_view>
#include <vector>

// g++ 12 at -O2 reports a false "potential null pointer dereference" inside
// libstdc++'s basic_string as inlined into CLI11's App::parse; nothing of ours.
#pragma GCC diagnostic ignored "-Wnull-dereference"

#include "hardock/app/commands.h"
#include "hardock/app/version.h"

namespace {

// The Docker CLI runs `docker-hardock docker-cli-plugin-metadata` to discover
// plugins, then `docker-hardock hardock ARGS...` for `docker hardock ARGS...`.
constexpr const char* kPluginMetadataCommand = "docker-cli-plugin-metadata";

int run(int argc, char** argv) {
  using namespace hardock::app;
  std::vector<char*> args(argv, argv + argc);
  if (args.size() >= 2 && std::strcmp(args[1], kPluginMetadataCommand) == 0) {
    std::cout << R"({"SchemaVersion":"0.1.0","Vendor":"hardock","Version":")" << kVersion
              << R"(","ShortDescription":"Audit and harden Docker engines, mapped to COBIT 2019"})"
              << "\n";
    return 0;
  }
  if (args.size() >= 2 && std::strcmp(args[1], "hardock") == 0) {
    args.erase(args.begin() + 1);  // invoked as a Docker CLI plugin
  }

  CLI::App app{"hardock: audit and harden Docker engines; findings mapped to COBIT 2019",
               "hardock"};
  app.require_subcommand(1);
  app.set_version_flag("--version", HARDOCK_VERSION);
  ExitStatus status;
  register_audit(app, status);
  register_collect(app, status);
  register_checks(app, status);
  register_harden(app, status);
  register_version(app, status);
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

}  // namespace

int main(int argc, char** argv) {
  // libcurl's global set-up, once and before any thread: audit reads the engine and the host
  // (whose probes also use libcurl) at the same time.
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    std::fprintf(stderr, "hardock: error: libcurl could not be initialised\n");
    return 3;
  }
  try {
    return run(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "hardock: internal error: %s\n", error.what());
  } catch (...) {
    std::fprintf(stderr, "hardock: internal error\n");
  }
  return 3;
}
