// A stored run's findings and check outcomes come back from a store other hosts write (a shared
// PostgreSQL): decompress and decode must turn any bytes into parts or an Error, never a crash,
// and what they accept must survive encode -> decode unchanged.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hardock/store/codec.h"

namespace {

void findings_round_trip(std::string_view bytes) {
  auto findings = hardock::store::detail::decode_findings(bytes);
  if (!findings) return;
  const std::string again = hardock::store::detail::encode_findings(*findings);
  auto reread = hardock::store::detail::decode_findings(again);
  if (!reread || hardock::store::detail::encode_findings(*reread) != again) __builtin_trap();
}

void checks_round_trip(std::string_view bytes) {
  auto checks = hardock::store::detail::decode_checks(bytes);
  if (!checks) return;
  const std::string again = hardock::store::detail::encode_checks(*checks);
  auto reread = hardock::store::detail::decode_checks(again);
  if (!reread || hardock::store::detail::encode_checks(*reread) != again) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  findings_round_trip(bytes);
  checks_round_trip(bytes);
  // The same bytes as a zstd frame, decompressed with a small bound.
  auto plain = hardock::store::detail::decompress(bytes, std::size_t{16} << 20, "fuzz");
  if (plain) {
    findings_round_trip(*plain);
    checks_round_trip(*plain);
  }
  return 0;
}
