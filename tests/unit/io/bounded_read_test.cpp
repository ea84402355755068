// io::read_regular_file: the bounded read of a file the user named (snapshots, --config).
#include "hardock/io/bounded_read.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "as_nobody.h"

namespace hardock::io {
namespace {

namespace fs = std::filesystem;

class BoundedRead : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "hardock-read-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  [[nodiscard]] std::string path(const std::string& name) const { return dir_ + "/" + name; }
  std::string dir_;
};

TEST_F(BoundedRead, ReadsARegularFile) {
  std::ofstream(path("snap.json")) << "{}";
  EXPECT_EQ(read_regular_file(path("snap.json"), 10).value_or("?"), "{}");
}

TEST_F(BoundedRead, ReadsWholeFilesOfEverySizeUpToTheBound) {
  // Reading stops at the size fstat gave (no read for the end): every size, from empty to the
  // bound, still comes back whole, and one byte more is refused.
  for (const std::size_t size : {0UL, 1UL, 4095UL, 4096UL, 4097UL, 65536UL, 65537UL, 200000UL}) {
    std::string text(size, 'x');
    for (std::size_t i = 0; i < size; i += 7) text[i] = static_cast<char>('a' + i % 26);
    std::ofstream(path("f")) << text;
    const auto exact = read_regular_file(path("f"), size);
    ASSERT_TRUE(exact) << size;
    EXPECT_EQ(*exact, text) << size;
    EXPECT_EQ(read_regular_file(path("f"), size + 1).value_or("?"), text) << size;
    if (size > 0) {
      EXPECT_EQ(read_regular_file(path("f"), size - 1).error().kind, FileErrorKind::kTooLarge)
          << size;
    }
  }
}

TEST_F(BoundedRead, FollowsLinksAsTheUserNamedThem) {
  std::ofstream(path("real.json")) << "[]";
  fs::create_symlink(path("real.json"), path("link.json"));
  EXPECT_EQ(read_regular_file(path("link.json"), 10).value_or("?"), "[]");
}

TEST_F(BoundedRead, MissingIsNotFound) {
  auto text = read_regular_file(path("nothing.json"), 10);
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().kind, FileErrorKind::kNotFound);
  EXPECT_EQ(text.error().message(), path("nothing.json") + ": absent");
  EXPECT_EQ(text.error().to_error().code, core::ErrorCode::kNotFound);
}

TEST_F(BoundedRead, FifoAndDeviceAndDirectoryAreRefused) {
  ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0600), 0);
  auto fifo = read_regular_file(path("fifo"), kMaxConfigFileBytes);
  ASSERT_FALSE(fifo.has_value());
  EXPECT_EQ(fifo.error().kind, FileErrorKind::kNotRegular);
  auto zero = read_regular_file("/dev/zero", kMaxConfigFileBytes);
  ASSERT_FALSE(zero.has_value());
  EXPECT_EQ(zero.error().reason, "not a regular file (a character device)");
  auto dir = read_regular_file(dir_, kMaxConfigFileBytes);
  ASSERT_FALSE(dir.has_value());
  EXPECT_EQ(dir.error().reason, "not a regular file (a directory)");
  EXPECT_EQ(dir.error().to_error().code, core::ErrorCode::kInvalidArgument);
}

TEST_F(BoundedRead, SparseGiantIsRefusedFromItsSize) {
  std::ofstream(path("big.json")).close();
  ASSERT_EQ(::truncate(path("big.json").c_str(), 1L << 30), 0);
  auto text = read_regular_file(path("big.json"), kMaxConfigFileBytes);
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().kind, FileErrorKind::kTooLarge);
  EXPECT_EQ(text.error().to_error().code, core::ErrorCode::kMalformedInput);
}

TEST_F(BoundedRead, ProcFilesWithoutASizeAreCappedWhileRead) {
  // /proc/self/maps reports st_size 0; a 1-byte limit is passed while reading.
  auto text = read_regular_file("/proc/self/maps", 1);
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().kind, FileErrorKind::kTooLarge);
  EXPECT_EQ(text.error().reason.rfind("larger than the ", 0), 0U) << text.error().reason;
  EXPECT_TRUE(read_regular_file("/proc/self/maps", kMaxKernelFileBytes).has_value());
}

TEST_F(BoundedRead, PermissionDeniedIsNotAbsent) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to switch to an unprivileged user";
  std::ofstream(path("private")) << "x";
  ::chmod(path("private").c_str(), 0600);
  ::chmod(dir_.c_str(), 0755);
  const std::string file = path("private");
  const int status = test::as_nobody([&] {
    auto text = read_regular_file(file, 10);
    if (text) return 1;
    if (text.error().kind != FileErrorKind::kPermissionDenied) return 2;
    if (text.error().to_error().code != core::ErrorCode::kPermissionDenied) return 3;
    return 0;
  });
  EXPECT_EQ(status, 0);
}

}  // namespace
}  // namespace hardock::io
