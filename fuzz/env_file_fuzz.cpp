// /etc/default/docker (DOCKER_OPTS) and /etc/sysconfig/docker (OPTIONS) come from the host
// tree (--host-root): parsed, their values split into words and read as dockerd's flags, as
// read_daemon_config does for a host without a systemd unit.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "hardock/host/daemon_flags.h"
#include "hardock/host/daemon_sources.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto& assignment : hardock::host::parse_env_file(text, "/etc/default/docker")) {
    std::vector<hardock::host::WordSource> words;
    for (auto& word : hardock::host::split_words(assignment.value)) {
      words.push_back({std::move(word), assignment.source});
    }
    (void)hardock::host::parse_dockerd_flags(words);
  }
  return 0;
}
