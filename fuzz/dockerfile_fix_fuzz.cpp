// `hardock lint --fix` edits a Dockerfile whoever wrote the repository controls: for any bytes,
// with every fixable code reported on every line of every instruction, the fixes never crash,
// grow the text only by bounded, fixed insertions, give a text that parses again, and the
// unified diff of the two is made without trouble.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/finding.h"
#include "hardock/dockerfile/subject.h"
#include "hardock/fix/fix.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > (64u << 10)) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto subject = hardock::dockerfile::make_subject("Dockerfile", text);
  static constexpr std::string_view kCodes[] = {"HDK-B-001", "HDK-B-003", "HDK-B-005", "HDK-B-007",
                                                "HDK-B-014", "HDK-B-042", "HDK-B-043", "HDK-B-044",
                                                "HDK-B-045", "HDK-B-046", "HDK-B-047", "HDK-B-048",
                                                "HDK-B-049", "HDK-B-051", "HDK-B-054"};
  std::vector<hardock::core::Finding> findings;
  for (const auto& inst : subject.file.instructions) {
    for (std::uint32_t line = inst.pos.line; line <= inst.end_line && line < inst.pos.line + 4;
         ++line) {
      for (const auto code : kCodes) {
        hardock::core::Finding finding;
        finding.check_code = code;
        finding.location.file = "Dockerfile";
        finding.location.line = line;
        findings.push_back(std::move(finding));
      }
    }
  }
  hardock::fix::FixOptions options;
  options.healthcheck_command = "true";
  options.resolve_digest = [](std::string_view ref) -> std::optional<std::string> {
    if (ref.size() % 2 == 0) return "sha256:" + std::string(64, 'a');
    return std::string(ref);  // invalid: must be refused
  };
  const auto result = hardock::fix::fix_dockerfile(subject, findings, options);
  // Each insertion is a fixed string or text moved from a removed RUN.
  if (result.text.size() > 8 * size + 4096) __builtin_trap();
  const auto again = hardock::dockerfile::make_subject("Dockerfile", result.text);
  (void)hardock::fix::fix_dockerfile(again, findings, options);
  const std::string diff = hardock::fix::unified_diff("a", "b", subject.file.text, result.text);
  if (!subject.file.bom && diff.empty() != (result.text == subject.file.text)) __builtin_trap();
  return 0;
}
