// harden_container: each case builds a RunSpec and Observations by hand, then asserts the exact
// hardened fields and that every change comes with a Reason naming it.
#include "hardock/harden/container_hardening.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace hardock::harden {
namespace {

using testing::ElementsAre;
using testing::HasSubstr;
using testing::IsEmpty;

constexpr int64_t kMiB = int64_t{1} << 20;

// The Reason whose change starts with `change`, or nullptr.
const Reason* find_reason(const HardenedContainer& out, const std::string& change) {
  auto found = std::find_if(out.reasoning.begin(), out.reasoning.end(), [&](const Reason& reason) {
    return reason.change.starts_with(change);
  });
  return found == out.reasoning.end() ? nullptr : &*found;
}

bool any_exception_contains(const HardenedContainer& out, const std::string& text) {
  return std::any_of(out.exceptions.begin(), out.exceptions.end(), [&](const std::string& entry) {
    return entry.find(text) != std::string::npos;
  });
}

docker::Process process(int64_t pid, const std::string& user, const std::string& command) {
  return {.pid = pid, .user = user, .command = command};
}

// Observations of a running container whose processes and changes were both read.
Observations observed(std::vector<docker::Process> processes = {process(1, "root", "app")}) {
  Observations seen;
  seen.processes = std::move(processes);
  seen.processes_observed = true;
  seen.changes_observed = true;
  seen.memory_usage_bytes = 20 * kMiB;
  seen.pids_current = 4;
  seen.cpu_cores_used = 0.05;
  seen.online_cpus = 2;
  return seen;
}

RunSpec base_spec(const std::string& name) {
  RunSpec spec;
  spec.name = name;
  spec.image = "example/" + name + ":1";
  spec.cmd = {"serve", "--port", "80"};
  spec.env = {"PATH=/bin", "MODE=prod"};
  spec.labels = {{"team", "web"}};
  spec.restart_policy = "no";
  return spec;
}

PublishSpec publish(const std::string& host_ip, const std::string& host_port,
                    const std::string& container_port) {
  PublishSpec entry;
  entry.host_ip = host_ip;
  entry.host_port = host_port;
  entry.container_port = container_port;
  return entry;
}

std::vector<std::string> mount_targets(const RunSpec& spec, const std::string& type) {
  std::vector<std::string> out;
  for (const auto& mount : spec.mounts) {
    if (mount.type == type) out.push_back(mount.target);
  }
  return out;
}

// Every Reason names a change and says why.
void expect_reasons_complete(const HardenedContainer& out) {
  for (const auto& reason : out.reasoning) {
    EXPECT_FALSE(reason.change.empty());
    EXPECT_FALSE(reason.why.empty()) << reason.change;
  }
}

TEST(HardenContainer, PrivilegedRootOnPort80KeepsOnlyNetBindService) {
  auto spec = base_spec("web");
  spec.privileged = true;
  spec.expose = {"80/tcp"};
  spec.publish = {publish("0.0.0.0", "80", "80")};
  auto seen = observed();
  seen.listening_ports = {"80/tcp"};

  const auto out = harden_container("abc", spec, seen, Level::kBaseline, {});

  EXPECT_FALSE(out.spec.privileged);
  EXPECT_THAT(out.spec.cap_drop, ElementsAre("ALL"));
  EXPECT_THAT(out.spec.cap_add, ElementsAre("NET_BIND_SERVICE"));
  const auto* privileged = find_reason(out, "--privileged removed");
  ASSERT_NE(privileged, nullptr);
  const auto* cap = find_reason(out, "--cap-add NET_BIND_SERVICE");
  ASSERT_NE(cap, nullptr);
  EXPECT_THAT(cap->why, HasSubstr("80/tcp"));
  EXPECT_THAT(cap->why, HasSubstr("listened on"));
  ASSERT_NE(find_reason(out, "--cap-drop ALL"), nullptr);
  ASSERT_EQ(out.spec.publish.size(), 1U);
  EXPECT_EQ(out.spec.publish[0].host_ip, "127.0.0.1");
  EXPECT_EQ(out.spec.publish[0].host_port, "8080");
  EXPECT_EQ(out.spec.publish[0].container_port, "80");
  const auto* port = find_reason(out, "--publish 127.0.0.1:8080:80/tcp");
  ASSERT_NE(port, nullptr);
  EXPECT_THAT(port->why, HasSubstr("0.0.0.0"));
  EXPECT_THAT(port->why, HasSubstr("moved to 8080"));
  // Baseline cannot tell whether the image works as another user: root stays, listed.
  EXPECT_EQ(out.spec.user, "");
  EXPECT_EQ(find_reason(out, "--user"), nullptr);
  EXPECT_TRUE(any_exception_contains(out, "runs as root"));
  expect_reasons_complete(out);
}

TEST(HardenContainer, ExposedLowPortJustifiesTheCapabilityWhenNothingWasSeenListening) {
  auto spec = base_spec("web");
  spec.expose = {"443/tcp"};
  const auto out = harden_container("abc", spec, observed(), Level::kBaseline, {});
  EXPECT_THAT(out.spec.cap_add, ElementsAre("NET_BIND_SERVICE"));
  const auto* cap = find_reason(out, "--cap-add NET_BIND_SERVICE");
  ASSERT_NE(cap, nullptr);
  EXPECT_THAT(cap->why, HasSubstr("443/tcp"));
  EXPECT_THAT(cap->why, HasSubstr("no listening sockets were observed"));
}

TEST(HardenContainer, WebImageWithUser1000NeedsNoCapabilities) {
  auto spec = base_spec("web");
  spec.user = "1000";
  spec.expose = {"8080/tcp"};
  spec.publish = {publish("127.0.0.1", "18080", "8080")};
  auto seen = observed({process(7, "1000", "httpd -f -p 8080")});
  seen.image_user = "1000";
  seen.listening_ports = {"8080/tcp"};

  const auto out = harden_container("abc", spec, seen, Level::kStrict, {});

  EXPECT_EQ(out.spec.user, "1000");
  EXPECT_THAT(out.spec.cap_add, IsEmpty());
  EXPECT_THAT(out.spec.cap_drop, ElementsAre("ALL"));
  EXPECT_EQ(find_reason(out, "--user"), nullptr);
  EXPECT_EQ(find_reason(out, "--cap-add"), nullptr);
  // Already bound to an address above 1023: unchanged, no reason.
  ASSERT_EQ(out.spec.publish.size(), 1U);
  EXPECT_EQ(out.spec.publish[0].host_ip, "127.0.0.1");
  EXPECT_EQ(out.spec.publish[0].host_port, "18080");
  EXPECT_EQ(find_reason(out, "--publish"), nullptr);
  EXPECT_FALSE(any_exception_contains(out, "runs as root"));
}

TEST(HardenContainer, LowPortOfANonRootProcessAddsNoCapability) {
  auto spec = base_spec("web");
  spec.user = "app";
  auto seen = observed({process(7, "1000", "httpd -p 80")});
  seen.listening_ports = {"80/tcp"};
  const auto out = harden_container("abc", spec, seen, Level::kBaseline, {});
  EXPECT_THAT(out.spec.cap_add, IsEmpty());  // no ambient capabilities for non-root anyway
}

TEST(HardenContainer, RootImageWithNonRootUserSwitchesToIt) {
  auto spec = base_spec("api");
  spec.user = "root";
  auto seen = observed();
  seen.image_user = "node";
  const auto out = harden_container("abc", spec, seen, Level::kBaseline, {});
  EXPECT_EQ(out.spec.user, "node");
  const auto* user = find_reason(out, "--user node");
  ASSERT_NE(user, nullptr);
  EXPECT_THAT(user->why, HasSubstr("USER node"));
  EXPECT_THAT(out.spec.cap_add, IsEmpty());
}

TEST(HardenContainer, ProcessesOfTwoUsersJustifySetuidAndSetgid) {
  auto spec = base_spec("db");
  auto seen = observed({process(1, "root", "gosu-like entrypoint"), process(20, "999", "db")});
  seen.image_user = "";

  const auto out = harden_container("abc", spec, seen, Level::kStrict, {});

  EXPECT_THAT(out.spec.cap_add, ElementsAre("SETUID", "SETGID"));
  for (const char* cap : {"--cap-add SETUID", "--cap-add SETGID"}) {
    const auto* reason = find_reason(out, cap);
    ASSERT_NE(reason, nullptr) << cap;
    EXPECT_THAT(reason->why, HasSubstr("999 and root"));
  }
  // The entrypoint needs root to switch: even strict keeps root, and says so.
  EXPECT_EQ(out.spec.user, "");
  EXPECT_TRUE(any_exception_contains(out, "switches user"));
}

TEST(HardenContainer, EntrypointThatExecedIntoAnotherUserAlsoCountsAsSwitching) {
  auto spec = base_spec("db");
  const auto out =
      harden_container("abc", spec, observed({process(1, "999", "db")}), Level::kBaseline, {});
  EXPECT_THAT(out.spec.cap_add, ElementsAre("SETUID", "SETGID"));
}

TEST(HardenContainer, UserSwitchingWithDataWritesAlsoJustifiesChown) {
  auto spec = base_spec("db");
  auto seen = observed({process(1, "root", "entrypoint"), process(20, "999", "db")});
  seen.changes = {{"/var", 0}, {"/var/lib", 0}, {"/var/lib/db", 0}, {"/var/lib/db/base", 1}};
  const auto out = harden_container("abc", spec, seen, Level::kBaseline, {});
  EXPECT_THAT(out.spec.cap_add, ElementsAre("SETUID", "SETGID", "CHOWN"));
  const auto* chown = find_reason(out, "--cap-add CHOWN");
  ASSERT_NE(chown, nullptr);
  EXPECT_THAT(chown->why, HasSubstr("/var/lib/db"));
  EXPECT_THAT(chown->why, HasSubstr("inferred"));
  EXPECT_TRUE(any_exception_contains(out, "DAC_OVERRIDE"));
}

TEST(HardenContainer, NoProcessListMeansSwitchingCannotBeRuledOut) {
  auto spec = base_spec("job");
  Observations seen;  // nothing observed at all
  const auto out = harden_container("abc", spec, seen, Level::kBaseline, {});
  EXPECT_THAT(out.spec.cap_add, IsEmpty());
  EXPECT_TRUE(any_exception_contains(out, "no processes were observed"));
}

TEST(HardenContainer, ChangesUnderVarLibAppAreDataKeptOnANamedVolume) {
  auto spec = base_spec("app");
  spec.user = "1000";
  auto seen = observed({process(1, "1000", "app")});
  seen.changes = {{"/var", 0},
                  {"/var/lib", 0},
                  {"/var/lib/app", 1},
                  {"/var/lib/app/state.db", 1},
                  {"/var/lib/app/cache", 1},
                  {"/var/lib/app/cache/x", 1}};

  const auto out = harden_container("abc", spec, seen, Level::kBaseline, {});

  EXPECT_THAT(out.data_paths, ElementsAre("/var/lib/app"));
  EXPECT_TRUE(out.spec.read_only);
  ASSERT_NE(find_reason(out, "--read-only"), nullptr);
  EXPECT_THAT(mount_targets(out.spec, "tmpfs"), ElementsAre("/tmp"));
  ASSERT_THAT(mount_targets(out.spec, "volume"), ElementsAre("/var/lib/app"));
  const auto& volume = out.spec.mounts.back();
  EXPECT_EQ(volume.source, "hardock-app-var-lib-app");
  EXPECT_FALSE(volume.read_only);
  const auto* reason =
      find_reason(out, "--mount type=volume,source=hardock-app-var-lib-app,target=/var/lib/app");
  ASSERT_NE(reason, nullptr);
  EXPECT_THAT(reason->why, HasSubstr("--keep-changes"));
  expect_reasons_complete(out);
}

TEST(HardenContainer, MountPointsTheEngineCreatedAreNotWorkloadData) {
  // docker diff of a container with a volume at /srv/data shows "A /srv" and "A /srv/data":
  // the engine made the mount point; the workload wrote nothing outside its volume.
  auto spec = base_spec("app");
  spec.user = "1000";
  MountSpec volume;
  volume.type = "volume";
  volume.source = "appdata";
  volume.target = "/srv/data";
  spec.mounts.push_back(volume);
  auto seen = observed({process(1, "1000", "app")});
  seen.changes = {{"/srv", 1}, {"/srv/data", 1}};

  auto out = harden_container("abc", spec, seen, Level::kBaseline, {});
  EXPECT_THAT(out.data_paths, IsEmpty());
  EXPECT_TRUE(out.spec.read_only);

  // A real write next to the mount point is still data.
  seen.changes = {{"/srv", 1}, {"/srv/data", 1}, {"/srv/cache", 1}, {"/srv/cache/x", 1}};
  out = harden_container("abc", spec, seen, Level::kBaseline, {});
  EXPECT_EQ(out.data_paths, std::vector<std::string>{"/srv/cache"});
}

TEST(HardenContainer, ChangesUnderTmpGetATmpfsOnly) {
  auto spec = base_spec("app");
  spec.user = "1000";
  auto seen = observed({process(1, "1000", "app")});
  seen.changes = {{"/tmp", 0}, {"/tmp/upload-1", 1}, {"/tmp/sess", 1}, {"/tmp/sess/a", 1}};

  const auto out = harden_container("abc", spec, seen, Level::kBaseline, {});

  EXPECT_THAT(out.data_paths, IsEmpty());
  EXPECT_TRUE(out.spec.read_only);
  ASSERT_EQ(out.spec.mounts.size(), 1U);
  EXPECT_EQ(out.spec.mounts[0].type, "tmpfs");
  EXPECT_EQ(out.spec.mounts[0].target, "/tmp");
  EXPECT_EQ(out.spec.mounts[0].tmpfs_options, "rw,nosuid,nodev,size=64m");
  const auto* reason = find_reason(out, "--tmpfs /tmp:rw,nosuid,nodev,size=64m");
  ASSERT_NE(reason, nullptr);
  EXPECT_THAT(reason->why, HasSubstr("/tmp/"));
}

TEST(HardenContainer, ScratchDirectoriesCollapseToTheirMountPoints) {
  auto spec = base_spec("nginx");
  spec.user = "101";
  auto seen = observed({process(1, "101", "nginx")});
  seen.changes = {{"/run", 0},
                  {"/run/nginx.pid", 1},
                  {"/var", 0},
                  {"/var/cache", 0},
                  {"/var/cache/nginx", 0},
                  {"/var/cache/nginx/client_temp", 1},
                  {"/var/cache/nginx/proxy_temp", 1},
                  {"/var/cache/nginx/proxy_temp/1", 1}};

  const auto out = harden_container("abc", spec, seen, Level::kBaseline, {});

  EXPECT_THAT(mount_targets(out.spec, "tmpfs"), ElementsAre("/run", "/tmp", "/var/cache/nginx"));
  EXPECT_THAT(out.data_paths, IsEmpty());
  EXPECT_NE(find_reason(out, "--tmpfs /run:"), nullptr);
  EXPECT_NE(find_reason(out, "--tmpfs /var/cache/nginx:"), nullptr);
}

TEST(HardenContainer, ModifiedFileMakesItsDirectoryTheDataPath) {
  auto spec = base_spec("app");
  spec.user = "1000";
  auto seen = observed({process(1, "1000", "app")});
  seen.changes = {{"/etc", 0}, {"/etc/app", 0}, {"/etc/app/app.conf", 0},
                  {"/var", 0}, {"/var/log", 0}, {"/var/log/app.log", 1}};
  const auto out = harden_container("abc", spec, seen, Level::kBaseline, {});
  // /var/log is data, not scratch: logs are worth keeping.
  EXPECT_THAT(out.data_paths, ElementsAre("/etc/app", "/var/log"));
}

TEST(HardenContainer, ChangesUnderExistingVolumesStayVolumes) {
  auto spec = base_spec("db");
  spec.user = "999";
  MountSpec data;
  data.type = "volume";
  data.source = "dbdata";
  data.target = "/var/lib/db";
  spec.mounts = {data};
  auto seen = observed({process(1, "999", "db")});
  seen.changes = {{"/var/lib/db", 0}, {"/var/lib/db/x", 1}};
  const auto out = harden_container("abc", spec, seen, Level::kBaseline, {});
  EXPECT_THAT(out.data_paths, IsEmpty());
  EXPECT_THAT(mount_targets(out.spec, "volume"), ElementsAre("/var/lib/db"));
  EXPECT_EQ(out.spec.mounts[0].source, "dbdata");
}

TEST(HardenContainer, UnknownChangesKeepAWritableRootAtBaselineOnly) {
  auto spec = base_spec("app");
  spec.user = "1000";
  auto seen = observed({process(1, "1000", "app")});
  seen.changes_observed = false;

  const auto baseline = harden_container("abc", spec, seen, Level::kBaseline, {});
  EXPECT_FALSE(baseline.spec.read_only);
  EXPECT_EQ(find_reason(baseline, "--read-only"), nullptr);
  EXPECT_TRUE(any_exception_contains(baseline, "--read-only not set"));
  EXPECT_THAT(baseline.spec.mounts, IsEmpty());

  const auto strict = harden_container("abc", spec, seen, Level::kStrict, {});
  EXPECT_TRUE(strict.spec.read_only);
  EXPECT_TRUE(any_exception_contains(strict, "changes could not be read"));
}

TEST(HardenContainer, StrictDiffersFromBaselineWhereItMayNeedExceptions) {
  auto spec = base_spec("svc");
  spec.expose = {"8080/tcp"};
  DeviceSpec fuse;
  fuse.path_on_host = "/dev/fuse";
  fuse.path_in_container = "/dev/fuse";
  spec.devices = {fuse};
  auto seen = observed();
  seen.listening_ports = {"8080/tcp"};
  seen.changes = {{"/tmp", 0}, {"/tmp/x", 1}};

  const auto baseline = harden_container("abc", spec, seen, Level::kBaseline, {});
  const auto strict = harden_container("abc", spec, seen, Level::kStrict, {});

  // User: baseline keeps root (noted), strict runs as nobody (listed).
  EXPECT_EQ(baseline.spec.user, "");
  EXPECT_EQ(strict.spec.user, "65534:65534");
  EXPECT_NE(find_reason(strict, "--user 65534:65534"), nullptr);
  EXPECT_TRUE(any_exception_contains(strict, "--user 65534:65534"));
  // tmpfs: noexec at strict only.
  EXPECT_EQ(baseline.spec.mounts[0].tmpfs_options, "rw,nosuid,nodev,size=64m");
  EXPECT_EQ(strict.spec.mounts[0].tmpfs_options, "rw,noexec,nosuid,nodev,size=64m");
  EXPECT_TRUE(any_exception_contains(strict, "noexec"));
  // Restart: baseline keeps "no", strict bounds restarts.
  EXPECT_EQ(baseline.spec.restart_policy, "no");
  EXPECT_EQ(find_reason(baseline, "--restart"), nullptr);
  EXPECT_EQ(strict.spec.restart_policy, "on-failure");
  EXPECT_EQ(strict.spec.restart_max_retries, 5);
  EXPECT_NE(find_reason(strict, "--restart on-failure:5"), nullptr);
  // Healthcheck: proposed at strict only, on the HTTP port, and listed for review.
  EXPECT_FALSE(baseline.spec.healthcheck.has_value());
  ASSERT_TRUE(strict.spec.healthcheck.has_value());
  EXPECT_THAT(strict.spec.healthcheck->test,
              ElementsAre("CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1"));
  EXPECT_NE(find_reason(strict, "--health-cmd"), nullptr);
  EXPECT_TRUE(any_exception_contains(strict, "--health-cmd"));
  // Devices: kept at both levels; strict lists them.
  EXPECT_EQ(baseline.spec.devices.size(), 1U);
  EXPECT_EQ(strict.spec.devices.size(), 1U);
  EXPECT_FALSE(any_exception_contains(baseline, "/dev/fuse"));
  EXPECT_TRUE(any_exception_contains(strict, "--device /dev/fuse"));
  expect_reasons_complete(baseline);
  expect_reasons_complete(strict);
}

TEST(HardenContainer, ExistingHealthchecksAreKept) {
  auto spec = base_spec("web");
  spec.expose = {"80/tcp"};
  auto seen = observed();
  seen.image_healthcheck = docker::Healthcheck{{"CMD", "true"}};
  auto out = harden_container("abc", spec, seen, Level::kStrict, {});
  EXPECT_FALSE(out.spec.healthcheck.has_value());  // nullopt: the image's stays in force
  EXPECT_EQ(find_reason(out, "--health-cmd"), nullptr);

  spec.healthcheck = HealthSpec{};
  spec.healthcheck->test = {"NONE"};
  seen.image_healthcheck.reset();
  out = harden_container("abc", spec, seen, Level::kStrict, {});
  ASSERT_TRUE(out.spec.healthcheck.has_value());
  EXPECT_THAT(out.spec.healthcheck->test, ElementsAre("NONE"));  // disabled on purpose
}

TEST(HardenContainer, LimitsComeFromObservedUsageWithHeadroom) {
  auto spec = base_spec("app");
  spec.user = "1000";
  auto seen = observed({process(1, "1000", "app")});
  seen.memory_usage_bytes = 40 * kMiB + 512 * 1024;  // 40.5 MiB
  seen.pids_current = 30;
  seen.cpu_cores_used = 0.76;
  seen.online_cpus = 4;

  const auto out = harden_container("abc", spec, seen, Level::kBaseline, {});

  EXPECT_EQ(out.spec.memory, 81 * kMiB);         // 2 x 40.5 MiB
  EXPECT_EQ(out.spec.pids_limit, 120);           // 4 x 30
  EXPECT_EQ(out.spec.nano_cpus, 1'600'000'000);  // 2 x 0.76 = 1.52, up to tenths
  const auto* memory = find_reason(out, "--memory 81m");
  ASSERT_NE(memory, nullptr);
  EXPECT_THAT(memory->why, HasSubstr("observed 41m"));
  EXPECT_NE(find_reason(out, "--pids-limit 120"), nullptr);
  EXPECT_NE(find_reason(out, "--cpus 1.6"), nullptr);
}

TEST(HardenContainer, LimitsHaveFloorsAndStayWithinTheHost) {
  auto spec = base_spec("app");
  spec.user = "1000";
  auto seen = observed({process(1, "1000", "app")});
  seen.memory_usage_bytes = 10 * kMiB;
  seen.memory_max_usage_bytes = 30 * kMiB;  // v1: the peak counts
  seen.pids_current = 5;
  seen.cpu_cores_used = 0.01;

  auto out = harden_container("abc", spec, seen, Level::kBaseline, {});
  EXPECT_EQ(out.spec.memory, 64 * kMiB);  // max(2 x 30m, 64m)
  EXPECT_EQ(out.spec.pids_limit, 64);
  EXPECT_EQ(out.spec.nano_cpus, 500'000'000);

  seen.cpu_cores_used = 0.9;
  seen.online_cpus = 1;
  out = harden_container("abc", spec, seen, Level::kBaseline, {});
  EXPECT_EQ(out.spec.nano_cpus, 1'000'000'000);  // 1.8 wanted, the host has one CPU
}

TEST(HardenContainer, TighterExistingLimitsAreKept) {
  auto spec = base_spec("app");
  spec.user = "1000";
  spec.memory = 32 * kMiB;
  spec.pids_limit = 50;
  spec.cpu_quota = 50000;
  spec.cpu_period = 100000;
  const auto out =
      harden_container("abc", spec, observed({process(1, "1000", "x")}), Level::kBaseline, {});
  EXPECT_EQ(out.spec.memory, 32 * kMiB);
  EXPECT_EQ(out.spec.pids_limit, 50);
  EXPECT_EQ(out.spec.nano_cpus, 0);  // a quota is set: --cpus would conflict with it
  EXPECT_EQ(out.spec.cpu_quota, 50000);
  EXPECT_EQ(find_reason(out, "--memory"), nullptr);
  EXPECT_EQ(find_reason(out, "--pids-limit"), nullptr);
  EXPECT_EQ(find_reason(out, "--cpus"), nullptr);
}

TEST(HardenContainer, WithoutStatsLimitsAreDefaultsAndSaySo) {
  auto spec = base_spec("app");
  spec.user = "1000";
  Observations seen;
  seen.processes_observed = true;
  seen.changes_observed = true;
  const auto out = harden_container("abc", spec, seen, Level::kBaseline, {});
  EXPECT_EQ(out.spec.memory, 1024 * kMiB);
  EXPECT_EQ(out.spec.pids_limit, 1024);
  EXPECT_EQ(out.spec.nano_cpus, 1'000'000'000);
  const auto* memory = find_reason(out, "--memory 1024m");
  ASSERT_NE(memory, nullptr);
  EXPECT_THAT(memory->why, HasSubstr("no memory usage was observed"));
  EXPECT_THAT(find_reason(out, "--pids-limit")->why, HasSubstr("no process count was observed"));
  EXPECT_THAT(find_reason(out, "--cpus")->why, HasSubstr("no CPU usage was observed"));
}

TEST(HardenContainer, PortsAreBoundToTheAddressAndAbove1023) {
  auto spec = base_spec("web");
  spec.user = "1000";
  spec.publish = {publish("", "443", "8443"), publish("::", "9090", "9090"),
                  publish("10.0.0.5", "9000", "9000"), publish("0.0.0.0", "", "7000")};
  HardenOptions options;
  options.bind_address = "192.168.1.10";
  const auto out =
      harden_container("abc", spec, observed({process(1, "1000", "x")}), Level::kBaseline, options);
  ASSERT_EQ(out.spec.publish.size(), 4U);
  EXPECT_EQ(out.spec.publish[0].host_ip, "192.168.1.10");
  EXPECT_EQ(out.spec.publish[0].host_port, "8443");
  EXPECT_EQ(out.spec.publish[1].host_ip, "192.168.1.10");
  EXPECT_EQ(out.spec.publish[1].host_port, "9090");
  EXPECT_EQ(out.spec.publish[2].host_ip, "10.0.0.5");  // a specific address stays
  EXPECT_EQ(out.spec.publish[3].host_port, "");        // ephemeral stays ephemeral
  EXPECT_NE(find_reason(out, "--publish 192.168.1.10:8443:8443/tcp"), nullptr);
  EXPECT_EQ(find_reason(out, "--publish 10.0.0.5"), nullptr);
}

TEST(HardenContainer, PublishAllBecomesExplicitPorts) {
  auto spec = base_spec("web");
  spec.user = "1000";
  spec.publish_all = true;
  spec.expose = {"8080/tcp", "53/udp"};
  const auto out =
      harden_container("abc", spec, observed({process(1, "1000", "x")}), Level::kBaseline, {});
  EXPECT_FALSE(out.spec.publish_all);
  ASSERT_EQ(out.spec.publish.size(), 2U);
  EXPECT_EQ(out.spec.publish[0].container_port, "8080");
  EXPECT_EQ(out.spec.publish[0].host_ip, "127.0.0.1");
  EXPECT_EQ(out.spec.publish[1].container_port, "53");
  EXPECT_EQ(out.spec.publish[1].protocol, "udp");
  EXPECT_NE(find_reason(out, "--publish 127.0.0.1::8080/tcp"), nullptr);
}

TEST(HardenContainer, HostNamespacesAreRemovedAndHostNetworkPortsPublished) {
  auto spec = base_spec("proxy");
  spec.network_mode = "host";
  NetworkAttachment host_network;
  host_network.network = "host";
  spec.networks = {host_network};
  spec.pid_mode = "host";
  spec.ipc_mode = "host";
  spec.uts_mode = "host";
  spec.userns_mode = "host";
  auto seen = observed();
  seen.listening_ports = {"80/tcp", "8080/tcp"};

  const auto out = harden_container("abc", spec, seen, Level::kBaseline, {});

  EXPECT_EQ(out.spec.network_mode, "bridge");
  ASSERT_EQ(out.spec.networks.size(), 1U);
  EXPECT_EQ(out.spec.networks[0].network, "bridge");
  EXPECT_EQ(out.spec.pid_mode, "");
  EXPECT_EQ(out.spec.ipc_mode, "");
  EXPECT_EQ(out.spec.uts_mode, "");
  EXPECT_EQ(out.spec.userns_mode, "");
  for (const char* change : {"--network bridge", "--pid host removed", "--ipc host removed",
                             "--uts host removed", "--userns host removed"}) {
    EXPECT_NE(find_reason(out, change), nullptr) << change;
  }
  // 8080 keeps its number; 80 would move onto 8080, so the engine picks its host port.
  ASSERT_EQ(out.spec.publish.size(), 2U);
  EXPECT_EQ(out.spec.publish[0].container_port, "8080");
  EXPECT_EQ(out.spec.publish[0].host_port, "8080");
  EXPECT_EQ(out.spec.publish[1].container_port, "80");
  EXPECT_EQ(out.spec.publish[1].host_port, "");
  EXPECT_EQ(out.spec.publish[1].host_ip, "127.0.0.1");
  EXPECT_THAT(find_reason(out, "--publish 127.0.0.1::80/tcp")->why, HasSubstr("taken"));
  EXPECT_THAT(out.spec.cap_add, ElementsAre("NET_BIND_SERVICE"));
}

TEST(HardenContainer, SecurityOptionsLoseUnconfinedAndGainNoNewPrivileges) {
  auto spec = base_spec("app");
  spec.user = "1000";
  spec.security_opt = {"seccomp=unconfined", "apparmor:unconfined", "label=disable",
                       "label=level:s0:c100,c200", "no-new-privileges:false"};
  auto out =
      harden_container("abc", spec, observed({process(1, "1000", "x")}), Level::kBaseline, {});
  EXPECT_THAT(out.spec.security_opt,
              ElementsAre("label=level:s0:c100,c200", "no-new-privileges:true"));
  EXPECT_NE(find_reason(out, "--security-opt seccomp=unconfined removed"), nullptr);
  EXPECT_NE(find_reason(out, "--security-opt apparmor:unconfined removed"), nullptr);
  EXPECT_NE(find_reason(out, "--security-opt label=disable removed"), nullptr);
  EXPECT_NE(find_reason(out, "--security-opt no-new-privileges:true"), nullptr);

  spec.security_opt = {"no-new-privileges", "seccomp=/old.json", "apparmor=old"};
  HardenOptions options;
  options.seccomp_profile_path = "/etc/hardock/app.json";
  options.apparmor_profile_name = "hardock-app";
  out =
      harden_container("abc", spec, observed({process(1, "1000", "x")}), Level::kBaseline, options);
  EXPECT_THAT(out.spec.security_opt,
              ElementsAre("no-new-privileges:true", "seccomp=/etc/hardock/app.json",
                          "apparmor=hardock-app"));
  EXPECT_EQ(find_reason(out, "--security-opt no-new-privileges"), nullptr);  // already on
  EXPECT_NE(find_reason(out, "--security-opt seccomp=/etc/hardock/app.json"), nullptr);
  EXPECT_NE(find_reason(out, "--security-opt apparmor=hardock-app"), nullptr);
}

TEST(HardenContainer, ExplicitCapabilitiesStayOnlyWhenJustified) {
  auto spec = base_spec("web");
  spec.cap_add = {"NET_BIND_SERVICE", "CAP_SYS_ADMIN", "net_raw"};
  auto seen = observed();
  seen.listening_ports = {"80/tcp"};
  const auto out = harden_container("abc", spec, seen, Level::kBaseline, {});
  EXPECT_THAT(out.spec.cap_add, ElementsAre("NET_BIND_SERVICE"));
  EXPECT_NE(find_reason(out, "--cap-add SYS_ADMIN removed"), nullptr);
  EXPECT_NE(find_reason(out, "--cap-add NET_RAW removed"), nullptr);
  EXPECT_TRUE(any_exception_contains(out, "--cap-add SYS_ADMIN was set explicitly"));
  EXPECT_TRUE(any_exception_contains(out, "--cap-add NET_RAW was set explicitly"));
  EXPECT_FALSE(any_exception_contains(out, "--cap-add NET_BIND_SERVICE"));
}

TEST(HardenContainer, RestartPoliciesAreBounded) {
  auto spec = base_spec("app");
  spec.user = "1000";
  const auto seen = observed({process(1, "1000", "x")});
  spec.restart_policy = "always";
  auto out = harden_container("abc", spec, seen, Level::kBaseline, {});
  EXPECT_EQ(out.spec.restart_policy, "on-failure");
  EXPECT_EQ(out.spec.restart_max_retries, 5);
  EXPECT_THAT(find_reason(out, "--restart on-failure:5")->why, HasSubstr("always"));

  spec.restart_policy = "on-failure";
  spec.restart_max_retries = 0;
  out = harden_container("abc", spec, seen, Level::kBaseline, {});
  EXPECT_EQ(out.spec.restart_max_retries, 5);
  EXPECT_THAT(find_reason(out, "--restart on-failure:5")->why, HasSubstr("unlimited"));

  spec.restart_max_retries = 3;
  out = harden_container("abc", spec, seen, Level::kStrict, {});
  EXPECT_EQ(out.spec.restart_max_retries, 3);
  EXPECT_EQ(find_reason(out, "--restart"), nullptr);
}

TEST(HardenContainer, NeverChangesWhatTheWorkloadIs) {
  auto spec = base_spec("app");
  spec.entrypoint = std::vector<std::string>{"/entry.sh"};
  spec.privileged = true;
  spec.network_mode = "host";
  const auto out = harden_container("abc", spec, observed(), Level::kStrict, {});
  EXPECT_EQ(out.spec.image, spec.image);
  EXPECT_EQ(out.spec.cmd, spec.cmd);
  EXPECT_EQ(out.spec.entrypoint, spec.entrypoint);
  EXPECT_EQ(out.spec.env, spec.env);
  EXPECT_EQ(out.spec.labels, spec.labels);
  EXPECT_EQ(out.spec.name, spec.name);
  EXPECT_EQ(out.original.privileged, true);  // the original is carried unchanged
  EXPECT_EQ(out.container_id, "abc");
}

TEST(HardenContainer, VolumeNamesForDataPaths) {
  EXPECT_EQ(volume_for_data_path("web", "/var/lib/app"), "hardock-web-var-lib-app");
  EXPECT_EQ(volume_for_data_path("my_db.1", "/srv/data dir/"), "hardock-my_db.1-srv-data-dir");
}

}  // namespace
}  // namespace hardock::harden

namespace hardock::harden {
namespace {

TEST(HardenContainer, RebindingToLoopbackIsAnExceptionAndPublicContainersUseThePublishAddress) {
  auto spec = base_spec("web");
  spec.user = "1000";
  spec.publish = {publish("", "8080", "8080"), publish("10.0.0.5", "9000", "9000")};
  const auto seen = observed({process(1, "1000", "x")});

  // Any container: loopback, and the exception says who loses the port.
  auto out = harden_container("abc", spec, seen, Level::kBaseline, {});
  EXPECT_EQ(out.spec.publish[0].host_ip, "127.0.0.1");
  EXPECT_TRUE(any_exception_contains(out,
                                     "--publish 8080/tcp: was published on every interface, "
                                     "now only on 127.0.0.1"));
  EXPECT_FALSE(any_exception_contains(out, "9000"));  // a chosen address is not rebound

  // Labelled public without --publish-address: still loopback, and the exception names the flag.
  HardenOptions options;
  options.labelled_public = true;
  out = harden_container("abc", spec, seen, Level::kBaseline, options);
  EXPECT_EQ(out.spec.publish[0].host_ip, "127.0.0.1");
  EXPECT_TRUE(any_exception_contains(out, "--publish-address"));

  // Labelled public with --publish-address: that address, said in the reason, no exception.
  options.public_address = "192.0.2.7";
  out = harden_container("abc", spec, seen, Level::kBaseline, options);
  EXPECT_EQ(out.spec.publish[0].host_ip, "192.0.2.7");
  EXPECT_EQ(out.spec.publish[1].host_ip, "10.0.0.5");
  const auto* port = find_reason(out, "--publish 192.0.2.7:8080:8080/tcp");
  ASSERT_NE(port, nullptr);
  EXPECT_THAT(port->why, HasSubstr("labelled public"));
  EXPECT_THAT(port->why, HasSubstr("--publish-address"));
  EXPECT_FALSE(any_exception_contains(out, "now only on"));

  // Not labelled public: --publish-address does not apply.
  options.labelled_public = false;
  out = harden_container("abc", spec, seen, Level::kBaseline, options);
  EXPECT_EQ(out.spec.publish[0].host_ip, "127.0.0.1");
}

TEST(HardenContainer, WrittenPathsNoMountCanCarryKeepTheRootWritableAtBaseline) {
  auto spec = base_spec("app");
  spec.user = "1000";
  auto seen = observed({process(1, "1000", "x")});
  seen.changes = {{"/data,type=bind,source=", 1}, {"/data,type=bind,source=/f", 1}};
  auto out = harden_container("abc", spec, seen, Level::kBaseline, {});
  EXPECT_FALSE(out.spec.read_only);
  EXPECT_TRUE(any_exception_contains(out, "no mount option can carry"));
  EXPECT_THAT(mount_targets(out.spec, "volume"), IsEmpty());
  out = harden_container("abc", spec, seen, Level::kStrict, {});
  EXPECT_TRUE(out.spec.read_only);
  EXPECT_THAT(mount_targets(out.spec, "volume"), IsEmpty());
  // A scratch path with such a name is only the tmpfs of its root.
  seen.changes = {{"/tmp/a,b", 1}};
  out = harden_container("abc", spec, seen, Level::kBaseline, {});
  EXPECT_TRUE(out.spec.read_only);
  EXPECT_THAT(mount_targets(out.spec, "tmpfs"), ElementsAre("/tmp"));
}

}  // namespace
}  // namespace hardock::harden
