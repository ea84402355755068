// Mechanical, safe fixes of a Dockerfile (`hardock lint --fix`), keyed on the findings of the
// Dockerfile rules (HDK-B-NNN), applied as byte-range edits of the original text.
//
// Each fix re-checks its own condition on the parsed file before editing (a finding only says
// where to look), so fixing a fixed file changes nothing. Edits keep the file's line endings,
// escape character, continuations and comments; they never overlap (an edit that would is
// dropped with a note). What is not fixed, and why, is in FixResult::notes. Everything inserted
// is a fixed string or a validated value (a digest must match sha256:[0-9a-f]{64}, the
// healthcheck command must be one printable line).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hardock::core {
struct Finding;
}
namespace hardock::dockerfile {
struct DockerfileSubject;
}

namespace hardock::fix {

struct FixOptions {
  // --fix-healthcheck CMD: the command of the HEALTHCHECK added for HDK-B-014 (shell form).
  std::optional<std::string> healthcheck_command;
  // The digest ("sha256:<64 hex>") of an image reference as the engine or a registry reports
  // it, for HDK-B-003; nullopt when unknown. May be empty (no lookup: pinning is a note).
  std::function<std::optional<std::string>(std::string_view image_ref)> resolve_digest;
};

struct AppliedFix {
  std::string code;        // "HDK-B-005"
  std::uint32_t line = 0;  // of the finding, in the original file
  std::string description;
};

struct FixResult {
  std::string text;  // the fixed file (the input when nothing applied), BOM kept
  std::vector<AppliedFix> applied;
  std::vector<std::string> notes;  // "Dockerfile:12: HDK-B-040 not fixed: ..." (not escaped)
};

// Fixes `subject` for the findings that concern it (findings of other files, other codes and
// non-failing findings are ignored; codes without a fix become notes).
[[nodiscard]] FixResult fix_dockerfile(const dockerfile::DockerfileSubject& subject,
                                       const std::vector<core::Finding>& findings,
                                       const FixOptions& options);

// The unified diff (`diff -u` format, 3 lines of context) turning `before` into `after`, with
// the labels on the ---/+++ lines (control characters replaced); "" when they are equal. Lines
// end at '\n' ('\r' stays part of a line, as GNU diff does); a last line without newline gets
// "\ No newline at end of file". `patch -p0` applies it.
[[nodiscard]] std::string unified_diff(std::string_view old_label, std::string_view new_label,
                                       std::string_view before, std::string_view after);

}  // namespace hardock::fix
