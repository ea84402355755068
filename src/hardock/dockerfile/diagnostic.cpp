#include "hardock/dockerfile/diagnostic.h"

#include "hardock/io/escape.h"

namespace hardock::dockerfile {

std::string Diagnostic::to_string(std::string_view file) const {
  std::string out = io::terminal_safe(file);
  out += ':' + std::to_string(pos.line) + ':' + std::to_string(pos.column) + ": ";
  out += severity == DiagnosticSeverity::kError ? "error: " : "warning: ";
  out += io::terminal_safe(io::truncate(message, 400));
  out += " (" + io::terminal_safe(code) + ')';
  return out;
}

}  // namespace hardock::dockerfile
