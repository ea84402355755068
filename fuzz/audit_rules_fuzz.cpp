// auditd rule files (/etc/audit/rules.d/*.rules) and containerd's config.toml come from the
// host tree (--host-root); both are line parsers of host text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hardock/host/text_parsers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)hardock::host::parse_audit_rules(text, "/etc/audit/rules.d/docker.rules");
  (void)hardock::host::parse_containerd_tcp(text);
  return 0;
}
