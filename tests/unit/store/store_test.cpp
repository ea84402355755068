// The same suite on both backends: SQLite (a file in a temporary directory) and PostgreSQL (a
// real server started by tests/store/postgres.sh; each test gets its own database).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "hardock/core/fingerprint.h"
#include "hardock/store/backend.h"
#include "hardock/store/codec.h"
#include "hardock/store/migrations.h"
#include "hardock/store/store.h"

namespace hardock::store {
namespace {

namespace fs = std::filesystem;

std::string postgres_server_url() {
  const char* state = std::getenv("HARDOCK_TEST_PG_STATE");
  if (state == nullptr) return {};
  std::ifstream in(std::string(state) + "/url");
  std::string url;
  std::getline(in, url);
  return url;
}

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

// A fresh, empty store location per test.
class Locations {
 public:
  static std::string fresh(const std::string& backend) {
    static std::atomic<int> counter{0};
    const int n = counter++;
    if (backend == "sqlite") {
      const fs::path dir = fs::path(::testing::TempDir()) /
                           ("hardock-store-" + std::to_string(getpid()) + "-" + std::to_string(n));
      fs::remove_all(dir);
      return (dir / "sub" / "hardock.db").string();
    }
    const std::string server = postgres_server_url();
    if (server.empty()) return {};
    const std::string name = "t" + std::to_string(getpid()) + "_" + std::to_string(n);
    auto admin = detail::open_backend(server);
    if (!admin) return {};
    if (!(*admin)->exec("DROP DATABASE IF EXISTS " + name)) return {};
    if (!(*admin)->exec("CREATE DATABASE " + name)) return {};
    // The server's URL names database "hardock": the same with this test's database.
    const auto slash = server.find("/hardock?");
    if (slash == std::string::npos) return {};
    return server.substr(0, slash) + "/" + name + server.substr(slash + 8);
  }
};

// A seed of the codec's fuzz corpus (tests/store/make-fuzz-seeds.py).
std::string read_seed(const std::string& name) {
  std::ifstream in(std::string(HARDOCK_TEST_DATA) + "/store/fuzz/" + name, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    location_ = Locations::fresh(GetParam());
    if (location_.empty()) {
      if (in_ci()) FAIL() << "CI=true but the test PostgreSQL server is not running";
      GTEST_SKIP() << "no test PostgreSQL server (scripts/test.sh or ctest starts it)";
    }
  }

  std::unique_ptr<Store> open() {
    auto store = open_store(location_);
    EXPECT_TRUE(store) << (store ? "" : store.error().to_string());
    return store ? std::move(*store) : nullptr;
  }

  static RunRecord sample_run(std::string host, std::string started_at, int containers = 2) {
    RunRecord record;
    record.info.kind = RunKind::kAudit;
    record.info.target = "unix:///run/docker.sock";
    record.info.host = std::move(host);
    record.info.host_name = "node-1";
    record.info.started_at = std::move(started_at);
    record.info.duration_ms = 1234;
    record.info.tool_version = "0.1.0";
    record.info.policy_hash = std::string(64, 'a');
    record.info.user = "alice";
    record.snapshot = R"({"schema":"hardock.snapshot/v1","containers":[]})";
    std::vector<core::Finding> findings;
    for (int i = 0; i < containers; ++i) {
      core::Finding f;
      f.check_code = "HDK-C-004";
      f.slug = "privileged-container";
      f.title = "Container runs privileged";
      f.severity = core::Severity::kCritical;
      f.target = {core::TargetKind::kContainer, "id" + std::to_string(i),
                  "web" + std::to_string(i)};
      f.evidence = "HostConfig.Privileged=true";
      f.remediation = "drop --privileged";
      f.cis = "5.4";
      f.cobit = "DSS05.03";
      findings.push_back(f);
    }
    core::Finding error;
    error.check_code = "HDK-H-001";
    error.status = core::FindingStatus::kError;
    error.target = {core::TargetKind::kHost, "host", "host"};
    error.evidence = "permission denied";
    findings.push_back(error);
    const auto prints = core::fingerprints(findings);
    for (std::size_t i = 0; i < findings.size(); ++i) {
      const auto& f = findings[i];
      StoredFinding s;
      s.fingerprint = prints[i];
      s.check_code = std::string(f.check_code);
      s.slug = std::string(f.slug);
      s.title = std::string(f.title);
      s.severity = f.severity;
      s.status = f.status;
      s.target_kind = f.target.kind;
      s.target_id = f.target.id;
      s.target_name = f.target.name;
      s.evidence = f.evidence;
      s.remediation = std::string(f.remediation);
      s.cis = f.cis;
      s.cobit = std::string(f.cobit);
      s.location = {"Dockerfile", 3, 1, 0, 0};
      record.findings.push_back(std::move(s));
    }
    record.checks = {{"HDK-C-004", "fail", ""}, {"HDK-H-001", "error", "permission denied"}};
    return record;
  }

  std::string location_;
};

TEST_P(StoreTest, RecordsAndLoadsARunWhole) {
  auto store = open();
  ASSERT_TRUE(store);
  const RunRecord record = sample_run("engine-A", "2026-01-01T10:00:00Z");
  auto id = store->record_run(record);
  ASSERT_TRUE(id) << id.error().to_string();
  EXPECT_GT(*id, 0);
  auto loaded = store->load_run(*id);
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  EXPECT_EQ(loaded->info.id, *id);
  EXPECT_EQ(loaded->info.kind, RunKind::kAudit);
  EXPECT_EQ(loaded->info.host, "engine-A");
  EXPECT_EQ(loaded->info.host_name, "node-1");
  EXPECT_EQ(loaded->info.started_at, "2026-01-01T10:00:00Z");
  EXPECT_EQ(loaded->info.duration_ms, 1234);
  EXPECT_EQ(loaded->info.policy_hash, record.info.policy_hash);
  EXPECT_EQ(loaded->info.user, "alice");
  EXPECT_EQ(loaded->info.findings, 2);  // the error is no failing finding
  EXPECT_EQ(loaded->snapshot, record.snapshot);
  ASSERT_EQ(loaded->findings.size(), record.findings.size());
  for (std::size_t i = 0; i < record.findings.size(); ++i) {
    const auto& a = record.findings[i];
    const auto& b = loaded->findings[i];
    EXPECT_EQ(a.fingerprint, b.fingerprint);
    EXPECT_EQ(a.check_code, b.check_code);
    EXPECT_EQ(a.title, b.title);
    EXPECT_EQ(a.severity, b.severity);
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.target_name, b.target_name);
    EXPECT_EQ(a.evidence, b.evidence);
    EXPECT_EQ(a.cis, b.cis);
    EXPECT_EQ(a.location.file, b.location.file);
    EXPECT_EQ(a.location.line, b.location.line);
  }
  ASSERT_EQ(loaded->checks.size(), 2U);
  EXPECT_EQ(loaded->checks[1].outcome, "error");
  EXPECT_EQ(loaded->checks[1].reason, "permission denied");
  EXPECT_FALSE(store->load_run(*id + 1000));
}

TEST_P(StoreTest, KeepsBinaryAndUnicodeText) {
  auto store = open();
  ASSERT_TRUE(store);
  RunRecord record = sample_run("h", "2026-01-01T10:00:00Z");
  record.findings[0].evidence = "quote ' \" ; DROP TABLE runs; -- \xc3\xa9 \x01";
  record.snapshot = std::string("\x00\xff\x01 binary", 10);
  auto id = store->record_run(record);
  ASSERT_TRUE(id) << id.error().to_string();
  auto loaded = store->load_run(*id);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->findings[0].evidence, record.findings[0].evidence);
  EXPECT_EQ(loaded->snapshot, record.snapshot);
  EXPECT_TRUE(store->runs({}));
}

TEST_P(StoreTest, KeepsAFindingsAcceptance) {
  auto store = open();
  ASSERT_TRUE(store);
  RunRecord record = sample_run("h", "2026-01-01T10:00:00Z");
  record.findings[1].accepted = true;
  record.findings[1].accepted_owner = "alice";
  record.findings[1].accepted_until = "2030-01-31";
  record.findings[1].accepted_reason = "legacy app; \"RISK-7\"";
  record.findings[1].accepted_source = "store #3";
  auto id = store->record_run(record);
  ASSERT_TRUE(id) << id.error().to_string();
  auto loaded = store->load_run(*id);
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  ASSERT_EQ(loaded->findings.size(), record.findings.size());
  EXPECT_FALSE(loaded->findings[0].accepted);
  EXPECT_TRUE(loaded->findings[0].accepted_owner.empty());
  const StoredFinding& accepted = loaded->findings[1];
  EXPECT_TRUE(accepted.accepted);
  EXPECT_EQ(accepted.accepted_owner, "alice");
  EXPECT_EQ(accepted.accepted_until, "2030-01-31");
  EXPECT_EQ(accepted.accepted_reason, "legacy app; \"RISK-7\"");
  EXPECT_EQ(accepted.accepted_source, "store #3");
  // The run's count (`hardock history`) is of the open findings: failing, not accepted, as
  // `risk` and `show` count them. sample_run(): 2 failing findings and an error.
  EXPECT_EQ(loaded->info.findings, 1);
  auto listed = store->runs({});
  ASSERT_TRUE(listed) << listed.error().to_string();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().findings, 1);
}

// A run stored by the first findings codec (format 1, before acceptances were stored; the frame
// made by tests/store/make-fuzz-seeds.py) still loads, its findings not accepted.
TEST_P(StoreTest, LoadsARunStoredByTheFirstFindingsCodec) {
  auto store = open();
  ASSERT_TRUE(store);
  auto id = store->record_run(sample_run("A", "2026-01-01T10:00:00Z"));
  ASSERT_TRUE(id);
  const std::string frame = read_seed("findings-5.zst");
  ASSERT_FALSE(frame.empty());
  auto backend = detail::open_backend(location_);
  ASSERT_TRUE(backend);
  const std::array<detail::Value, 2> old{detail::Blob{frame}, *id};
  ASSERT_TRUE((*backend)->query("UPDATE runs SET findings_data = ? WHERE id = ?", old, 0));
  auto loaded = store->load_run(*id);
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  ASSERT_EQ(loaded->findings.size(), 5U);
  for (const auto& f : loaded->findings) {
    EXPECT_EQ(f.check_code, "HDK-C-004");
    EXPECT_FALSE(f.accepted);
  }
  EXPECT_EQ(loaded->findings[3].target_name, "web3");
  EXPECT_EQ(loaded->findings[3].location.line, 3U);
}

TEST_P(StoreTest, ListsRunsNewestFirstWithFilters) {
  auto store = open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->record_run(sample_run("A", "2026-01-01T10:00:00Z")));
  ASSERT_TRUE(store->record_run(sample_run("B", "2026-01-02T10:00:00Z")));
  RunRecord lint = sample_run("A", "2026-01-03T10:00:00Z");
  lint.info.kind = RunKind::kLint;
  ASSERT_TRUE(store->record_run(lint));

  auto all = store->runs({});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3U);
  EXPECT_EQ((*all)[0].started_at, "2026-01-03T10:00:00Z");
  EXPECT_EQ((*all)[2].started_at, "2026-01-01T10:00:00Z");

  RunFilter by_host;
  by_host.host = "A";
  EXPECT_EQ(store->runs(by_host)->size(), 2U);
  RunFilter by_name;
  by_name.host = "node-1";
  EXPECT_EQ(store->runs(by_name)->size(), 3U);
  RunFilter by_kind;
  by_kind.kind = RunKind::kLint;
  EXPECT_EQ(store->runs(by_kind)->size(), 1U);
  RunFilter since;
  since.since = "2026-01-02";
  EXPECT_EQ(store->runs(since)->size(), 2U);
  RunFilter limited;
  limited.limit = 1;
  EXPECT_EQ(store->runs(limited)->size(), 1U);

  auto latest = store->latest_run(RunKind::kAudit, "A");
  ASSERT_TRUE(latest && *latest);
  EXPECT_EQ((*latest)->started_at, "2026-01-01T10:00:00Z");
  auto none = store->latest_run(RunKind::kHarden, "");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
}

TEST_P(StoreTest, FollowsFingerprintsAcrossRuns) {
  auto store = open();
  ASSERT_TRUE(store);
  auto first = store->record_run(sample_run("A", "2026-01-01T10:00:00Z", 2));
  auto second = store->record_run(sample_run("A", "2026-01-02T10:00:00Z", 3));
  auto other = store->record_run(sample_run("B", "2026-01-02T11:00:00Z", 1));
  ASSERT_TRUE(first && second && other);
  auto seen = store->fingerprints_seen("A");
  ASSERT_TRUE(seen) << seen.error().to_string();
  ASSERT_EQ(seen->size(), 3U);  // failing ones only: web0, web1 (twice), web2
  int both = 0;
  for (const auto& s : *seen) {
    EXPECT_EQ(s.host, "A");
    EXPECT_EQ(s.check_code, "HDK-C-004");
    EXPECT_EQ(s.severity, core::Severity::kCritical);
    EXPECT_EQ(s.last_run, *second);
    if (s.first_run == *first) {
      ++both;
      EXPECT_EQ(s.first_seen, "2026-01-01T10:00:00Z");
      EXPECT_EQ(s.last_seen, "2026-01-02T10:00:00Z");
    } else {
      EXPECT_EQ(s.first_run, *second);
    }
  }
  EXPECT_EQ(both, 2);
  EXPECT_EQ(store->fingerprints_seen("")->size(), 4U);
}

TEST_P(StoreTest, BaselinesWaiversAndChanges) {
  auto store = open();
  ASSERT_TRUE(store);
  auto run = store->record_run(sample_run("A", "2026-01-01T10:00:00Z"));
  ASSERT_TRUE(run);
  EXPECT_FALSE(*store->baseline("A"));
  ASSERT_TRUE(store->set_baseline({"A", *run, "alice", "2026-01-01T11:00:00Z", "first"}));
  ASSERT_TRUE(store->set_baseline({"A", *run, "bob", "2026-01-01T12:00:00Z", "again"}));
  auto baseline = store->baseline("A");
  ASSERT_TRUE(baseline && *baseline);
  EXPECT_EQ((*baseline)->set_by, "bob");
  EXPECT_EQ((*baseline)->note, "again");

  Waiver waiver;
  waiver.check = "HDK-C-004";
  waiver.target = "web0";
  waiver.reason = "legacy";
  waiver.owner = "ops";
  waiver.until = "2026-06-30";
  waiver.created_by = "alice";
  waiver.created_at = "2026-01-01T12:00:00Z";
  auto id = store->add_waiver(waiver);
  ASSERT_TRUE(id) << id.error().to_string();
  EXPECT_EQ(store->waivers(false)->size(), 1U);
  ASSERT_TRUE(store->revoke_waiver(*id, "bob", "2026-01-02T00:00:00Z"));
  EXPECT_FALSE(store->revoke_waiver(*id, "bob", "2026-01-02T00:00:00Z"));
  EXPECT_FALSE(store->revoke_waiver(*id + 100, "bob", "2026-01-02T00:00:00Z"));
  EXPECT_EQ(store->waivers(false)->size(), 0U);
  auto all = store->waivers(true);
  ASSERT_EQ(all->size(), 1U);
  EXPECT_EQ((*all)[0].revoked_at, "2026-01-02T00:00:00Z");
  EXPECT_EQ((*all)[0].source, "store");

  ChangeRecord change;
  change.run = *run;
  change.host = "A";
  change.at = "2026-01-01T13:00:00Z";
  change.who = "alice";
  change.what = "harden.apply";
  change.object = "/etc/docker/daemon.json";
  change.before = "{}";
  change.after = R"({"icc":false})";
  change.journal = "/var/lib/hardock/journal/1";
  ASSERT_TRUE(store->record_change(change));
  change.what = "harden.rollback";
  change.at = "2026-01-01T14:00:00Z";
  ASSERT_TRUE(store->record_change(change));
  auto changes = store->changes({});
  ASSERT_TRUE(changes);
  ASSERT_EQ(changes->size(), 2U);
  EXPECT_EQ((*changes)[0].what, "harden.rollback");
  EXPECT_EQ((*changes)[1].before, "{}");
  EXPECT_EQ((*changes)[1].journal, "/var/lib/hardock/journal/1");
  RunFilter other;
  other.host = "B";
  EXPECT_TRUE(store->changes(other)->empty());
}

// authz decisions and watch alerts: kept whole, filtered by source, host and time, newest first.
TEST_P(StoreTest, RecordsRuntimeEvents) {
  auto store = open();
  ASSERT_TRUE(store);
  RuntimeEvent deny;
  deny.host = "A";
  deny.at = "2026-01-01T10:00:00Z";
  deny.source = "authz";
  deny.kind = "deny";
  deny.subject = "POST /v1.43/containers/create";
  deny.user = "alice";
  deny.checks = "HDK-C-001,HDK-C-009";
  deny.detail = R"({"decision":"deny","reason":"privileged \u0000 'x'"})";
  ASSERT_TRUE(store->record_event(deny));
  RuntimeEvent alert = deny;
  alert.source = "watch";
  alert.kind = "finding";
  alert.subject = "web";
  alert.user.clear();
  alert.at = "2026-01-01T11:00:00Z";
  ASSERT_TRUE(store->record_event(alert));
  alert.host = "B";
  ASSERT_TRUE(store->record_event(alert));

  auto all = store->events({});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3U);
  EXPECT_EQ((*all)[2].source, "authz");
  EXPECT_EQ((*all)[2].user, "alice");
  EXPECT_EQ((*all)[2].checks, "HDK-C-001,HDK-C-009");
  EXPECT_EQ((*all)[2].detail, deny.detail);
  EventFilter only;
  only.source = "authz";
  ASSERT_EQ(store->events(only)->size(), 1U);
  only.source.clear();
  only.host = "B";
  ASSERT_EQ(store->events(only)->size(), 1U);
  only.host.clear();
  only.since = "2026-01-01T10:30:00Z";
  EXPECT_EQ(store->events(only)->size(), 2U);
  only.limit = 1;
  EXPECT_EQ(store->events(only)->size(), 1U);
}

// A batch is one transaction: every event of it recorded, whole and in order.
TEST_P(StoreTest, RecordsRuntimeEventsInOneBatch) {
  auto store = open();
  ASSERT_TRUE(store);
  std::vector<RuntimeEvent> batch(3);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    batch[i].host = "A";
    batch[i].at = "2026-01-01T10:00:0" + std::to_string(i) + "Z";
    batch[i].source = "authz";
    batch[i].kind = i == 1 ? "deny" : "allow";
    batch[i].subject = "POST /v1.43/containers/create?name=c" + std::to_string(i);
    batch[i].detail = "{}";
  }
  ASSERT_TRUE(store->record_events(batch));
  ASSERT_TRUE(store->record_events({}));
  auto all = store->events({});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3U);
  EXPECT_EQ((*all)[0].subject, batch[2].subject);  // newest first
  EXPECT_EQ((*all)[1].kind, "deny");
  EXPECT_EQ((*all)[2].at, batch[0].at);
}

TEST_P(StoreTest, ReopensWithoutMigratingAgain) {
  {
    auto store = open();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->record_run(sample_run("A", "2026-01-01T10:00:00Z")));
  }
  auto store = open();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->runs({})->size(), 1U);
  auto backend = detail::open_backend(location_);
  ASSERT_TRUE(backend);
  EXPECT_EQ(*detail::schema_version(**backend), detail::migrations().back().number);
}

// From empty and from every earlier schema version to the newest: data written at the older
// version is still there, and the store works. Iterates the migration list, so each new migration
// is covered without a new test.
TEST_P(StoreTest, MigratesFromEveryEarlierVersion) {
  const int latest = detail::migrations().back().number;
  for (int from = 0; from < latest; ++from) {
    SCOPED_TRACE("from version " + std::to_string(from));
    const std::string location = from == 0 ? location_ : Locations::fresh(GetParam());
    auto backend = detail::open_backend(location);
    ASSERT_TRUE(backend) << backend.error().to_string();
    if (from > 0) {
      ASSERT_TRUE(detail::migrate(**backend, from));
      EXPECT_EQ(*detail::schema_version(**backend), from);
    } else {
      EXPECT_EQ(*detail::schema_version(**backend), 0);
    }
    auto store = open_store(location);
    ASSERT_TRUE(store) << store.error().to_string();
    EXPECT_EQ(*detail::schema_version(**backend), latest);
    auto id = (*store)->record_run(sample_run("A", "2026-01-01T10:00:00Z"));
    ASSERT_TRUE(id) << id.error().to_string();
    EXPECT_TRUE((*store)->load_run(*id));
  }
}

TEST_P(StoreTest, RefusesAStoreFromANewerHardock) {
  ASSERT_TRUE(open());
  auto backend = detail::open_backend(location_);
  ASSERT_TRUE(backend);
  ASSERT_TRUE((*backend)->exec(
      "INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', 'x')"));
  auto store = open_store(location_);
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().to_string().find("newer"), std::string::npos)
      << store.error().to_string();
}

TEST_P(StoreTest, RejectsCorruptStoredParts) {
  auto store = open();
  ASSERT_TRUE(store);
  auto id = store->record_run(sample_run("A", "2026-01-01T10:00:00Z"));
  ASSERT_TRUE(id);
  auto backend = detail::open_backend(location_);
  ASSERT_TRUE(backend);
  const std::array<detail::Value, 2> garbage{detail::Blob{"not zstd at all"}, *id};
  ASSERT_TRUE((*backend)->query("UPDATE runs SET findings_data = ? WHERE id = ?", garbage, 0));
  auto loaded = store->load_run(*id);
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().to_string().find("findings"), std::string::npos);
  const std::array<detail::Value, 1> kind{*id};
  ASSERT_TRUE((*backend)->query("UPDATE runs SET kind = 'evil' WHERE id = ?", kind, 0));
  auto listed = store->runs({});
  ASSERT_FALSE(listed);
  EXPECT_NE(listed.error().to_string().find("unknown run kind"), std::string::npos);
}

// Several processes record into one store at once (hardock runs from cron, CI and a person on
// one host; a fleet writing to one PostgreSQL): every run arrives, each whole.
TEST_P(StoreTest, ConcurrentWritersLoseNothing) {
  // Not created beforehand: the writers race on creating and migrating it too.
  constexpr int kWriters = 6;
  constexpr int kRunsEach = 8;
  std::vector<pid_t> children;
  for (int w = 0; w < kWriters; ++w) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      // A writer that fails says why: the parent only sees its exit status.
      auto store = open_store(location_);
      if (!store) {
        std::fprintf(stderr, "writer %d: %s\n", w, store.error().to_string().c_str());
        _exit(10);
      }
      for (int r = 0; r < kRunsEach; ++r) {
        auto id = (*store)->record_run(sample_run("host-" + std::to_string(w),
                                                  "2026-01-01T10:00:0" + std::to_string(r) + "Z"));
        if (!id) {
          std::fprintf(stderr, "writer %d run %d: %s\n", w, r, id.error().to_string().c_str());
          _exit(11);
        }
      }
      _exit(0);
    }
    children.push_back(pid);
  }
  for (const pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "writer exit " << status;
  }
  auto store = open();
  ASSERT_TRUE(store);
  auto runs = store->runs({});
  ASSERT_TRUE(runs);
  EXPECT_EQ(runs->size(), static_cast<std::size_t>(kWriters * kRunsEach));
  for (const auto& run : *runs) EXPECT_TRUE(store->load_run(run.id)) << run.id;
  EXPECT_EQ(store->fingerprints_seen("")->size(), static_cast<std::size_t>(kWriters * 2));
}

TEST_P(StoreTest, DescribesWithoutCredentials) {
  auto store = open();
  ASSERT_TRUE(store);
  const std::string shown = store->describe();
  if (GetParam() == "sqlite") {
    EXPECT_EQ(shown, "sqlite:" + location_);
  } else {
    EXPECT_TRUE(shown.starts_with("postgresql://")) << shown;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

// SQLite specifics.
TEST(SqliteStore, MakesAPrivateFileInAPrivateDirectory) {
  const std::string location = Locations::fresh("sqlite");
  ASSERT_TRUE(open_store(location));
  struct stat st {};
  ASSERT_EQ(stat(location.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  ASSERT_EQ(stat(fs::path(location).parent_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700U);
}

TEST(SqliteStore, NamesAFileThatIsNoStore) {
  const std::string location = Locations::fresh("sqlite");
  fs::create_directories(fs::path(location).parent_path());
  std::ofstream(location) << std::string(8192, 'x');
  auto store = open_store(location);
  ASSERT_FALSE(store);
  const std::string message = store.error().to_string();
  EXPECT_NE(message.find(location), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos);
}

TEST(SqliteStore, RefusesASymbolicLink) {
  const std::string location = Locations::fresh("sqlite");
  fs::create_directories(fs::path(location).parent_path());
  fs::create_symlink("/etc/passwd", location);
  EXPECT_FALSE(open_store(location));
}

TEST(StoreLocation, DefaultAndRedaction) {
  const std::string location = default_location();
  if (geteuid() == 0) {
    EXPECT_EQ(location, "/var/lib/hardock/hardock.db");
  } else {
    EXPECT_TRUE(location.ends_with("/hardock/hardock.db")) << location;
  }
  EXPECT_EQ(detail::redact_url("postgresql://bob:s3cret@db.example:5432/h"),
            "postgresql://***@db.example:5432/h");
  EXPECT_EQ(detail::redact_url("postgres://db/h?sslmode=require&password=s3cret"),
            "postgres://db/h?sslmode=require&password=***");
  auto store = open_store("postgresql://bob:s3cret@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().to_string().find("s3cret"), std::string::npos)
      << store.error().to_string();
  EXPECT_FALSE(open_store("mysql://x/y"));
}

TEST(StoreCodec, ReadsBothFindingsFormats) {
  auto v1 = detail::decode_findings(read_seed("findings-5"));
  ASSERT_TRUE(v1) << v1.error().to_string();
  ASSERT_EQ(v1->size(), 5U);
  EXPECT_FALSE((*v1)[0].accepted);
  // Written again, a format 1 run is format 2 and reads back the same.
  const std::string again = detail::encode_findings(*v1);
  EXPECT_EQ(again[0], '\x02');
  auto reread = detail::decode_findings(again);
  ASSERT_TRUE(reread);
  EXPECT_EQ(detail::encode_findings(*reread), again);

  auto v2 = detail::decode_findings(read_seed("findings-v2-4"));
  ASSERT_TRUE(v2) << v2.error().to_string();
  ASSERT_EQ(v2->size(), 4U);
  EXPECT_TRUE((*v2)[0].accepted);
  EXPECT_EQ((*v2)[0].accepted_owner, "alice");
  EXPECT_EQ((*v2)[0].accepted_until, "2030-01-31");
  EXPECT_EQ((*v2)[2].accepted_reason, "legacy app, see RISK-2");
  EXPECT_EQ((*v2)[2].accepted_source, "store #3");
  EXPECT_FALSE((*v2)[1].accepted);
  EXPECT_EQ((*v2)[3].target_name, "web3");
  EXPECT_EQ(detail::encode_findings(*v2), read_seed("findings-v2-4"));
}

TEST(StoreCodec, RefusesBrokenFindings) {
  for (const char* name :
       {"findings-v2-bad-flag", "unknown-format", "findings-truncated", "findings-count-lie"}) {
    auto decoded = detail::decode_findings(read_seed(name));
    ASSERT_FALSE(decoded) << name;
    EXPECT_NE(decoded.error().to_string().find("findings"), std::string::npos) << name;
  }
  // An acceptance cut short.
  std::vector<StoredFinding> one(1);
  one[0].accepted = true;
  one[0].accepted_owner = "alice";
  std::string bytes = detail::encode_findings(one);
  bytes.pop_back();
  EXPECT_FALSE(detail::decode_findings(bytes));
}

TEST(StoreRunKind, RoundTrips) {
  for (const RunKind kind :
       {RunKind::kAudit, RunKind::kImage, RunKind::kLint, RunKind::kHarden, RunKind::kRollback}) {
    EXPECT_EQ(*parse_run_kind(to_string(kind)), kind);
  }
  EXPECT_FALSE(parse_run_kind("bogus"));
}

}  // namespace
}  // namespace hardock::store
