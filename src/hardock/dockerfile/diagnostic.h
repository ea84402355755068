// Diagnostics of the Dockerfile parser and the shell splitter: a position in the file, a stable
// code naming the problem ("unknown-instruction", "unterminated-heredoc" ...) and a one-line
// message. Parsing never stops at the first problem: every function here returns a list.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hardock::dockerfile {

// 1-based line and column; the column counts bytes from the start of the line (a UTF-8 BOM on
// the first line is not counted). {0, 0} means "no position" (never given for a real token).
struct Position {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  friend bool operator==(const Position&, const Position&) = default;
};

enum class DiagnosticSeverity { kError, kWarning };

struct Diagnostic {
  Position pos;
  DiagnosticSeverity severity = DiagnosticSeverity::kError;
  std::string code;     // stable slug, e.g. "unknown-instruction"
  std::string message;  // one line, may quote Dockerfile text (not yet escaped for a terminal)

  // "FILE:LINE:COLUMN: error: message (code)" on one line, terminal-safe.
  [[nodiscard]] std::string to_string(std::string_view file) const;
};

}  // namespace hardock::dockerfile
