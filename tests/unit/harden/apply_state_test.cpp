// The apply's state without an engine: the typed journal (parse, refuse, round trip), the state
// directory's lock between two real processes, unique stamps, and the daemon.json side of apply
// and rollback, including a rollback step that fails and must say so.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "hardock/harden/apply.h"
#include "hardock/harden/journal.h"
#include "hardock/harden/redact.h"
#include "hardock/harden/state_dir.h"

namespace hardock::harden {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class ApplyState : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(::testing::TempDir()) / ("hardock-apply-state-" + std::to_string(getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "etc");
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST(Journal, RoundTripsEveryState) {
  Journal journal;
  ApplyEntry& entry = journal.entry("20260101120000-000001");
  entry.daemon = DaemonRecord{"/etc/docker/daemon.json", "/etc/docker/x.bak", true};
  for (RecordState state :
       {RecordState::kStarted, RecordState::kRenamed, RecordState::kCreated, RecordState::kReplaced,
        RecordState::kFailed, RecordState::kRestoredStopped, RecordState::kRolledBack,
        RecordState::kPruned}) {
    entry.containers.push_back({"web\n\x1b[31m",
                                "old",
                                "web.hardock-old.x",
                                "new",
                                true,
                                state,
                                {{"/data", "vol"}},
                                "message"});
  }
  entry.networks.push_back({"hardock-public", "id", NetworkState::kCreated});
  const std::string text = serialize_journal(journal);
  auto parsed = parse_journal(text);
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  EXPECT_EQ(serialize_journal(*parsed), text);
  ASSERT_EQ(parsed->applies.size(), 1U);
  EXPECT_EQ(parsed->applies[0].containers[5].state, RecordState::kRestoredStopped);
  EXPECT_EQ(parsed->applies[0].containers[0].name, "web\n\x1b[31m");
}

TEST(Journal, RefusesWhatIsNotAJournalNamingTheField) {
  struct Case {
    std::string text;
    std::string says;
  };
  const std::string head = R"({"schema":"hardock.harden-journal/1","applies":)";
  const Case cases[] = {
      {"", "not JSON"},
      {"{}", "not a hardock journal"},
      {R"({"schema":"other/1","applies":[]})", "not a hardock journal"},
      {head + "{}}", "applies: expected an array"},
      {head + "[1]}", "applies[0]: expected an object"},
      {head + R"([{"stamp":"s","rolled_back":"no","containers":[]}]})", "applies[0].rolled_back"},
      {head + R"([{"stamp":"s","rolled_back":false,"containers":[{"name":"a","old_id":"b",)"
              R"("old_name":"c","was_running":true,"state":"bogus"}]}]})",
       "applies[0].containers[0].state: unknown state"},
      {head + R"([{"stamp":"s","rolled_back":false,"containers":[{"name":1}]}]})",
       "applies[0].containers[0].name: expected a string"},
      {head + std::string(100000, '[') + std::string(100000, ']') + "}", "nested deeper"},
      {head + R"([{"stamp":"s","rolled_back":false,"containers":[],"networks":[{"name":"n",)"
              R"("state":"gone"}]}]})",
       "networks[0].state"},
  };
  for (const auto& item : cases) {
    auto parsed = parse_journal(item.text);
    ASSERT_FALSE(parsed) << item.text.substr(0, 200);
    EXPECT_EQ(parsed.error().code, core::ErrorCode::kMalformedInput);
    EXPECT_NE(parsed.error().message.find(item.says), std::string::npos)
        << parsed.error().message << " should say " << item.says;
  }
}

TEST_F(ApplyState, SecondRunIsRefusedWhileTheFirstHoldsTheStateDirectory) {
  int ready[2];
  int release[2];
  ASSERT_EQ(::pipe(ready), 0);
  ASSERT_EQ(::pipe(release), 0);
  const std::string dir = (root_ / "state").string();
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto state = StateDir::open_locked(dir);
    const char answer = state ? 'y' : 'n';
    (void)::write(ready[1], &answer, 1);
    char go = 0;
    (void)::read(release[0], &go, 1);
    ::_exit(0);
  }
  char answer = 0;
  ASSERT_EQ(::read(ready[0], &answer, 1), 1);
  ASSERT_EQ(answer, 'y');
  auto second = StateDir::open_locked(dir);
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("pid " + std::to_string(child)), std::string::npos)
      << second.error().message;
  (void)::write(release[1], "g", 1);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  auto third = StateDir::open_locked(dir);
  EXPECT_TRUE(third) << third.error().to_string();
  struct stat info {};
  ASSERT_EQ(::stat(dir.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700U);
  for (int fd : {ready[0], ready[1], release[0], release[1]}) ::close(fd);
}

TEST_F(ApplyState, StampsAreUniquePerRun) {
  auto state = StateDir::open_locked((root_ / "state").string());
  ASSERT_TRUE(state);
  std::set<std::string> stamps;
  for (int run = 0; run < 200; ++run) {
    auto stamp = state->new_stamp();
    ASSERT_TRUE(stamp);
    EXPECT_TRUE(stamps.insert(*stamp).second) << *stamp << " used twice";
    auto journal = state->load();
    ASSERT_TRUE(journal);
    (void)journal->entry(*stamp);
    ASSERT_TRUE(state->save(*journal));
  }
  Journal taken;
  (void)taken.entry("20260101120000-000001");
  (void)taken.entry("20260101120000-000001-2");
  EXPECT_EQ(unique_stamp("20260101120000-000001", taken), "20260101120000-000001-3");
  EXPECT_EQ(unique_stamp("20260101120000-000002", taken), "20260101120000-000002");
}

TEST_F(ApplyState, DaemonJsonApplyKeepsModeAndRollbackRestoresIt) {
  auto state = StateDir::open_locked((root_ / "state").string());
  ASSERT_TRUE(state);
  const fs::path file = root_ / "etc" / "daemon.json";
  std::ofstream(file) << "{\"icc\": true}\n";
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  auto applied = apply_daemon_json(*state, "s1", file.string(), "{\"icc\": true}\n", "{}\n");
  ASSERT_TRUE(applied) << applied.error().to_string();
  EXPECT_EQ(read(file), "{}\n");
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  auto rolled = rollback(nullptr, *state);
  ASSERT_TRUE(rolled) << rolled.error().to_string();
  EXPECT_TRUE(rolled->failed.empty());
  EXPECT_EQ(read(file), "{\"icc\": true}\n");
  // A changed file is refused, a link is refused.
  EXPECT_FALSE(apply_daemon_json(*state, "s2", file.string(), "{}", "{}\n"));
  fs::create_symlink(file, root_ / "etc" / "link.json");
  auto linked = apply_daemon_json(*state, "s3", (root_ / "etc" / "link.json").string(),
                                  "{\"icc\": true}\n", "{}\n");
  ASSERT_FALSE(linked);
  EXPECT_NE(linked.error().message.find("symbolic link"), std::string::npos);
  EXPECT_EQ(read(file), "{\"icc\": true}\n");
}

TEST_F(ApplyState, FailedFileRemovalIsReportedNotClaimed) {
  auto state = StateDir::open_locked((root_ / "state").string());
  ASSERT_TRUE(state);
  const fs::path file = root_ / "etc" / "daemon.json";
  auto applied = apply_daemon_json(*state, "s1", file.string(), "", "{}\n");
  ASSERT_TRUE(applied) << applied.error().to_string();
  ASSERT_TRUE(fs::exists(file));
  // Something replaced the file with a directory that cannot be unlinked: the rollback must say
  // it failed, not "removed", and keep the apply for a later --rollback.
  fs::remove(file);
  fs::create_directories(file / "inside");
  auto rolled = rollback(nullptr, *state);
  ASSERT_TRUE(rolled) << rolled.error().to_string();
  ASSERT_EQ(rolled->failed.size(), 1U);
  EXPECT_NE(rolled->failed[0].find("cannot remove"), std::string::npos) << rolled->failed[0];
  EXPECT_TRUE(rolled->restored.empty());
  auto journal = state->load();
  ASSERT_TRUE(journal);
  EXPECT_FALSE(journal->applies.back().rolled_back);
  // Once it can be removed, the rerun completes.
  fs::remove_all(file);
  rolled = rollback(nullptr, *state);
  ASSERT_TRUE(rolled);
  EXPECT_TRUE(rolled->failed.empty());
  ASSERT_EQ(rolled->restored.size(), 1U);
  EXPECT_NE(rolled->restored[0].find("already absent"), std::string::npos);
}

TEST_F(ApplyState, ContainersWithoutAnEngineAreFailuresAndStayForRollback) {
  auto state = StateDir::open_locked((root_ / "state").string());
  ASSERT_TRUE(state);
  Journal journal;
  journal.entry("s1").containers.push_back(
      {"web", "old", "web.hardock-old.s1", "", true, RecordState::kRenamed, {}, ""});
  ASSERT_TRUE(state->save(journal));
  auto rolled = rollback(nullptr, *state);
  ASSERT_TRUE(rolled);
  ASSERT_EQ(rolled->failed.size(), 1U);
  EXPECT_NE(rolled->failed[0].find("no engine"), std::string::npos);
  auto after = state->load();
  ASSERT_TRUE(after);
  EXPECT_FALSE(after->applies[0].rolled_back);
  EXPECT_EQ(after->applies[0].containers[0].state, RecordState::kRenamed);
}

TEST_F(ApplyState, AJournalThatIsALinkOrNotAJournalIsRefused) {
  fs::create_directories(root_ / "state");
  std::ofstream(root_ / "elsewhere.json") << "{}";
  fs::create_symlink(root_ / "elsewhere.json", root_ / "state" / "journal.json");
  auto state = StateDir::open_locked((root_ / "state").string());
  ASSERT_TRUE(state);
  EXPECT_FALSE(state->load());
  fs::remove(root_ / "state" / "journal.json");
  std::ofstream(root_ / "state" / "journal.json") << "[]";
  auto refused = state->load();
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("move it away"), std::string::npos);
}

TEST(Redact, SecretsAndUrlPasswordsNeverShow) {
  EXPECT_TRUE(secret_looking_key("DB_PASSWORD"));
  EXPECT_TRUE(secret_looking_key("api_key"));
  EXPECT_TRUE(secret_looking_key("GITHUB_TOKEN"));
  EXPECT_FALSE(secret_looking_key("PWD"));
  EXPECT_FALSE(secret_looking_key("PATH"));
  EXPECT_EQ(redact_env_entry("DB_PASSWORD=hunter2"), "DB_PASSWORD=****");
  EXPECT_EQ(redact_env_entry("PROXY=http://u:pw@h:3128/x"), "PROXY=http://u:****@h:3128/x");
  EXPECT_EQ(redact_env_entry("MODE=prod"), "MODE=prod");
  EXPECT_EQ(redact_url_credentials("a https://user:p%40ss@reg.example/v2 b http://h/x"),
            "a https://user:****@reg.example/v2 b http://h/x");
  EXPECT_EQ(redact_url_credentials("https://token@host/"), "https://token@host/");
}

}  // namespace
}  // namespace hardock::harden
