// Package index stanzas (APT Packages, APKINDEX): the first byte picks the format, the rest is
// fed line by line; any bytes must give packages or an Error, and every package given has a
// name, a version and a source.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hardock/vulndb/package_index.h"

namespace {

struct CheckingSink final : hardock::vulndb::ImportSink {
  hardock::core::Result<void> advisory(const hardock::vuln::Advisory&,
                                       const std::vector<hardock::vuln::Affected>&) override {
    return {};
  }
  hardock::core::Result<void> package_version(
      const hardock::vulndb::PackageVersion& package) override {
    if (package.package.empty() || package.version.empty() || package.source_name.empty() ||
        package.source_version.empty()) {
      __builtin_trap();
    }
    return {};
  }
  hardock::core::Result<void> support(const hardock::vulndb::SupportEntry&) override { return {}; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using hardock::vulndb::StanzaParser;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto format = !text.empty() && text.front() == 'K' ? StanzaParser::Format::kApk
                                                           : StanzaParser::Format::kApt;
  CheckingSink sink;
  StanzaParser parser(format, {"Debian:12", "bookworm", "fuzz"}, sink);
  std::size_t number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (!parser.line(text.substr(start, end - start), ++number)) return 0;
    start = end + 1;
  }
  (void)parser.finish(number);
  return 0;
}
