#include "hardock/io/json_guard.h"

#include <gtest/gtest.h>

#include <string>

namespace hardock::io {
namespace {

TEST(JsonNesting, AcceptsDockerShapedDocuments) {
  EXPECT_EQ(json_nesting_error(R"({"a":[{"b":{"c":[1,2,{"d":null}]}}]})"), "");
  EXPECT_EQ(json_nesting_error(""), "");
}

TEST(JsonNesting, RefusesDeepNestingWithoutRecursing) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(json_nesting_error(deep), "nested deeper than 128 levels at byte 128");
  EXPECT_EQ(json_nesting_error(std::string(3, '{'), 2), "nested deeper than 2 levels at byte 2");
}

TEST(JsonNesting, BracketsInsideStringsDoNotCount) {
  const std::string text =
      "{\"k\":\"" + std::string(1000, '[') + "\\\"" + std::string(10, '{') + "\"}";
  EXPECT_EQ(json_nesting_error(text, 2), "");
}

}  // namespace
}  // namespace hardock::io
