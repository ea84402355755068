#include "hardock/core/sha256.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace hardock::core {
namespace {

// FIPS 180-2's examples.
TEST(Sha256, KnownAnswers) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string("a\0b", 3)), sha256_hex(std::string("a\0b", 3)));
  EXPECT_NE(sha256_hex(std::string("a\0b", 3)), sha256_hex("a"));
}

TEST(Sha256, HexOfAPrefix) {
  EXPECT_EQ(to_hex(sha256("abc"), 4), "ba7816bf");
  EXPECT_EQ(to_hex(sha256("abc"), 99).size(), 64u);
}

// One context per thread: threads hashing at once get each their own answer.
TEST(Sha256, ThreadsDoNotMixTheirDigests) {
  std::vector<std::string> got(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&got, i] {
      for (int round = 0; round < 200; ++round) got[i] = sha256_hex(std::string(i + 1, 'x'));
    });
  }
  for (auto& thread : threads) thread.join();
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i], sha256_hex(std::string(i + 1, 'x')));
  }
  EXPECT_NE(got[0], got[1]);
}

}  // namespace
}  // namespace hardock::core
