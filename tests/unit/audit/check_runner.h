// Runs one registered check on a snapshot fragment, for check tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "hardock/audit/registry.h"

namespace hardock::audit::check_test {

// The check's findings; a test failure (and no findings) when the code names
// no check or the fragment does not decode.
inline std::vector<core::Finding> run_check(std::string_view code, std::string_view fragment,
                                            const AuditConfig& config = {}) {
  const Check* check = find_check(code);
  auto snapshot = docker::decode_snapshot_text(fragment);
  if (check == nullptr || !snapshot) {
    ADD_FAILURE() << code << ": no such check or a fragment that does not decode";
    return {};
  }
  return check->run(*check, AuditContext{*snapshot, config});
}

inline bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace hardock::audit::check_test
