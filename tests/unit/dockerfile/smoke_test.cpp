#include <gtest/gtest.h>

#include "hardock/dockerfile/dockerfile.h"

TEST(Smoke, Parses) {
  const auto file = hardock::dockerfile::parse("FROM alpine\nRUN echo hi\n");
  EXPECT_EQ(file.instructions.size(), 2u);
}
