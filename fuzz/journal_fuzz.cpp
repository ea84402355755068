// The apply journal (STATE_DIR/journal.json) may sit in a shared directory: parse_journal must
// turn any bytes into a journal or an Error, never a crash, and a journal it accepts must
// survive serialize -> parse unchanged (what --rollback writes back is what it read).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hardock/harden/journal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto journal = hardock::harden::parse_journal(text);
  if (!journal) return 0;
  for (auto& entry : journal->applies) {
    for (const auto& record : entry.containers) {
      (void)hardock::harden::needs_rollback(record.state);
      (void)hardock::harden::to_string(record.state);
    }
  }
  (void)journal->last_active();
  const std::string again = hardock::harden::serialize_journal(*journal);
  auto reread = hardock::harden::parse_journal(again);
  if (!reread || hardock::harden::serialize_journal(*reread) != again) __builtin_trap();
  return 0;
}
