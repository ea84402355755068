// OSV records come from feeds (a zip, a directory) anyone may have written: decode_osv_record
// must turn any bytes into a record or an Error, never a crash or a hang, and what it keeps must
// survive the database's encoding (record_codec.h) unchanged.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hardock/vulndb/osv_record.h"
#include "hardock/vulndb/record_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hardock::vulndb;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto record = decode_osv_record(text, "fuzz.json");
  if (!record) return 0;
  if (decode_list(encode_list(record->advisory.aliases)) != record->advisory.aliases) {
    __builtin_trap();
  }
  for (const auto& affected : record->affected) {
    auto ranges = decode_ranges(encode_ranges(affected.ranges));
    if (!ranges || ranges->size() != affected.ranges.size()) __builtin_trap();
    for (std::size_t index = 0; index < ranges->size(); ++index) {
      const auto& events = (*ranges)[index].events;
      const auto& original = affected.ranges[index].events;
      if (events.size() != original.size()) __builtin_trap();
      for (std::size_t event = 0; event < events.size(); ++event) {
        if (events[event].kind != original[event].kind ||
            events[event].version != original[event].version) {
          __builtin_trap();
        }
      }
    }
    if (decode_list(encode_list(affected.versions)) != affected.versions) __builtin_trap();
  }
  return 0;
}
