#include "hardock/core/fingerprint.h"

#include <gtest/gtest.h>

#include <set>

namespace hardock::core {
namespace {

Finding finding(std::string_view code, std::string name, std::string evidence,
                std::string key = {}) {
  Finding f;
  f.check_code = code;
  f.target = {TargetKind::kContainer, "id-" + name, name};
  f.evidence = std::move(evidence);
  f.key = std::move(key);
  return f;
}

TEST(Fingerprint, IgnoresWordingIdAndLine) {
  Finding a = finding("HDK-C-004", "web", "HostConfig.Privileged=true");
  Finding b = a;
  b.evidence = "Privileged is on";
  b.title = "another title";
  b.target.id = "recreated";
  EXPECT_EQ(fingerprint(a), fingerprint(b));
  EXPECT_EQ(fingerprint(a).size(), 32U);

  Finding in_file = a;
  in_file.location = {"Dockerfile", 3, 1};
  Finding moved = in_file;
  moved.location.line = 9;
  EXPECT_EQ(fingerprint(in_file), fingerprint(moved));
  EXPECT_NE(fingerprint(in_file), fingerprint(a));
}

// Stored fingerprints must match the ones later versions compute, or every finding of a host
// looks new after an upgrade: the hash of the length-prefixed parts is pinned here, computed
// independently (Python: sha256 over 8-byte little-endian lengths and the parts, first 16
// bytes in hex).
TEST(Fingerprint, KnownAnswersStayTheSame) {
  EXPECT_EQ(fingerprint(finding("HDK-C-004", "web", "x", "22/tcp")),
            "f9f215378f6552700b037251f88f7a7e");
  Finding in_file;
  in_file.check_code = "HDK-B-020";
  in_file.target = {TargetKind::kDockerfile, "build/Dockerfile", "build/Dockerfile"};
  in_file.location = {"build/Dockerfile", 7, 1};
  EXPECT_EQ(fingerprint(in_file), "dca587581ad40c778909a028a048495e");
}

TEST(Fingerprint, CheckTargetAndKeyTellApart) {
  const Finding a = finding("HDK-C-004", "web", "x");
  EXPECT_NE(fingerprint(a), fingerprint(finding("HDK-C-005", "web", "x")));
  EXPECT_NE(fingerprint(a), fingerprint(finding("HDK-C-004", "db", "x")));
  EXPECT_NE(fingerprint(finding("HDK-N-001", "web", "x", "22/tcp")),
            fingerprint(finding("HDK-N-001", "web", "x", "80/tcp")));
  Finding image = a;
  image.target.kind = TargetKind::kImage;
  EXPECT_NE(fingerprint(a), fingerprint(image));
  // Parts are length-prefixed: moving a byte from one part to the next changes the hash.
  EXPECT_NE(fingerprint(finding("HDK-C-004", "ab", "x", "c")),
            fingerprint(finding("HDK-C-004", "a", "x", "bc")));
}

TEST(Fingerprint, DuplicatesAreDistinctAndOrderFree) {
  std::vector<Finding> run = {
      finding("HDK-B-020", "f", "curl | sh"), finding("HDK-B-020", "f", "wget | sh"),
      finding("HDK-B-020", "f", "curl | sh"), finding("HDK-C-004", "web", "y")};
  const auto prints = fingerprints(run);
  ASSERT_EQ(prints.size(), run.size());
  EXPECT_EQ(std::set<std::string>(prints.begin(), prints.end()).size(), run.size());
  EXPECT_EQ(prints[3], fingerprint(run[3]));  // unique ones keep their plain fingerprint

  std::vector<Finding> reversed(run.rbegin(), run.rend());
  const auto again = fingerprints(reversed);
  EXPECT_EQ(std::set<std::string>(prints.begin(), prints.end()),
            std::set<std::string>(again.begin(), again.end()));
}

// A large run is hashed on several threads: every print is the one the finding gets alone (or
// with its duplicate alone), and duplicates in different threads' ranges are still told apart.
TEST(Fingerprint, ALargeRunGetsTheSamePrintsAsSmallOnes) {
  constexpr std::size_t kHalf = 10'000;
  std::vector<Finding> run;
  for (std::size_t i = 0; i < 2 * kHalf; ++i) {
    // Finding i and i + kHalf share their identity when i is a multiple of 7.
    const std::size_t identity = i % kHalf == 0 || (i % kHalf) % 7 != 0 ? i : i % kHalf;
    run.push_back(finding("HDK-C-004", "c" + std::to_string(identity), "e" + std::to_string(i)));
  }
  const auto prints = fingerprints(run);
  ASSERT_EQ(prints.size(), run.size());
  EXPECT_EQ(std::set<std::string>(prints.begin(), prints.end()).size(), run.size());
  for (std::size_t i = 1; i < kHalf; i += 97) {
    if (i % 7 == 0) {
      const auto pair = fingerprints({run[i], run[i + kHalf]});
      EXPECT_EQ(prints[i], pair[0]) << i;
      EXPECT_EQ(prints[i + kHalf], pair[1]) << i;
    } else {
      EXPECT_EQ(prints[i], fingerprint(run[i])) << i;
      EXPECT_EQ(prints[i + kHalf], fingerprint(run[i + kHalf])) << i;
    }
  }
}

// order_prefix orders as the bytes do: whenever two texts' numbers differ, the smaller number
// is the smaller text; equal numbers only for texts whose first eight bytes are equal.
TEST(Fingerprint, OrderPrefixOrdersAsTheBytes) {
  const std::vector<std::string> texts = {
      "",         "0",         "00",        "0000000000", "00000001",    "0000000f",
      "00000010", "ffffffff0", "fffffffe",  "a",          "a\x80",       "a\xff\x01",
      "abcdefgh", "abcdefgg",  "abcdefghz", "abcdefgh0",  "\xff\xff\xff"};
  EXPECT_EQ(order_prefix(std::string_view()), 0U) << "an empty view, whose data may be null";
  for (const auto& a : texts) {
    for (const auto& b : texts) {
      const std::uint64_t pa = order_prefix(a), pb = order_prefix(b);
      if (pa != pb) {
        EXPECT_EQ(pa < pb, a < b) << '"' << a << "\" \"" << b << '"';
      } else {
        EXPECT_EQ(a.substr(0, 8), b.substr(0, 8)) << '"' << a << "\" \"" << b << '"';
      }
    }
  }
}

}  // namespace
}  // namespace hardock::core
