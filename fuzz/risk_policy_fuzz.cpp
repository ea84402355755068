// .hardock.yaml's risk: and waivers: sections come from a repository anyone may send a change
// to: parse_policy must turn any bytes into a policy or a one-line Error, never a crash, and
// every waiver it accepts must pass validation again.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "hardock/risk/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto policy = hardock::risk::parse_policy(text, "fuzz.yaml");
  if (!policy) {
    if (policy.error().message.find('\n') != std::string::npos) __builtin_trap();
    return 0;
  }
  for (auto waiver : policy->waivers) {
    if (!hardock::audit::validate_waiver(waiver, "again")) __builtin_trap();
  }
  return 0;
}
