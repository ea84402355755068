// io::RootDir with both resolvers (openat2 and the component walk) on trees made here: links
// that point outside the root, loops, FIFOs, devices, sparse giants, unreadable directories.
// A secret planted next to the root must never be read.
#include "hardock/io/root_dir.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "as_nobody.h"

namespace hardock::io {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSecret = "SECRET-OUTSIDE-THE-ROOT";

// A fresh directory holding `root/` and, beside it, `outside/secret`.
class Tree {
 public:
  Tree() {
    std::string pattern = (fs::temp_directory_path() / "hardock-rootdir-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp");
    base_ = pattern;
    fs::create_directories(root());
    fs::create_directories(base_ + "/outside");
    write(base_ + "/outside/secret", kSecret);
  }
  Tree(const Tree&) = delete;
  Tree& operator=(const Tree&) = delete;
  ~Tree() {
    std::error_code ignored;
    fs::permissions(root() + "/locked", fs::perms::owner_all, ignored);
    fs::remove_all(base_, ignored);
  }
  [[nodiscard]] std::string root() const { return base_ + "/root"; }
  [[nodiscard]] std::string outside() const { return base_ + "/outside"; }
  // A file at host path `path` inside the root.
  void file(const std::string& path, const std::string& text) const {
    fs::create_directories(fs::path(root() + path).parent_path());
    write(root() + path, text);
  }
  void link(const std::string& path, const std::string& target) const {
    fs::create_directories(fs::path(root() + path).parent_path());
    fs::create_symlink(target, root() + path);
  }
  static void write(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }

 private:
  std::string base_;
};

class RootDirTest : public ::testing::TestWithParam<Resolver> {
 protected:
  void SetUp() override {
    if (GetParam() == Resolver::kOpenat2 && !openat2_supported()) {
      GTEST_SKIP() << "openat2 is not available on this kernel";
    }
  }
  [[nodiscard]] RootDir open_root() const {
    auto root = RootDir::open(tree_.root(), GetParam());
    EXPECT_TRUE(root.has_value()) << (root ? "" : root.error().to_string());
    return std::move(*root);
  }
  Tree tree_;
};

INSTANTIATE_TEST_SUITE_P(Resolvers, RootDirTest,
                         ::testing::Values(Resolver::kOpenat2, Resolver::kWalk),
                         [](const auto& param_info) {
                           return std::string(to_string(param_info.param));
                         });

TEST_P(RootDirTest, ReadsAFileByHostPath) {
  tree_.file("/etc/docker/daemon.json", "{\"icc\": false}\n");
  const RootDir root = open_root();
  EXPECT_EQ(root.resolver(), GetParam());
  EXPECT_EQ(root.read("/etc/docker/daemon.json", kMaxConfigFileBytes).value_or("?"),
            "{\"icc\": false}\n");
  EXPECT_EQ(root.read("etc/docker/daemon.json", kMaxConfigFileBytes).value_or("?"),
            "{\"icc\": false}\n");
  EXPECT_EQ(root.read("/etc/./docker//daemon.json", kMaxConfigFileBytes).value_or("?"),
            "{\"icc\": false}\n");
}

TEST_P(RootDirTest, AbsentIsNotFound) {
  const RootDir root = open_root();
  auto text = root.read("/etc/docker/daemon.json", kMaxConfigFileBytes);
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().kind, FileErrorKind::kNotFound);
  EXPECT_TRUE(text.error().absent());
  EXPECT_EQ(text.error().message(), "/etc/docker/daemon.json: absent");
  EXPECT_EQ(root.exists("/etc/docker").value_or(true), false);
}

TEST_P(RootDirTest, AbsoluteLinkIsReRootedNotFollowedOutside) {
  // The secret's real absolute path: a link to it must resolve inside the root.
  tree_.link("/etc/docker/daemon.json", tree_.outside() + "/secret");
  tree_.link("/etc/shadow-link", "/etc/shadow");
  tree_.file("/etc/shadow", "root-of-the-tree");
  const RootDir root = open_root();
  auto text = root.read("/etc/docker/daemon.json", kMaxConfigFileBytes);
  ASSERT_FALSE(text.has_value()) << *text;
  // Not "absent": the link exists, and where it points cannot be looked at.
  EXPECT_FALSE(text.error().absent());
  EXPECT_EQ(text.error().kind, FileErrorKind::kDanglingLink);
  EXPECT_EQ(text.error().message(),
            "/etc/docker/daemon.json: a symbolic link on the way points to a path the root does "
            "not hold");
  EXPECT_EQ(root.link_target("/etc/docker/daemon.json").value_or("?"), tree_.outside() + "/secret");
  auto exists = root.exists("/etc/docker/daemon.json");
  ASSERT_FALSE(exists.has_value());
  EXPECT_EQ(exists.error().kind, FileErrorKind::kDanglingLink);
  EXPECT_EQ(root.read("/etc/shadow-link", kMaxConfigFileBytes).value_or("?"), "root-of-the-tree");
}

TEST_P(RootDirTest, DotDotStopsAtTheRoot) {
  tree_.link("/etc/default/docker", "../../../../../../outside/secret");
  tree_.link("/a/b/up", "../../../../..");
  tree_.file("/outside/secret", "the tree's own");
  const RootDir root = open_root();
  // Clamped at the root: ../../.. from /etc/default is /, so this is the tree's /outside/secret.
  EXPECT_EQ(root.read("/etc/default/docker", kMaxConfigFileBytes).value_or("?"), "the tree's own");
  EXPECT_EQ(root.read("/../../outside/secret", kMaxConfigFileBytes).value_or("?"),
            "the tree's own");
  EXPECT_EQ(root.read("/a/b/up/outside/secret", kMaxConfigFileBytes).value_or("?"),
            "the tree's own");
  auto names = root.list("/a/b/up/..");
  ASSERT_TRUE(names.has_value()) << names.error().message();
  EXPECT_EQ(*names, (std::vector<std::string>{"a", "etc", "outside"}));
}

TEST_P(RootDirTest, SymlinkedDirectoryResolvesInsideTheRoot) {
  tree_.link("/etc/docker", "/etc");
  tree_.file("/etc/passwd", "tree-passwd");
  const RootDir root = open_root();
  EXPECT_EQ(root.read("/etc/docker/passwd", kMaxConfigFileBytes).value_or("?"), "tree-passwd");
  // daemon.json itself is missing (the tree's /etc has none): absent, not a dangling link.
  auto missing = root.read("/etc/docker/daemon.json", kMaxConfigFileBytes);
  ASSERT_FALSE(missing.has_value());
  EXPECT_TRUE(missing.error().absent());
  // A directory link into nothing: what lies below it cannot be looked at.
  tree_.link("/etc/away", tree_.outside());
  auto away = root.read("/etc/away/secret", kMaxConfigFileBytes);
  ASSERT_FALSE(away.has_value());
  EXPECT_EQ(away.error().kind, FileErrorKind::kDanglingLink);
  auto listing = root.list("/etc/away");
  ASSERT_FALSE(listing.has_value());
  EXPECT_EQ(listing.error().kind, FileErrorKind::kDanglingLink);
}

TEST_P(RootDirTest, LinkLoopIsAnErrorNotAbsence) {
  tree_.link("/etc/docker/daemon.json", "/etc/docker/daemon.json");
  tree_.link("/etc/a", "/etc/b");
  tree_.link("/etc/b", "/etc/a");
  const RootDir root = open_root();
  for (const char* path : {"/etc/docker/daemon.json", "/etc/a", "/etc/a/x"}) {
    auto text = root.read(path, kMaxConfigFileBytes);
    ASSERT_FALSE(text.has_value()) << path;
    EXPECT_EQ(text.error().kind, FileErrorKind::kIo) << path;
    EXPECT_EQ(text.error().message(), std::string(path) + ": too many levels of symbolic links");
  }
  // lstat semantics: the link itself is described.
  auto info = root.stat("/etc/a", false);
  ASSERT_TRUE(info.has_value()) << info.error().message();
  EXPECT_TRUE(S_ISLNK(info->st_mode));
}

TEST_P(RootDirTest, FortyLinksAreFollowedNotFortyOne) {
  tree_.file("/target", "end");
  for (int idx = 1; idx <= 41; ++idx) {
    tree_.link("/l" + std::to_string(idx), idx == 1 ? "/target" : "/l" + std::to_string(idx - 1));
  }
  const RootDir root = open_root();
  EXPECT_EQ(root.read("/l40", kMaxConfigFileBytes).value_or("?"), "end");
  auto too_many = root.read("/l41", kMaxConfigFileBytes);
  ASSERT_FALSE(too_many.has_value());
  EXPECT_EQ(too_many.error().reason, "too many levels of symbolic links");
}

TEST_P(RootDirTest, FifoIsRefusedWithoutBlocking) {
  fs::create_directories(tree_.root() + "/etc/docker");
  ASSERT_EQ(::mkfifo((tree_.root() + "/etc/docker/daemon.json").c_str(), 0644), 0);
  const RootDir root = open_root();
  // A blocking open would hang here; the test harness's timeout would catch it.
  auto text = root.read("/etc/docker/daemon.json", kMaxConfigFileBytes);
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().kind, FileErrorKind::kNotRegular);
  EXPECT_EQ(text.error().message(), "/etc/docker/daemon.json: not a regular file (a FIFO)");
}

TEST_P(RootDirTest, DevicesAreRefused) {
  tree_.link("/etc/docker/daemon.json", "/dev/zero");
  const RootDir root = open_root();
  // /dev/zero of the tree does not exist: the machine's is never reached.
  auto text = root.read("/etc/docker/daemon.json", kMaxConfigFileBytes);
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().kind, FileErrorKind::kDanglingLink);
  if (::geteuid() != 0) return;
  fs::create_directories(tree_.root() + "/dev");
  ASSERT_EQ(::mknod((tree_.root() + "/dev/zero").c_str(), S_IFCHR | 0666, makedev(1, 5)), 0);
  text = root.read("/etc/docker/daemon.json", kMaxConfigFileBytes);
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().kind, FileErrorKind::kNotRegular);
  EXPECT_EQ(text.error().reason, "not a regular file (a character device)");
}

TEST_P(RootDirTest, SparseGiantIsTooLargeBeforeItIsRead) {
  tree_.file("/etc/docker/daemon.json", "");
  ASSERT_EQ(::truncate((tree_.root() + "/etc/docker/daemon.json").c_str(), 1L << 30), 0);
  const RootDir root = open_root();
  auto text = root.read("/etc/docker/daemon.json", kMaxConfigFileBytes);
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().kind, FileErrorKind::kTooLarge);
  EXPECT_EQ(text.error().message(),
            "/etc/docker/daemon.json: larger than the 4 MiB limit (1073741824 bytes)");
}

TEST_P(RootDirTest, LimitIsExact) {
  tree_.file("/f", std::string(100, 'x'));
  const RootDir root = open_root();
  EXPECT_TRUE(root.read("/f", 100).has_value());
  auto text = root.read("/f", 99);
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().kind, FileErrorKind::kTooLarge);
}

TEST_P(RootDirTest, DirectoryIsNotAFileAndAFileIsNotADirectory) {
  tree_.file("/etc/docker/daemon.json/.keep", "");
  tree_.file("/etc/file", "x");
  const RootDir root = open_root();
  auto text = root.read("/etc/docker/daemon.json", kMaxConfigFileBytes);
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().reason, "not a regular file (a directory)");
  auto names = root.list("/etc/file");
  ASSERT_FALSE(names.has_value());
  EXPECT_EQ(names.error().kind, FileErrorKind::kNotDirectory);
  // A path through a file is absent, as for the kernel (ENOTDIR).
  auto through = root.read("/etc/file/x", kMaxConfigFileBytes);
  ASSERT_FALSE(through.has_value());
  EXPECT_TRUE(through.error().absent());
}

TEST_P(RootDirTest, ListsSortedAndCapped) {
  for (const char* name : {"b", "a", "c"}) tree_.file(std::string("/d/") + name, "");
  const RootDir root = open_root();
  EXPECT_EQ(root.list("/d").value_or(std::vector<std::string>{}),
            (std::vector<std::string>{"a", "b", "c"}));
  auto capped = root.list("/d", 2);
  ASSERT_FALSE(capped.has_value());
  EXPECT_EQ(capped.error().kind, FileErrorKind::kTooLarge);
}

TEST_P(RootDirTest, StatFollowsOrDescribesTheFinalLink) {
  tree_.file("/run/docker.sock", "");
  ::chmod((tree_.root() + "/run/docker.sock").c_str(), 0660);
  tree_.link("/var/run", "/run");
  const RootDir root = open_root();
  auto info = root.stat("/var/run/docker.sock", true);
  ASSERT_TRUE(info.has_value()) << info.error().message();
  EXPECT_EQ(info->st_mode & 07777, 0660U);
  auto link = root.stat("/var/run", false);
  ASSERT_TRUE(link.has_value());
  EXPECT_TRUE(S_ISLNK(link->st_mode));
  auto dir = root.stat("/var/run", true);
  ASSERT_TRUE(dir.has_value());
  EXPECT_TRUE(S_ISDIR(dir->st_mode));
}

TEST_P(RootDirTest, UnreadableDirectoryIsPermissionDeniedNotAbsent) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to switch to an unprivileged user";
  tree_.file("/locked/daemon.json", "{}");
  ::chmod((tree_.root() + "/locked").c_str(), 0700);
  // The child must reach the tree: the temporary base directory is 0700 root.
  ::chmod(fs::path(tree_.root()).parent_path().c_str(), 0755);
  const RootDir root = open_root();
  const int status = test::as_nobody([&] {
    auto text = root.read("/locked/daemon.json", kMaxConfigFileBytes);
    if (text) return 1;
    if (text.error().kind != FileErrorKind::kPermissionDenied) return 2;
    if (text.error().message() != "/locked/daemon.json: permission denied") return 3;
    auto info = root.stat("/locked/daemon.json", true);
    if (info || info.error().kind != FileErrorKind::kPermissionDenied) return 4;
    auto names = root.list("/locked");
    if (names || names.error().kind != FileErrorKind::kPermissionDenied) return 5;
    auto found = root.exists("/locked/daemon.json");
    if (found) return 6;  // neither true nor false: could not look
    return 0;
  });
  EXPECT_EQ(status, 0);
}

TEST(RootDirOpen, RootMustBeADirectory) {
  Tree tree;
  tree.file("/f", "x");
  auto missing = RootDir::open(tree.root() + "/nowhere");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
  auto file = RootDir::open(tree.root() + "/f");
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(RootDirOpen, AutoPicksOpenat2WhenTheKernelHasIt) {
  Tree tree;
  auto root = RootDir::open(tree.root());
  ASSERT_TRUE(root.has_value());
  EXPECT_EQ(root->resolver(), openat2_supported() ? Resolver::kOpenat2 : Resolver::kWalk);
}

TEST(RootDirOpen, Openat2RefusesMagicLinks) {
  if (!openat2_supported()) GTEST_SKIP() << "openat2 is not available on this kernel";
  auto root = RootDir::open("/", Resolver::kOpenat2);
  ASSERT_TRUE(root.has_value());
  // /proc/self/root is a magic link: RESOLVE_NO_MAGICLINKS refuses to jump through it.
  auto text = root->read("/proc/self/root/etc/hostname", kMaxConfigFileBytes);
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().reason, "too many levels of symbolic links");
}

}  // namespace
}  // namespace hardock::io
