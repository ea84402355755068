// The rpm header blob parser on blobs built in memory: what rpm writes, and every bound a
// hostile blob can break.
#include "hardock/image/analyzers/rpm_header.h"

#include <gtest/gtest.h>

#include "rpm_header_builder.h"

namespace hardock::image::rpm {
namespace {

using test::HeaderBuilder;
using test::HeaderField;

TEST(RpmHeader, PackageWithEpochSourceAndFiles) {
  const std::string blob = HeaderBuilder::package("bash", "5.1.8", "6.el9_1")
                               .int32s(1003, {1})
                               .string(1022, "x86_64")
                               .string(1044, "bash-5.1.8-6.el9_1.src.rpm")
                               .int32s(1116, {0, 0, 1})
                               .strings(1117, {"bash", "sh", "README"})
                               .strings(1118, {"/usr/bin/", "/usr/share/doc/bash/"})
                               .build();
  auto header = parse_header(blob, 100);
  ASSERT_TRUE(header) << header.error().to_string();
  EXPECT_EQ(header->name, "bash");
  EXPECT_EQ(header->version, "5.1.8");
  EXPECT_EQ(header->release, "6.el9_1");
  EXPECT_EQ(header->epoch, 1U);
  EXPECT_EQ(header->architecture, "x86_64");
  EXPECT_EQ(header->source_rpm, "bash-5.1.8-6.el9_1.src.rpm");
  EXPECT_EQ(header->files,
            (std::vector<std::string>{"usr/bin/bash", "usr/bin/sh", "usr/share/doc/bash/README"}));
  EXPECT_EQ(evr(*header), "1:5.1.8-6.el9_1");
}

TEST(RpmHeader, NoEpochOrEpochZeroIsNotShown) {
  auto none = parse_header(HeaderBuilder::package("a", "1.0", "1").build(), 0);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->epoch);
  EXPECT_EQ(evr(*none), "1.0-1");
  auto zero = parse_header(HeaderBuilder::package("a", "1.0", "1").int32s(1003, {0}).build(), 0);
  ASSERT_TRUE(zero);
  EXPECT_EQ(zero->epoch, 0U);
  EXPECT_EQ(evr(*zero), "1.0-1");
}

TEST(RpmHeader, OldFilenamesAndTheFileCap) {
  const std::string blob = HeaderBuilder::package("a", "1", "1")
                               .strings(1027, {"/etc/a.conf", "/", "/usr/../../x"})
                               .build();
  auto header = parse_header(blob, 10);
  ASSERT_TRUE(header);
  EXPECT_EQ(header->files, (std::vector<std::string>{"etc/a.conf"}));
  auto capped = parse_header(blob, 2);
  ASSERT_TRUE(capped);
  EXPECT_TRUE(capped->files_capped);
  EXPECT_TRUE(capped->files.empty());
  auto without = parse_header(blob, 0);
  ASSERT_TRUE(without);
  EXPECT_TRUE(without->files.empty());
  EXPECT_FALSE(without->files_capped);
}

TEST(RpmHeader, ALaterEntryOverridesAnEarlierOne) {
  auto header = parse_header(HeaderBuilder::package("a", "1", "1").string(1000, "b").build(), 0);
  ASSERT_TRUE(header);
  EXPECT_EQ(header->name, "b");
}

void expect_malformed(const std::string& blob, const std::string& message) {
  auto header = parse_header(blob, 1000);
  ASSERT_FALSE(header) << "parsed: " << header->name;
  EXPECT_EQ(header.error().code, core::ErrorCode::kMalformedInput);
  EXPECT_EQ(header.error().message, message);
}

TEST(RpmHeader, BrokenBoundsAreErrors) {
  expect_malformed("", "header of 0 bytes, shorter than 8");
  expect_malformed(std::string(8, '\0'), "header index count 0 outside 1..65535");
  expect_malformed(std::string("\x00\x01\x00\x00\x00\x00\x00\x00", 8),
                   "header index count 65536 outside 1..65535");
  expect_malformed(std::string("\x00\x00\x00\x01\x10\x00\x00\x00", 8),
                   "header data length 268435456 too large");
  const std::string good = HeaderBuilder::package("a", "1", "1").build();
  expect_malformed(good.substr(0, good.size() - 1),
                   "header says 62 bytes (3 index entries, 6 data bytes), the record has 61");
  expect_malformed(good + "x",
                   "header says 62 bytes (3 index entries, 6 data bytes), the record has 63");
  expect_malformed(HeaderBuilder().string(1001, "1").string(1002, "1").build(), "no NAME tag");

  HeaderField beyond{1000, 6, 1, "a", 1, 500};
  expect_malformed(HeaderBuilder().raw(beyond).string(1001, "1").string(1002, "1").build(),
                   "index entry 0 (NAME): offset 500 beyond the 5 data bytes");
  HeaderField unterminated{1002, 6, 1, "abc"};
  expect_malformed(HeaderBuilder().string(1000, "a").string(1001, "1").raw(unterminated).build(),
                   "index entry 2 (RELEASE): string not terminated inside the data");
  HeaderField wrong_type{1000, 4, 1, "abcd", 4};
  expect_malformed(HeaderBuilder().raw(wrong_type).build(),
                   "index entry 0 (NAME): type 4 is not a string");
  HeaderField epoch_beyond{1003, 4, 0x40000000, std::string("\0\0\0\1", 4), 4};
  expect_malformed(HeaderBuilder::package("a", "1", "1").raw(epoch_beyond).build(),
                   "index entry 3 (EPOCH): 1073741824 INT32 values at offset 8 do not fit the 12 "
                   "data bytes");
}

TEST(RpmHeader, BrokenFileListsAreErrors) {
  const auto files = [](std::vector<uint32_t> indexes, std::vector<std::string> bases,
                        std::vector<std::string> dirs) {
    return HeaderBuilder::package("a", "1", "1")
        .int32s(1116, indexes)
        .strings(1117, bases)
        .strings(1118, dirs)
        .build();
  };
  expect_malformed(files({0, 7}, {"a", "b"}, {"/d/"}),
                   "index entry 3 (DIRINDEXES): directory index 7 beyond the 1 DIRNAMES");
  expect_malformed(files({0}, {"a", "b"}, {"/d/"}),
                   "index entry 3 (DIRINDEXES): 1 entries for 2 BASENAMES");
  expect_malformed(HeaderBuilder::package("a", "1", "1").strings(1117, {"a"}).build(),
                   "index entry 3 (BASENAMES): no DIRINDEXES or DIRNAMES");
  HeaderField many{1117, 8, 1000000, std::string("a\0", 2)};
  expect_malformed(HeaderBuilder::package("a", "1", "1")
                       .int32s(1116, {0})
                       .raw(many)
                       .strings(1118, {"/"})
                       .build(),
                   "index entry 4 (BASENAMES): 1000000 strings at offset 12 do not fit the 16 "
                   "data bytes");
  // Files are not read (nor checked) when they are not asked for.
  EXPECT_TRUE(parse_header(files({0, 7}, {"a", "b"}, {"/d/"}), 0));
}

TEST(RpmHeader, EveryTruncationAndEveryByteFlipFailsCleanly) {
  const std::string blob = HeaderBuilder::package("openssl-libs", "3.0.7", "27.el9")
                               .int32s(1003, {1})
                               .string(1022, "x86_64")
                               .string(1044, "openssl-3.0.7-27.el9.src.rpm")
                               .int32s(1116, {0, 1})
                               .strings(1117, {"libcrypto.so.3", "openssl.cnf"})
                               .strings(1118, {"/usr/lib64/", "/etc/pki/tls/"})
                               .build();
  ASSERT_TRUE(parse_header(blob, 100));
  for (std::size_t size = 0; size < blob.size(); ++size) {
    EXPECT_FALSE(parse_header(blob.substr(0, size), 100)) << size;
  }
  for (std::size_t at = 0; at < blob.size(); ++at) {
    for (const unsigned char value : {0x00, 0x7f, 0x80, 0xff}) {
      std::string flipped = blob;
      flipped[at] = static_cast<char>(value);
      (void)parse_header(flipped, 100);  // any result; ASan/UBSan runs catch the rest
    }
  }
}

TEST(RpmHeader, SourceRpmNames) {
  using Split = std::optional<std::pair<std::string, std::string>>;
  EXPECT_EQ(split_source_rpm("bash-5.1.8-6.el9_1.src.rpm"), Split({"bash", "5.1.8-6.el9_1"}));
  EXPECT_EQ(split_source_rpm("perl-Text-Tabs+Wrap-2013.0523-460.el9.src.rpm"),
            Split({"perl-Text-Tabs+Wrap", "2013.0523-460.el9"}));
  EXPECT_EQ(split_source_rpm("python3.11-3.11.2-1.el9.nosrc.rpm"),
            Split({"python3.11", "3.11.2-1.el9"}));
  EXPECT_EQ(split_source_rpm("bash-5.1.8.src.rpm"), std::nullopt);
  EXPECT_EQ(split_source_rpm("-5.1.8-1.src.rpm"), std::nullopt);
  EXPECT_EQ(split_source_rpm("bash--1.src.rpm"), std::nullopt);
  EXPECT_EQ(split_source_rpm("bash-1-.src.rpm"), std::nullopt);
  EXPECT_EQ(split_source_rpm("bash-5.1.8-6.el9.x86_64.rpm"), std::nullopt);
  EXPECT_EQ(split_source_rpm(""), std::nullopt);
  EXPECT_EQ(split_source_rpm(".src.rpm"), std::nullopt);
}

}  // namespace
}  // namespace hardock::image::rpm
