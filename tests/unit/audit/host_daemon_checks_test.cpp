// The daemon configuration checks (HDK-H-001..021): cases beyond each check's
// bad/good pair, on fragments and on configurations read from the fixture
// roots of tests/host/make-daemon-fixtures.sh.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hardock/audit/registry.h"
#include "hardock/host/daemon_config.h"

namespace hardock::audit {
namespace {

std::vector<core::Finding> run_on(std::string_view code, const host::HostSnapshot* snapshot) {
  const Check* check = find_check(code);
  if (check == nullptr) {
    ADD_FAILURE() << code << ": no such check";
    return {};
  }
  const docker::EngineSnapshot engine;
  const AuditConfig config;
  return check->run(*check, AuditContext{engine, config, snapshot, false});
}

// Runs a check on a daemon configuration in the snapshot format.
std::vector<core::Finding> run_daemon(std::string_view code, std::string_view daemon_json) {
  auto decoded =
      host::decode_host_snapshot(nlohmann::json{{"daemon", nlohmann::json::parse(daemon_json)}});
  if (!decoded) {
    ADD_FAILURE() << decoded.error().to_string();
    return {};
  }
  return run_on(code, &*decoded);
}

// Runs a check on a fixture root read by the real reader.
std::vector<core::Finding> run_root(std::string_view code, const std::string& name) {
  host::ReadContext context;
  context.root = std::string(HARDOCK_TEST_DATA) + "/host/daemon/" + name;
  context.live = false;
  auto daemon = host::read_daemon_config(context);
  if (!daemon) {
    ADD_FAILURE() << daemon.error().to_string();
    return {};
  }
  host::HostSnapshot snapshot;
  snapshot.root = context.root;
  snapshot.daemon = *daemon;
  return run_on(code, &snapshot);
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// A host without any dockerd configuration, and no engine: the daemon checks cannot judge and
// say so (skipped, with the reason), never pass. (No host at all: the runner reports them as not
// run, see HostFilesChecks.NoHostPartMeansNotRunNeverPassed.)
TEST(HostDaemonChecks, NoDockerConfigurationAndNoEngineIsSkippedNotPassed) {
  for (const Check* check : checks_with_prefix("HDK-H-")) {
    SCOPED_TRACE(std::string(check->info.code));
    if (check->info.code == "HDK-H-021") continue;  // reports unreadable sources only
    auto findings = run_daemon(check->info.code, "{}");
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].status, core::FindingStatus::kSkipped);
    EXPECT_TRUE(contains(findings[0].evidence, "no dockerd configuration found"))
        << findings[0].evidence;
  }
}

TEST(HostDaemonChecks, AbsenceUnderAReadErrorIsCouldNotLook) {
  // daemon.json is malformed: icc's default cannot be trusted.
  auto findings = run_root("HDK-H-002", "json-comment");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].status, core::FindingStatus::kError);
  EXPECT_TRUE(contains(findings[0].evidence,
                       "could not read /etc/docker/daemon.json: "
                       "/etc/docker/daemon.json: line 3, column 3"))
      << findings[0].evidence;
  findings = run_root("HDK-H-021", "json-comment");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].status, core::FindingStatus::kError);
}

TEST(HostDaemonChecks, EvidenceNamesTheSource) {
  auto findings = run_root("HDK-H-005", "unit-tcp");
  // Two insecure registries: one finding for the daemon (CIS 2.5) carrying both.
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_TRUE(contains(findings[0].evidence,
                       "configuration: insecure registry a.local:5000 (--insecure-registry in "
                       "/etc/default/docker:3); configuration: insecure registry "))
      << findings[0].evidence;
  findings = run_root("HDK-H-003", "json-basic");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].evidence,
            "configuration: log-level=debug (/etc/docker/daemon.json:4): CIS 2.3 expects info");
}

TEST(HostDaemonChecks, IccDefaultFiresExplicitFalseDoesNot) {
  auto findings = run_root("HDK-H-002", "socket");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_TRUE(contains(findings[0].evidence, "icc is not set")) << findings[0].evidence;
  EXPECT_TRUE(run_root("HDK-H-002", "json-basic").empty());
}

TEST(HostDaemonChecks, ApiOnTcpWithoutTlsIsCriticalAndSaysEveryInterface) {
  auto findings = run_root("HDK-H-020", "unit-tcp");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, core::Severity::kCritical);
  EXPECT_EQ(findings[0].evidence,
            "configuration: hosts=tcp://0.0.0.0:2375 (-H in "
            "/lib/systemd/system/docker.service:ExecStart) "
            "listens on every interface (0.0.0.0) without TLS: no client authentication");
  findings = run_root("HDK-H-020", "socket");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_TRUE(
      contains(findings[0].evidence,
               "ListenStream=0.0.0.0:2375 (/lib/systemd/system/docker.socket:ListenStream)"))
      << findings[0].evidence;
  findings = run_root("HDK-H-020", "proc");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_TRUE(contains(findings[0].evidence, "/proc/4321/cmdline")) << findings[0].evidence;
  // tlsverify on the command line: not exposed (2.7 still judges completeness).
  EXPECT_TRUE(run_root("HDK-H-020", "default-only").empty());
  EXPECT_TRUE(run_root("HDK-H-020", "dropin-reset").empty());
}

TEST(HostDaemonChecks, ApiOnLoopbackIsHighAndTlsAloneIsNotEnough) {
  auto findings = run_daemon("HDK-H-020", R"({"sources":["s"],"settings":[
    {"key":"hosts","values":["tcp://127.0.0.1:2375"],"origin":"file","source":"s:2"},
    {"key":"tls","values":["true"],"origin":"file","source":"s:3"}]})");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, core::Severity::kHigh);
  EXPECT_TRUE(contains(findings[0].evidence, "with --tls but without --tlsverify"));
}

TEST(HostDaemonChecks, TlsIncompleteListsWhatIsMissing) {
  auto findings = run_root("HDK-H-007", "default-only");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_TRUE(contains(findings[0].evidence, "but not set: tlscert, tlskey"))
      << findings[0].evidence;
  EXPECT_TRUE(run_root("HDK-H-007", "dropin-reset").empty());  // no TCP endpoint
}

TEST(HostDaemonChecks, ConflictFiresOnTheClassicSystemdCase) {
  auto findings = run_root("HDK-H-019", "unit-tcp");
  ASSERT_EQ(findings.size(), 1u);  // both conflicts, one finding for the daemon
  EXPECT_TRUE(contains(findings[0].evidence,
                       "configuration: hosts is set by -H in "
                       "/lib/systemd/system/docker.service:ExecStart and by "
                       "/etc/docker/daemon.json:2: dockerd will not start; configuration: "))
      << findings[0].evidence;
  EXPECT_EQ(findings[0].severity, core::Severity::kHigh);
  EXPECT_TRUE(run_root("HDK-H-019", "json-basic").empty());
}

TEST(HostDaemonChecks, FromFixtureRoots) {
  EXPECT_EQ(run_root("HDK-H-006", "sysconfig").size(), 1u);  // aufs via OPTIONS
  EXPECT_EQ(run_root("HDK-H-013", "sysconfig").size(), 0u);  // journald is not local-only here
  EXPECT_EQ(run_root("HDK-H-018", "proc").size(), 1u);       // --experimental in /proc
  EXPECT_EQ(run_root("HDK-H-015", "dropin-reset").size(), 0u);
  EXPECT_EQ(run_root("HDK-H-016", "dropin-reset").size(), 0u);
  EXPECT_EQ(run_root("HDK-H-003", "dropin-reset").size(), 1u);  // -l warn
  EXPECT_EQ(run_root("HDK-H-003", "default-only").size(), 1u);  // -D
  EXPECT_EQ(run_root("HDK-H-009", "config-file").size(), 0u);   // via --config-file
  EXPECT_EQ(run_root("HDK-H-001", "config-file").size(), 0u);   // User=dockremap
  auto root = run_root("HDK-H-001", "proc");
  ASSERT_EQ(root.size(), 1u);
  EXPECT_EQ(root[0].evidence,
            "configuration: dockerd runs as root: effective Uid 0 in /proc/4321/status");
  EXPECT_EQ(run_root("HDK-H-008", "json-basic").size(), 0u);
}

TEST(HostDaemonChecks, SeccompUnconfinedIsHigh) {
  auto findings = run_daemon("HDK-H-017", R"({"sources":["s"],"settings":[
    {"key":"seccomp-profile","values":["unconfined"],"origin":"flag","flag":"--seccomp-profile","source":"u:ExecStart"}]})");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, core::Severity::kHigh);
  EXPECT_EQ(findings[0].evidence,
            "configuration: seccomp-profile=unconfined (--seccomp-profile in u:ExecStart): "
            "seccomp is off for every container");
  // Unset: Docker's default profile is in force, which CIS 2.17 accepts.
  EXPECT_TRUE(run_daemon("HDK-H-017", R"({"sources":["s"],"settings":[]})").empty());
}

TEST(HostDaemonChecks, SnapshotRoundTripGivesTheSameFindings) {
  host::ReadContext context;
  context.root = std::string(HARDOCK_TEST_DATA) + "/host/daemon/unit-tcp";
  context.live = false;
  auto daemon = host::read_daemon_config(context);
  ASSERT_TRUE(daemon.has_value());
  host::HostSnapshot snapshot;
  snapshot.daemon = *daemon;
  auto decoded = host::decode_host_snapshot(
      nlohmann::json::parse(host::encode_host_snapshot(snapshot).dump()));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().to_string();
  EXPECT_EQ(decoded->daemon, snapshot.daemon);
  for (const Check* check : checks_with_prefix("HDK-H-")) {
    if (!check->info.slug.starts_with("daemon-")) continue;
    SCOPED_TRACE(std::string(check->info.code));
    auto before = run_on(check->info.code, &snapshot);
    auto after = run_on(check->info.code, &*decoded);
    ASSERT_EQ(before.size(), after.size());
    for (size_t idx = 0; idx < before.size(); ++idx)
      EXPECT_EQ(before[idx].evidence, after[idx].evidence);
  }
}

}  // namespace
}  // namespace hardock::audit
