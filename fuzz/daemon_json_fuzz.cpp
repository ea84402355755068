// daemon.json comes from the host tree being audited (--host-root): parse_daemon_json must turn
// any bytes into settings or an Error, never a crash, a hang or an escaping exception; the
// settings must then answer every DaemonConfig query.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "hardock/host/daemon_config.h"
#include "hardock/host/daemon_sources.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)hardock::host::parse_daemon_json(text, "/etc/docker/daemon.json");
  auto settings = hardock::host::parse_daemon_json(text, "/etc/docker/daemon.json",
                                                   hardock::host::DaemonJsonTypes::kDockerd);
  if (!settings) return 0;
  hardock::host::DaemonConfig config;
  config.sources.emplace_back("/etc/docker/daemon.json");
  config.settings = std::move(*settings);
  for (const auto& setting : config.settings) {
    (void)config.values(setting.key);
    (void)config.boolean(setting.key);
    (void)hardock::host::describe(setting);
  }
  (void)hardock::host::encode_daemon_config(config);
  return 0;
}
