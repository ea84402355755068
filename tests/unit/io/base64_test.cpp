#include "hardock/io/base64.h"

#include <gtest/gtest.h>

namespace hardock::io {
namespace {

TEST(Base64, RoundTripsAndRejects) {
  EXPECT_EQ(base64_encode("user:pass"), "dXNlcjpwYXNz");
  EXPECT_EQ(*base64_decode("dXNlcjpwYXNz"), "user:pass");
  EXPECT_EQ(*base64_decode("YQ=="), "a");
  EXPECT_EQ(*base64_decode("YWI=\n"), "ab");
  EXPECT_EQ(*base64_decode(""), "");
  EXPECT_FALSE(base64_decode("not base64!"));
  EXPECT_FALSE(base64_decode("YQ="));  // not a multiple of four
  const std::string big = base64_encode(std::string(3000, 'x'));
  EXPECT_EQ(base64_decode(big)->size(), 3000U);
  EXPECT_FALSE(base64_decode(big, 100));  // over the caller's bound
}

}  // namespace
}  // namespace hardock::io
