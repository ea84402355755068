#include "hardock/monitor/watch.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "hardock/monitor/judge.h"
#include "hardock/monitor/watch_drift.h"
#include "hardock/monitor/watch_syslog.h"

namespace hardock::monitor {
namespace {

TEST(WatchEvents, ParsesTheEngineFormat) {
  auto event = parse_event(
      R"({"status":"exec_create: sh","id":"c1","Type":"container","Action":"exec_create: sh",)"
      R"("Actor":{"ID":"c1","Attributes":{"execID":"e9","name":"web"}},"scope":"local",)"
      R"("time":1700000000,"timeNano":1700000000123456789})");
  ASSERT_TRUE(event) << event.error().message;
  EXPECT_EQ(event->type, "container");
  EXPECT_EQ(event->action, "exec_create: sh");
  EXPECT_EQ(event->id, "c1");
  EXPECT_EQ(event->name, "web");
  EXPECT_EQ(event->exec_id, "e9");
  EXPECT_EQ(event->time_nano, 1700000000123456789);

  auto connect = parse_event(
      R"({"Type":"network","Action":"connect","Actor":{"ID":"n1","Attributes":{"container":"c2"}},"time":5})");
  ASSERT_TRUE(connect);
  EXPECT_EQ(connect->container_id, "c2");
  EXPECT_EQ(connect->time_nano, 5'000'000'000);
}

TEST(WatchEvents, RejectsWhatIsNotAnEvent) {
  EXPECT_FALSE(parse_event("not json"));
  EXPECT_FALSE(parse_event("[]"));
  EXPECT_FALSE(parse_event(R"({"Type":"container","time":1})"));      // no action
  EXPECT_FALSE(parse_event(R"({"Type":"container","Action":"x"})"));  // no time
  EXPECT_FALSE(parse_event(std::string(5000, '[')));
}

EngineEvent at(std::int64_t nano, std::string action, std::string id) {
  EngineEvent event;
  event.type = "container";
  event.action = std::move(action);
  event.id = std::move(id);
  event.time_nano = nano;
  return event;
}

TEST(WatchEvents, DeduperDropsRepeatsKeepsSameTimeDistinctAndLateEventsInTheWindow) {
  EventDeduper seen;
  const std::int64_t t = 100 * EventDeduper::kWindowNano;
  EXPECT_TRUE(seen.first_time(at(t, "create", "a")));
  EXPECT_TRUE(seen.first_time(at(t, "create", "b")));   // same nanosecond, another object
  EXPECT_FALSE(seen.first_time(at(t, "create", "a")));  // replayed after a reconnect
  EXPECT_TRUE(seen.first_time(at(t + 11, "start", "a")));
  // Published out of time order by a busy engine: older than the newest, never seen: new.
  EXPECT_TRUE(seen.first_time(at(t - 9, "create", "z")));
  EXPECT_FALSE(seen.first_time(at(t - 9, "create", "z")));
  EXPECT_EQ(seen.newest(), t + 11);
  EXPECT_EQ(seen.resume_from(), t + 11 - EventDeduper::kWindowNano);
  // Older than the window: dropped; the window's keys are forgotten as it moves.
  EXPECT_FALSE(seen.first_time(at(t + 10 - EventDeduper::kWindowNano, "create", "old")));
  EXPECT_TRUE(seen.first_time(at(t + 3 * EventDeduper::kWindowNano, "start", "b")));
  EXPECT_EQ(seen.remembered(), 1U);
}

docker::Container container(std::string name, std::string id) {
  docker::Container out;
  out.name = std::move(name);
  out.id = std::move(id);
  out.image_id = "sha256:img";
  out.image_ref = "busybox:1";
  out.status = "running";
  out.cap_drop = {"ALL"};
  return out;
}

BaselineDrift baseline_of(std::vector<docker::Container> containers) {
  docker::EngineSnapshot snapshot;
  snapshot.containers = std::move(containers);
  docker::Image image;
  image.id = "sha256:img";
  image.repo_digests = {"busybox@sha256:aaa"};
  snapshot.images.push_back(image);
  return BaselineDrift(std::move(snapshot), 7);
}

TEST(WatchDrift, ASameContainerIsNoDriftEvenWhenItsStateChanged) {
  const auto baseline = baseline_of({container("web", "c1")});
  auto live = container("web", "c1");
  live.status = "exited";  // informational: not drift
  docker::Image image;
  image.id = "sha256:img";
  image.repo_digests = {"busybox@sha256:aaa"};
  EXPECT_FALSE(baseline.check(live, &image));
  // Recreated with the very same settings: not drift either.
  EXPECT_FALSE(baseline.check(container("web", "c2"), &image));
}

TEST(WatchDrift, AContainerNotInTheBaselineIsAdded) {
  const auto baseline = baseline_of({container("web", "c1")});
  auto change = baseline.check(container("cache", "c9"), nullptr);
  ASSERT_TRUE(change);
  EXPECT_EQ(change->change, drift::ContainerChange::kAdded);
  EXPECT_EQ(drift_evidence(*change, baseline.run()), "not in the baseline (run 7)");
}

TEST(WatchDrift, ARecreatedPrivilegedContainerNamesTheFields) {
  const auto baseline = baseline_of({container("web", "c1")});
  auto live = container("web", "c2");
  live.privileged = true;
  live.cap_add = {"SYS_ADMIN"};
  docker::Image image;
  image.id = "sha256:img";
  image.repo_digests = {"busybox@sha256:aaa"};
  auto change = baseline.check(live, &image);
  ASSERT_TRUE(change);
  EXPECT_EQ(change->change, drift::ContainerChange::kRecreated);
  EXPECT_EQ(change->before_id, "c1");
  std::vector<std::string> fields;
  for (const auto& field : change->fields) fields.push_back(field.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"privileged", "cap_add"}));
  EXPECT_EQ(drift_evidence(*change, 7),
            "recreated since the baseline (run 7): privileged false -> true; cap_add +SYS_ADMIN");
}

TEST(WatchDrift, SameIdUnderANewNameIsARenameAndTheDigestIsCompared) {
  const auto baseline = baseline_of({container("web", "c1")});
  auto renamed = baseline.check(container("web2", "c1"), nullptr);
  ASSERT_TRUE(renamed);
  EXPECT_EQ(renamed->change, drift::ContainerChange::kRenamed);
  EXPECT_EQ(renamed->before_name, "web");
  // The same image id with another digest (the tag re-pointed and pulled) is drift.
  docker::Image other;
  other.id = "sha256:img";
  other.repo_digests = {"busybox@sha256:bbb"};
  auto change = baseline.check(container("web", "c1"), &other);
  ASSERT_TRUE(change);
  EXPECT_EQ(change->change, drift::ContainerChange::kChanged);
  ASSERT_EQ(change->fields.size(), 1U);
  EXPECT_EQ(change->fields[0].field, "image_digest");
}

TEST(WatchSyslog, Rfc3164AndRfc5424Lines) {
  const std::int64_t at = 1700000000'123456789;  // 2023-11-14T22:13:20Z
  const std::string bsd =
      syslog_message(SyslogFormat::kRfc3164, at, "box", "hardock-watch", 42, "{\"a\":1}");
  EXPECT_TRUE(bsd.starts_with("<28>Nov 1")) << bsd;  // the day in local time
  EXPECT_TRUE(bsd.ends_with(" box hardock-watch[42]: {\"a\":1}")) << bsd;
  EXPECT_EQ(syslog_message(SyslogFormat::kRfc5424, at, "box", "hardock-watch", 42, "x\ny"),
            "<28>1 2023-11-14T22:13:20.123456Z box hardock-watch 42 alert - x y");
  EXPECT_TRUE(parse_syslog_format("rfc5424"));
  EXPECT_FALSE(parse_syslog_format("json"));
}

}  // namespace
}  // namespace hardock::monitor

// What watch judges an image, a network and the daemon with: the checks that read the object's
// own configuration from the engine, never those that need layers or host files.
TEST(WatchJudges, ObjectChecksReadTheEngineAlone) {
  using hardock::core::TargetKind;
  const auto image = hardock::monitor::object_checks(TargetKind::kImage);
  EXPECT_NE(std::find(image.begin(), image.end(), "HDK-I-001"), image.end());  // runs as root
  EXPECT_EQ(std::find(image.begin(), image.end(), "HDK-I-005"), image.end());  // secret files
  const auto network = hardock::monitor::object_checks(TargetKind::kNetwork);
  EXPECT_NE(std::find(network.begin(), network.end(), "HDK-N-012"), network.end());
  const auto daemon = hardock::monitor::object_checks(TargetKind::kDaemon);
  EXPECT_NE(std::find(daemon.begin(), daemon.end(), "HDK-H-015"), daemon.end());  // live-restore
  EXPECT_EQ(std::find(daemon.begin(), daemon.end(), "HDK-H-021"), daemon.end());  // host file
}

TEST(WatchJudges, ANetworkWithAnUnknownLevelIsAFinding) {
  hardock::docker::EngineSnapshot snapshot;
  snapshot.local = false;
  hardock::docker::Network network;
  network.name = "vault";
  network.id = "n1";
  network.driver = "bridge";
  network.labels["hardock.sensitivity"] = "top-secret";
  snapshot.networks.push_back(network);
  snapshot.normalize();
  const auto findings = hardock::monitor::judge_snapshot(
      snapshot, {}, hardock::monitor::object_checks(hardock::core::TargetKind::kNetwork),
      hardock::core::TargetKind::kNetwork);
  EXPECT_TRUE(std::any_of(findings.begin(), findings.end(), [](const auto& finding) {
    return finding.check_code == "HDK-N-012" && finding.target.name == "vault" &&
           finding.status == hardock::core::FindingStatus::kFail;
  }));
}
