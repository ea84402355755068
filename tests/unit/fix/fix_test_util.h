// Helpers of the fix tests: findings made by hand (code + line), so that each fix is tested on
// its own, and an idempotence check that re-runs the same codes on every line of the output.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/finding.h"
#include "hardock/dockerfile/subject.h"
#include "hardock/fix/fix.h"

namespace hardock::fix::test {

inline core::Finding finding(std::string_view code, std::uint32_t line,
                             std::string file = "Dockerfile") {
  core::Finding out;
  out.check_code = code;
  out.location.file = std::move(file);
  out.location.line = line;
  return out;
}

inline FixResult run(std::string_view text, const std::vector<core::Finding>& findings,
                     const FixOptions& options = {}) {
  const auto subject = dockerfile::make_subject("Dockerfile", text);
  return fix_dockerfile(subject, findings, options);
}

// Each of `codes` on every instruction's first line of `text`.
inline std::vector<core::Finding> everywhere(std::string_view text,
                                             const std::vector<std::string_view>& codes) {
  const auto subject = dockerfile::make_subject("Dockerfile", text);
  std::vector<core::Finding> out;
  for (const auto& inst : subject.file.instructions) {
    for (const auto code : codes) out.push_back(finding(code, inst.pos.line));
  }
  return out;
}

// Fixing `before` for `findings` gives `after` exactly; fixing `after` again for the same codes,
// wherever they could point, changes nothing.
inline void expect_fix(std::string_view before, const std::vector<core::Finding>& findings,
                       std::string_view after, const FixOptions& options = {}) {
  const auto result = run(before, findings, options);
  EXPECT_EQ(result.text, after);
  std::vector<std::string_view> codes;
  for (const auto& f : findings) codes.push_back(f.check_code);
  const auto again = run(result.text, everywhere(result.text, codes), options);
  EXPECT_EQ(again.text, result.text) << "not idempotent";
  EXPECT_TRUE(again.applied.empty());
}

inline bool has_note(const FixResult& result, std::string_view part) {
  for (const auto& note : result.notes) {
    if (note.find(part) != std::string::npos) return true;
  }
  return false;
}

}  // namespace hardock::fix::test
