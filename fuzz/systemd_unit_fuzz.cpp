// systemd units and drop-ins come from the host tree (--host-root). The input is split at NUL
// bytes into a unit, drop-ins and, last, an EnvironmentFile; the unit keys are applied in order,
// ExecStart is expanded and dockerd's flags are read from it, as read_daemon_config does.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/host/daemon_flags.h"
#include "hardock/host/daemon_sources.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t end = std::min(text.find('\0', pos), text.size());
    parts.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  const std::string_view env_file = parts.size() > 1 ? parts.back() : std::string_view();
  if (parts.size() > 1) parts.pop_back();
  hardock::host::UnitKeys keys;
  for (std::size_t idx = 0; idx < parts.size(); ++idx) {
    hardock::host::apply_unit_file(
        parts[idx], "/etc/systemd/system/docker.service.d/" + std::to_string(idx) + ".conf", keys);
  }
  auto words = hardock::host::exec_start_words(
      keys, [&](const std::string& path) { return hardock::host::parse_env_file(env_file, path); });
  if (!words.empty()) words.erase(words.begin());
  (void)hardock::host::parse_dockerd_flags(words);
  return 0;
}
