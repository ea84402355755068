// hardock's entry point: the one catch-all that turns an unexpected exception into a one-line
// error. The command line itself is app/cli.cpp. libcurl's global set-up runs when a command
// first uses libcurl (lazylib/curl.cpp).
#include <cstdio>
#include <exception>

#include "hardock/app/cli.h"
#include "hardock/lazylib/library.h"

int main(int argc, char** argv) {
  try {
    return hardock::app::run_cli(argc, argv);
  } catch (const hardock::lazylib::LoadError& error) {
    // A library hardock opens on first use is missing or broken: an install problem.
    std::fprintf(stderr, "hardock: error: %s\n", error.what());
  } catch (const std::exception& error) {
    std::fprintf(stderr, "hardock: internal error: %s\n", error.what());
  } catch (...) {
    std::fprintf(stderr, "hardock: internal error\n");
  }
  return 3;
}
