// The Debian security tracker's JSON is read as a stream of SAX events: any bytes must give
// advisories or an Error, never a crash, a hang or unbounded nesting.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hardock/vulndb/debian_tracker.h"

namespace {

struct DiscardingSink final : hardock::vulndb::ImportSink {
  hardock::core::Result<void> advisory(
      const hardock::vuln::Advisory& advisory,
      const std::vector<hardock::vuln::Affected>& affected) override {
    if (advisory.id.empty() || affected.empty()) __builtin_trap();
    return {};
  }
  hardock::core::Result<void> package_version(const hardock::vulndb::PackageVersion&) override {
    return {};
  }
  hardock::core::Result<void> support(const hardock::vulndb::SupportEntry&) override { return {}; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  DiscardingSink sink;
  (void)hardock::vulndb::decode_debian_tracker(text, "fuzz.json", sink);
  return 0;
}
