// hardock's entry point: libcurl's set-up, and the one catch-all that turns an unexpected
// exception into a one-line error. The command line itself is app/cli.cpp.
#include <curl/curl.h>

#include <cstdio>
#include <exception>

#include "hardock/app/cli.h"

int main(int argc, char** argv) {
  // libcurl's global set-up, once and before any thread: audit reads the engine and the host
  // (whose probes also use libcurl) at the same time.
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    std::fprintf(stderr, "hardock: error: libcurl could not be initialised\n");
    return 3;
  }
  try {
    return hardock::app::run_cli(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "hardock: internal error: %s\n", error.what());
  } catch (...) {
    std::fprintf(stderr, "hardock: internal error\n");
  }
  return 3;
}
