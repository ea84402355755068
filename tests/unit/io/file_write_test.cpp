#include "hardock/io/file_write.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace hardock::io {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

mode_t mode_of(const fs::path& path) {
  struct stat info {};
  EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

// Names in `dir` (recursively) that a failed or finished write must not leave behind.
std::vector<std::string> temporaries(const fs::path& dir) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.path().filename().string().starts_with(".hardock-tmp")) {
      found.push_back(entry.path().string());
    }
  }
  return found;
}

class FileWrite : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(::testing::TempDir()) / ("hardock-file-write-" + std::to_string(getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
    old_umask_ = ::umask(022);
  }
  void TearDown() override {
    ::umask(old_umask_);
    fs::remove_all(root_);
  }
  fs::path root_;
  mode_t old_umask_ = 022;
};

// A file written in pieces appears at commit(), whole; before it, the old content stays.
TEST_F(FileWrite, AtomicFileAppearsWholeAtCommit) {
  const fs::path target = root_ / "report.json";
  std::ofstream(target) << "old";
  auto file = AtomicFile::create(target.string(), {0640, false});
  ASSERT_TRUE(file.has_value()) << file.error().to_string();
  ASSERT_TRUE(file->append("first,").has_value());
  ASSERT_TRUE(file->append(std::string(3 << 20, 'x')).has_value());
  EXPECT_EQ(read(target), "old");
  EXPECT_EQ(temporaries(root_).size(), 1u);
  ASSERT_TRUE(file->commit().has_value());
  EXPECT_EQ(read(target), "first," + std::string(3 << 20, 'x'));
  EXPECT_EQ(mode_of(target), 0640u & ~022u);
  EXPECT_TRUE(temporaries(root_).empty());
  EXPECT_FALSE(file->append("late").has_value());
}

TEST_F(FileWrite, AtomicFileAbandonedLeavesNothing) {
  const fs::path target = root_ / "report.json";
  {
    auto file = AtomicFile::create(target.string());
    ASSERT_TRUE(file.has_value());
    ASSERT_TRUE(file->append("half a report").has_value());
  }
  EXPECT_FALSE(fs::exists(target));
  EXPECT_TRUE(temporaries(root_).empty());
  auto in_missing = AtomicFile::create((root_ / "no-such-dir" / "x").string());
  ASSERT_FALSE(in_missing.has_value());
  EXPECT_NE(in_missing.error().message.find("no-such-dir"), std::string::npos)
      << in_missing.error().message;
}

TEST_F(FileWrite, FreshDirectoryIs0700AndFiles0600) {
  auto dir = Directory::create_fresh((root_ / "plan").string(), false);
  ASSERT_TRUE(dir) << dir.error().to_string();
  EXPECT_EQ(mode_of(root_ / "plan"), 0700U);
  ASSERT_TRUE(dir->write_file("containers/web/recreate.sh", "echo hi\n", {0700, false}));
  ASSERT_TRUE(dir->write_file("plan.json", "{}\n"));
  EXPECT_EQ(read(root_ / "plan/containers/web/recreate.sh"), "echo hi\n");
  EXPECT_EQ(mode_of(root_ / "plan/containers/web/recreate.sh"), 0700U);
  EXPECT_EQ(mode_of(root_ / "plan/plan.json"), 0600U);
  EXPECT_EQ(mode_of(root_ / "plan/containers"), 0700U);
  EXPECT_TRUE(temporaries(root_).empty());
}

TEST_F(FileWrite, TheUmaskNarrowsTheModeAndNothingWidensIt) {
  ::umask(077);
  ASSERT_TRUE(write_file_atomic((root_ / "report.txt").string(), "x", {0644, false}));
  EXPECT_EQ(mode_of(root_ / "report.txt"), 0600U);
  // exact_mode keeps a mode on purpose (daemon.json keeps its own).
  ASSERT_TRUE(write_file_atomic((root_ / "daemon.json").string(), "{}", {0644, true}));
  EXPECT_EQ(mode_of(root_ / "daemon.json"), 0644U);
}

TEST_F(FileWrite, NonEmptyDirectoryNeedsForce) {
  fs::create_directories(root_ / "plan");
  std::ofstream(root_ / "plan" / "old.txt") << "old";
  auto refused = Directory::create_fresh((root_ / "plan").string(), false);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("is not empty"), std::string::npos);
  EXPECT_NE(refused.error().message.find("--force"), std::string::npos);
  auto forced = Directory::create_fresh((root_ / "plan").string(), true);
  ASSERT_TRUE(forced) << forced.error().to_string();
  // An existing empty directory is fine without --force.
  fs::create_directories(root_ / "empty");
  EXPECT_TRUE(Directory::create_fresh((root_ / "empty").string(), false));
}

TEST_F(FileWrite, OutputDirectoryThatIsALinkIsRefused) {
  fs::create_directories(root_ / "elsewhere");
  fs::create_directory_symlink(root_ / "elsewhere", root_ / "plan");
  for (const std::string& path : {(root_ / "plan").string(), (root_ / "plan").string() + "/"}) {
    auto dir = Directory::create_fresh(path, true);
    ASSERT_FALSE(dir) << path;
    EXPECT_NE(dir.error().message.find("symbolic link"), std::string::npos) << dir.error().message;
  }
  EXPECT_TRUE(fs::is_empty(root_ / "elsewhere"));
}

TEST_F(FileWrite, PlantedLinksAreReplacedOrRefusedNeverFollowed) {
  auto dir = Directory::create_fresh((root_ / "plan").string(), false);
  ASSERT_TRUE(dir);
  const fs::path victim = root_ / "victim";
  std::ofstream(victim) << "precious";
  // A link in place of the file: the write replaces the link, the victim is untouched.
  fs::create_symlink(victim, root_ / "plan" / "plan.json");
  ASSERT_TRUE(dir->write_file("plan.json", "{}"));
  EXPECT_FALSE(fs::is_symlink(root_ / "plan" / "plan.json"));
  EXPECT_EQ(read(root_ / "plan" / "plan.json"), "{}");
  EXPECT_EQ(read(victim), "precious");
  // A link in place of a directory: refused, nothing written through it.
  fs::create_directories(root_ / "outside");
  fs::create_directory_symlink(root_ / "outside", root_ / "plan" / "containers");
  auto refused = dir->write_file("containers/web/hardened.sh", "x");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("containers"), std::string::npos);
  EXPECT_TRUE(fs::is_empty(root_ / "outside"));
}

TEST_F(FileWrite, NamesThatClimbOrAreAbsoluteAreRefused) {
  auto dir = Directory::create_fresh((root_ / "plan").string(), false);
  ASSERT_TRUE(dir);
  for (const char* name : {"../x", "a/../../x", "/tmp/x", "", "a//b", "./x", "a/."}) {
    EXPECT_FALSE(dir->write_file(name, "x")) << name;
  }
  EXPECT_FALSE(dir->write_file(std::string("a\0b", 3), "x"));
  EXPECT_FALSE(fs::exists(root_ / "x"));
}

TEST_F(FileWrite, FailedWriteLeavesNoTemporaryAndSaysWhy) {
  auto dir = Directory::create_fresh((root_ / "plan").string(), false);
  ASSERT_TRUE(dir);
  // A directory where the file goes: the rename fails.
  fs::create_directories(root_ / "plan" / "plan.json" / "inside");
  auto failed = dir->write_file("plan.json", "{}");
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().message.find("plan.json"), std::string::npos) << failed.error().message;
  EXPECT_NE(failed.error().message.find("directory"), std::string::npos) << failed.error().message;
  EXPECT_TRUE(temporaries(root_).empty());

  // The file system refuses the bytes (a file size limit, in a child so the limit stays there).
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit{16, 16};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    auto big = dir->write_file("big.txt", std::string(4096, 'x'));
    const bool said_why = !big && big.error().message.find("big.txt") != std::string::npos &&
                          big.error().message.find("File too large") != std::string::npos;
    ::_exit(said_why ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_FALSE(fs::exists(root_ / "plan" / "big.txt"));
  EXPECT_TRUE(temporaries(root_).empty());
}

TEST_F(FileWrite, ReadFileIsBoundedAndRefusesLinksAndFifos) {
  auto dir = Directory::create_fresh((root_ / "state").string(), false);
  ASSERT_TRUE(dir);
  auto absent = dir->read_file("journal.json", 100);
  ASSERT_TRUE(absent);
  EXPECT_FALSE(absent->has_value());
  ASSERT_TRUE(dir->write_file("journal.json", "0123456789"));
  auto read_back = dir->read_file("journal.json", 100);
  ASSERT_TRUE(read_back && read_back->has_value());
  EXPECT_EQ(**read_back, "0123456789");
  EXPECT_FALSE(dir->read_file("journal.json", 5));
  std::ofstream(root_ / "secret") << "secret";
  fs::create_symlink(root_ / "secret", root_ / "state" / "link.json");
  EXPECT_FALSE(dir->read_file("link.json", 100));
  ASSERT_EQ(::mkfifo((root_ / "state" / "fifo.json").c_str(), 0600), 0);
  auto fifo = dir->read_file("fifo.json", 100);  // must not hang
  ASSERT_FALSE(fifo);
  EXPECT_NE(fifo.error().message.find("not a regular file"), std::string::npos);
}

TEST_F(FileWrite, SecondLockHolderIsRefusedWithThePid) {
  auto dir = Directory::open_or_create((root_ / "state").string());
  ASSERT_TRUE(dir);
  // A real second process holds the lock until told to let go.
  int ready[2];
  int release[2];
  ASSERT_EQ(::pipe(ready), 0);
  ASSERT_EQ(::pipe(release), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto held = ExclusiveLock::try_acquire(*dir, "lock");
    const char state = held ? 'y' : 'n';
    (void)::write(ready[1], &state, 1);
    char go = 0;
    (void)::read(release[0], &go, 1);
    ::_exit(0);
  }
  char state = 0;
  ASSERT_EQ(::read(ready[0], &state, 1), 1);
  ASSERT_EQ(state, 'y');
  auto second = ExclusiveLock::try_acquire(*dir, "lock");
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("pid " + std::to_string(child)), std::string::npos)
      << second.error().message;
  (void)::write(release[1], "g", 1);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  // Released when the holder ends.
  auto third = ExclusiveLock::try_acquire(*dir, "lock");
  EXPECT_TRUE(third) << third.error().to_string();
  for (int fd : {ready[0], ready[1], release[0], release[1]}) ::close(fd);
}

}  // namespace
}  // namespace hardock::io
