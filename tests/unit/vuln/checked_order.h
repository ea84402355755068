// The order of two versions for the version tests: compare_versions, checked to agree with the
// parsed forms (ParsedVersion, parsed once for matching); 99 when the versions are refused.
#pragma once

#include <gtest/gtest.h>

#include <string_view>

#include "hardock/vuln/version.h"

namespace hardock::vuln::testing {

inline int checked_order(Ecosystem ecosystem, std::string_view a, std::string_view b) {
  auto order = compare_versions(ecosystem, a, b);
  EXPECT_TRUE(order) << a << " vs " << b << ": " << order.error().to_string();
  auto parsed_a = ParsedVersion::parse(ecosystem, a);
  auto parsed_b = ParsedVersion::parse(ecosystem, b);
  EXPECT_TRUE(parsed_a && parsed_b) << a << " vs " << b;
  if (order && parsed_a && parsed_b) {
    EXPECT_EQ(compare(*parsed_a, *parsed_b), *order) << a << " vs " << b << " parsed";
  }
  return order.value_or(99);
}

}  // namespace hardock::vuln::testing
