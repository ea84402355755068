// Container checks run on hand-written snapshot fragments, beyond each check's
// own bad/good pair: evidence text, severity per finding, status of findings
// that could not look, and which containers a check applies to.
#include <gtest/gtest.h>

#include <string>

#include "hardock/audit/registry.h"

namespace hardock::audit {
namespace {

std::vector<core::Finding> run_check(std::string_view code, std::string_view fragment) {
  const Check* check = find_check(code);
  EXPECT_NE(check, nullptr) << code;
  if (check == nullptr) return {};
  auto snapshot = docker::decode_snapshot_text(fragment);
  EXPECT_TRUE(snapshot.has_value()) << snapshot.error().to_string();
  if (!snapshot) return {};
  const AuditConfig config;
  return check->run(*check, AuditContext{*snapshot, config});
}

// One container with the given inspect body (without braces' Name).
std::string one(std::string_view inspect_fields, std::string_view extra = "") {
  std::string text = R"({"containers":[{"inspect":{"Id":"c1","Name":"/app")";
  if (!inspect_fields.empty()) text += std::string(",") + std::string(inspect_fields);
  text += "}";
  if (!extra.empty()) text += std::string(",") + std::string(extra);
  text += "}]}";
  return text;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// ---- HDK-C-003 capabilities (CIS 5.4) ----

TEST(CapabilitiesAdded, DropAllAddNetBindServicePasses) {
  EXPECT_TRUE(run_check("HDK-C-003", one(R"("HostConfig":{"CapAdd":["NET_BIND_SERVICE"],
                                                         "CapDrop":["ALL"]})"))
                  .empty());
}

TEST(CapabilitiesAdded, SysAdminFailsNamingTheCapability) {
  auto findings = run_check("HDK-C-003", one(R"("HostConfig":{"CapAdd":["CAP_SYS_ADMIN"]})"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_TRUE(contains(findings[0].evidence, "HostConfig.CapAdd=[CAP_SYS_ADMIN]"))
      << findings[0].evidence;
  EXPECT_TRUE(contains(findings[0].evidence, "beyond Docker's default set: [SYS_ADMIN]"))
      << findings[0].evidence;
  EXPECT_EQ(findings[0].target.name, "app");
  EXPECT_EQ(findings[0].cis, "5.4");
  EXPECT_EQ(findings[0].severity, core::Severity::kHigh);
  // Extra capabilities and the whole default set kept: one finding carries both.
  EXPECT_TRUE(contains(findings[0].evidence, "all 14 default capabilities kept"));
}

TEST(CapabilitiesAdded, LowercaseDefaultCapabilityIsNotExtra) {
  auto findings = run_check("HDK-C-003", one(R"("HostConfig":{"CapAdd":["cap_net_raw"],
                                                           "CapDrop":["MKNOD"]})"));
  EXPECT_TRUE(findings.empty()) << findings[0].evidence;
}

TEST(CapabilitiesAdded, PrivilegedIsLeftToThePrivilegedCheck) {
  EXPECT_TRUE(run_check("HDK-C-003", one(R"("HostConfig":{"Privileged":true,
                                                         "CapAdd":["SYS_ADMIN"]})"))
                  .empty());
  EXPECT_EQ(run_check("HDK-C-004", one(R"("HostConfig":{"Privileged":true})")).size(), 1u);
}

TEST(CapabilitiesAdded, DefaultSetKeptWholeIsOneLowFinding) {
  // HDK-C-025 was merged into HDK-C-003 (one finding per CIS item and target); its code still
  // names the check.
  auto kept = run_check("HDK-C-025", one(R"("HostConfig":{})"));
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].check_code, "HDK-C-003");
  EXPECT_EQ(kept[0].severity, core::Severity::kLow);
  EXPECT_TRUE(contains(kept[0].evidence, "all 14 default capabilities kept"));
  EXPECT_FALSE(contains(kept[0].evidence, "beyond Docker's default set"));
  EXPECT_TRUE(run_check("HDK-C-003", one(R"("HostConfig":{"CapDrop":["cap_net_raw"]})")).empty());
  EXPECT_TRUE(run_check("HDK-C-003", one(R"("HostConfig":{"CapDrop":["all"]})")).empty());
}

// ---- HDK-C-005 / HDK-C-023 mounts ----

std::string with_mount(std::string_view source, bool rw, std::string_view type = "bind") {
  return one(R"("Mounts":[{"Type":")" + std::string(type) + R"(","Source":")" +
             std::string(source) + R"(","Destination":"/mnt","RW":)" + (rw ? "true" : "false") +
             "}]");
}

TEST(SensitiveHostMount, EvidenceNamesMountIndexSourceAndMode) {
  auto findings = run_check("HDK-C-005", with_mount("/etc", true));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].evidence, "Mounts[0].Source=/etc (bind, rw) at /mnt");
}

TEST(SensitiveHostMount, PathRules) {
  EXPECT_TRUE(run_check("HDK-C-005", with_mount("/etcetera", true)).empty());
  EXPECT_EQ(run_check("HDK-C-005", with_mount("/etc/", false)).size(), 1u);
  EXPECT_EQ(run_check("HDK-C-005", with_mount("/srv/../boot", false)).size(), 1u);
  EXPECT_EQ(run_check("HDK-C-005", with_mount("/", false)).size(), 1u);
  EXPECT_EQ(run_check("HDK-C-005", with_mount("/etc/nginx", true)).size(), 1u);
  EXPECT_TRUE(run_check("HDK-C-005", with_mount("/etc/nginx", false)).empty());
  EXPECT_TRUE(run_check("HDK-C-005", with_mount("/srv/www", true)).empty());
  // A named volume's source is Docker's own directory, never a host dir choice.
  EXPECT_TRUE(run_check("HDK-C-005", with_mount("/etc", true, "volume")).empty());
}

TEST(DockerSocketMount, ParentDirectoryOfTheSocketFails) {
  auto findings = run_check("HDK-C-023", with_mount("/var/run/", false));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].evidence, "Mounts[0].Source=/var/run/ (bind, ro) at /mnt");
  EXPECT_EQ(findings[0].severity, core::Severity::kCritical);
  EXPECT_EQ(run_check("HDK-C-023", with_mount("/run", true)).size(), 1u);
  EXPECT_EQ(run_check("HDK-C-023", with_mount("/var/run/docker.sock", true)).size(), 1u);
  EXPECT_TRUE(run_check("HDK-C-023", with_mount("/var/run/app", true)).empty());
  // The socket is not a "sensitive directory": HDK-C-005 does not report it twice.
  EXPECT_TRUE(run_check("HDK-C-005", with_mount("/var/run/docker.sock", true)).empty());
}

// ---- HDK-C-024 root user ----

TEST(RootUser, EmptyUserIsRoot) {
  auto findings = run_check("HDK-C-024", one(R"("Config":{"User":""})"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].evidence, "Config.User=\"\" (defaults to root)");
  EXPECT_EQ(findings[0].severity, core::Severity::kMedium);
}

TEST(RootUser, Forms) {
  for (const char* user : {"root", "0", "0:0", "root:staff"}) {
    EXPECT_EQ(
        run_check("HDK-C-024", one(std::string(R"("Config":{"User":")") + user + "\"}")).size(), 1u)
        << user;
  }
  for (const char* user : {"1000", "nobody", "1000:0", "app:app"}) {
    EXPECT_TRUE(
        run_check("HDK-C-024", one(std::string(R"("Config":{"User":")") + user + "\"}")).empty())
        << user;
  }
}

TEST(RootUser, RemappedRootIsLowSeverity) {
  const std::string fragment =
      R"({"info":{"SecurityOptions":["name=userns"]},"containers":[
          {"inspect":{"Name":"/a","Config":{"User":"root"}}},
          {"inspect":{"Name":"/b","Config":{"User":"root"},"HostConfig":{"UsernsMode":"host"}}}]})";
  auto findings = run_check("HDK-C-024", fragment);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].severity, core::Severity::kLow);
  EXPECT_EQ(findings[1].severity, core::Severity::kMedium);
}

// ---- HDK-C-006 sshd ----

std::string running_with(std::string_view processes) {
  return one(R"("State":{"Running":true,"Status":"running"})",
             R"("processes":)" + std::string(processes));
}

TEST(SshdRunning, FindsSshdAndDropbear) {
  auto findings = run_check("HDK-C-006", running_with(R"({"source":"proc","list":[
          {"pid":1,"user":"root","command":"/usr/sbin/sshd -D"},
          {"pid":9,"user":"root","command":"sshd: root@pts/0"},
          {"pid":12,"user":"app","command":"/usr/sbin/dropbear -F"}]})"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].status, core::FindingStatus::kFail);
  EXPECT_TRUE(contains(findings[0].evidence, "pid 1 (root): /usr/sbin/sshd -D"));
  EXPECT_TRUE(contains(findings[0].evidence, "pid 12 (app): /usr/sbin/dropbear -F"));
}

TEST(SshdRunning, KeygenHelperIsNotAServer) {
  EXPECT_TRUE(run_check("HDK-C-006", running_with(R"({"source":"top","list":[
          {"pid":3,"user":"root","command":"/usr/libexec/openssh/sshd-keygen-helper"}]})"))
                  .empty());
}

TEST(SshdRunning, CouldNotLookIsAnErrorNotAPass) {
  auto findings = run_check(
      "HDK-C-006", running_with(R"({"source":"none","error":"GET /containers/c1/top: 500"})"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].status, core::FindingStatus::kError);
  EXPECT_TRUE(contains(findings[0].evidence, "GET /containers/c1/top: 500"));
}

TEST(SshdRunning, NotCollectedIsAnErrorNotAPass) {
  auto findings = run_check("HDK-C-006", one(R"("State":{"Running":true})"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].status, core::FindingStatus::kError);
}

TEST(SshdRunning, StoppedContainersAreNotLookedAt) {
  EXPECT_TRUE(run_check("HDK-C-006", one(R"("State":{"Running":false,"Status":"exited"})",
                                         R"("processes":{"source":"none","error":"not running"})"))
                  .empty());
}

// ---- namespaces ----

TEST(HostPidNamespace, ContainerShareIsLowerSeverityAndNamesTheOther) {
  const std::string fragment = R"({"containers":[
      {"inspect":{"Id":"aaaaaaaaaaaaaaaa","Name":"/db"}},
      {"inspect":{"Id":"bbbb","Name":"/debug","HostConfig":{"PidMode":"container:aaaaaaaaaaaaaaaa"}}},
      {"inspect":{"Id":"cccc","Name":"/top","HostConfig":{"PidMode":"host"}}}]})";
  auto findings = run_check("HDK-C-011", fragment);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].target.name, "debug");
  EXPECT_EQ(findings[0].severity, core::Severity::kMedium);
  EXPECT_TRUE(contains(findings[0].evidence, "db (id aaaaaaaaaaaa)")) << findings[0].evidence;
  EXPECT_EQ(findings[1].evidence, "HostConfig.PidMode=host");
  EXPECT_EQ(findings[1].severity, core::Severity::kHigh);
}

TEST(HostIpcNamespace, HostOnlyExactlyAndContainerShareLow) {
  EXPECT_TRUE(run_check("HDK-C-012", one(R"("HostConfig":{"IpcMode":"shareable"})")).empty());
  EXPECT_TRUE(run_check("HDK-C-012", one(R"("HostConfig":{"IpcMode":"hostile"})")).empty());
  auto shared = run_check("HDK-C-012", one(R"("HostConfig":{"IpcMode":"container:gone"})"));
  ASSERT_EQ(shared.size(), 1u);
  EXPECT_EQ(shared[0].severity, core::Severity::kLow);
  EXPECT_TRUE(contains(shared[0].evidence, "gone (not in snapshot)"));
}

// ---- restart, resources ----

TEST(RestartPolicy, Rules) {
  auto policy = [](std::string_view name, int retries) {
    return one(R"("HostConfig":{"RestartPolicy":{"Name":")" + std::string(name) +
               R"(","MaximumRetryCount":)" + std::to_string(retries) + "}}");
  };
  EXPECT_TRUE(run_check("HDK-C-010", policy("on-failure", 5)).empty());
  EXPECT_TRUE(run_check("HDK-C-010", policy("on-failure", 1)).empty());
  EXPECT_TRUE(run_check("HDK-C-010", policy("no", 0)).empty());
  EXPECT_TRUE(run_check("HDK-C-010", policy("", 0)).empty());
  EXPECT_EQ(run_check("HDK-C-010", policy("on-failure", 0)).size(), 1u);
  EXPECT_EQ(run_check("HDK-C-010", policy("on-failure", 6)).size(), 1u);
  EXPECT_EQ(run_check("HDK-C-010", policy("unless-stopped", 0)).size(), 1u);
}

TEST(CpuPriority, AnyOfSharesQuotaOrNanoCpusPasses) {
  EXPECT_EQ(run_check("HDK-C-008", one(R"("HostConfig":{"CpuShares":0})")).size(), 1u);
  EXPECT_TRUE(run_check("HDK-C-008", one(R"("HostConfig":{"CpuShares":512})")).empty());
  EXPECT_TRUE(run_check("HDK-C-008", one(R"("HostConfig":{"CpuQuota":50000})")).empty());
}

TEST(PidsLimit, NullZeroAndMinusOneAreUnlimited) {
  EXPECT_EQ(run_check("HDK-C-021", one(R"("HostConfig":{})"))[0].evidence,
            "HostConfig.PidsLimit=null (unlimited)");
  EXPECT_EQ(run_check("HDK-C-021", one(R"("HostConfig":{"PidsLimit":0})")).size(), 1u);
  EXPECT_EQ(run_check("HDK-C-021", one(R"("HostConfig":{"PidsLimit":-1})")).size(), 1u);
  EXPECT_TRUE(run_check("HDK-C-021", one(R"("HostConfig":{"PidsLimit":100})")).empty());
}

TEST(ConfigChecks, ApplyToStoppedContainersToo) {
  EXPECT_EQ(run_check("HDK-C-007", one(R"("State":{"Running":false,"Status":"exited"})")).size(),
            1u);
}

// ---- healthcheck ----

TEST(Healthcheck, ImageHealthcheckCounts) {
  const std::string image_has = R"({"containers":[{"inspect":{"Name":"/h","Image":"sha256:i"}}],
      "images":[{"Id":"sha256:i","Config":{"Healthcheck":{"Test":["CMD","true"]}}}]})";
  EXPECT_TRUE(run_check("HDK-C-020", image_has).empty());
  const std::string neither = R"({"containers":[{"inspect":{"Name":"/h","Image":"sha256:i",
      "Config":{"Image":"busybox"}}}],"images":[{"Id":"sha256:i","Config":{}}]})";
  auto findings = run_check("HDK-C-020", neither);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].evidence, "Config.Healthcheck unset, image busybox has no HEALTHCHECK");
}

TEST(Healthcheck, NoneDisablesEvenWhenTheImageHasOne) {
  auto findings =
      run_check("HDK-C-020", R"({"containers":[{"inspect":{"Name":"/h","Image":"sha256:i",
      "Config":{"Healthcheck":{"Test":["NONE"]}}}}],
      "images":[{"Id":"sha256:i","Config":{"Healthcheck":{"Test":["CMD","true"]}}}]})");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].evidence, "Config.Healthcheck.Test=[NONE] (disabled)");
}

// ---- LSMs, seccomp, no-new-privileges ----

TEST(AppArmor, NotApplicableWithoutAppArmorOnTheEngineIsSkippedNotPassed) {
  auto findings = run_check("HDK-C-001", one(R"("AppArmorProfile":"")"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].status, core::FindingStatus::kSkipped);
  EXPECT_EQ(findings[0].target.kind, core::TargetKind::kEngine);
}

TEST(AppArmor, EmptyProfileFailsWhenEngineHasAppArmor) {
  auto findings = run_check("HDK-C-001", R"({"info":{"SecurityOptions":["name=apparmor"]},
      "containers":[{"inspect":{"Name":"/a","AppArmorProfile":""}}]})");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].evidence, "AppArmorProfile=\"\" (engine has AppArmor)");
}

TEST(AppArmor, UnreadableInfoIsAnError) {
  auto findings = run_check("HDK-C-001", R"({"errors":[{"what":"GET /info","message":"403"}],
      "containers":[{"inspect":{"Name":"/a"}}]})");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].status, core::FindingStatus::kError);
}

TEST(Selinux, DefaultLabelPassesUnconfinedTypeFails) {
  const std::string engine = R"({"info":{"SecurityOptions":["name=selinux"]},"containers":[)";
  EXPECT_TRUE(run_check("HDK-C-002", engine + R"({"inspect":{"Name":"/s","HostConfig":{
      "SecurityOpt":["label=level:s0:c100,c200"]}}}]})")
                  .empty());
  EXPECT_EQ(run_check("HDK-C-002", engine + R"({"inspect":{"Name":"/s",
      "ProcessLabel":"system_u:system_r:spc_t:s0"}}]})")
                .size(),
            1u);
  EXPECT_EQ(run_check("HDK-C-002", engine + R"({"inspect":{"Name":"/s"}}]})").size(), 1u);
  // No SELinux on the engine: the item does not apply (skipped), never a pass.
  auto none = run_check("HDK-C-002", one(R"("HostConfig":{"SecurityOpt":["label=disable"]})"));
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].status, core::FindingStatus::kSkipped);
}

TEST(Seccomp, BothSeparatorsAndCustomProfiles) {
  EXPECT_EQ(
      run_check("HDK-C-016", one(R"("HostConfig":{"SecurityOpt":["seccomp:unconfined"]})")).size(),
      1u);
  EXPECT_TRUE(
      run_check(
          "HDK-C-016",
          one(R"("HostConfig":{"SecurityOpt":["seccomp={\"defaultAction\":\"SCMP_ACT_ERRNO\"}"]})"))
          .empty());
}

TEST(NoNewPrivileges, ValuesAndLastWins) {
  EXPECT_TRUE(
      run_check("HDK-C-019", one(R"("HostConfig":{"SecurityOpt":["no-new-privileges=true"]})"))
          .empty());
  EXPECT_EQ(
      run_check("HDK-C-019", one(R"("HostConfig":{"SecurityOpt":["no-new-privileges=false"]})"))
          .size(),
      1u);
  EXPECT_EQ(run_check("HDK-C-019", one(R"("HostConfig":{"SecurityOpt":["no-new-privileges",
                                                       "no-new-privileges:false"]})"))
                .size(),
            1u);
}

// ---- devices, propagation, exec ----

TEST(HostDevices, EvidenceListsDevicesAndRules) {
  auto findings = run_check("HDK-C-013", one(R"("HostConfig":{"Devices":[
      {"PathOnHost":"/dev/fuse","PathInContainer":"/dev/fuse","CgroupPermissions":"rwm"}],
      "DeviceCgroupRules":["c 10:229 rwm"]})"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].evidence,
            "HostConfig.Devices=[/dev/fuse:/dev/fuse:rwm], "
            "HostConfig.DeviceCgroupRules=[c 10:229 rwm]");
}

TEST(ExecSessions, PrivilegedAndRootAreOneFindingPerItem) {
  const std::string snapshot = R"({"containers":[{"inspect":{"Name":"/app","Id":"c1",
      "ExecIDs":["e1aaaaaaaaaaaaaa","e2","e3"],"Config":{"User":"app"}},
    "execs":[{"ID":"e1aaaaaaaaaaaaaa","Running":true,
              "ProcessConfig":{"privileged":true,"user":"0","entrypoint":"sh","arguments":["-c","id"]}},
             {"ID":"e2","Running":true,"ProcessConfig":{"privileged":false,"user":"root","entrypoint":"bash"}},
             {"ID":"e3","Running":true,"ProcessConfig":{"privileged":false,"user":"","entrypoint":"ls"}}]}]})";
  auto findings = run_check("HDK-C-017", snapshot);
  ASSERT_EQ(findings.size(), 2u);
  const core::Finding& privileged = findings[0].cis == "5.23" ? findings[0] : findings[1];
  const core::Finding& as_root = findings[0].cis == "5.24" ? findings[0] : findings[1];
  EXPECT_EQ(privileged.evidence, "exec sessions with --privileged: [e1aaaaaaaaaa (sh -c id)]");
  // e3 runs as the container's user (app): not root.
  EXPECT_EQ(as_root.evidence, "exec sessions as root: [e1aaaaaaaaaa (sh -c id), e2 (bash)]");
}

// dockerd lists ExecIDs from a map, in any order: the evidence must not follow it.
TEST(ExecSessions, EvidenceDoesNotFollowTheEnginesOrder) {
  auto evidence = [](const std::string& execs) {
    auto findings = run_check("HDK-C-017", R"({"containers":[{"inspect":{"Name":"/app","Id":"c1",
        "ExecIDs":["e1","e2"],"Config":{"User":"root"}},"execs":[)" +
                                               execs + "]}]}");
    return findings.size() == 1 ? findings[0].evidence : "";
  };
  const std::string first = R"({"ID":"e1","Running":true,"ProcessConfig":{"entrypoint":"a"}})";
  const std::string second = R"({"ID":"e2","Running":true,"ProcessConfig":{"entrypoint":"b"}})";
  EXPECT_EQ(evidence(first + "," + second), evidence(second + "," + first));
  EXPECT_EQ(evidence(second + "," + first),
            "exec sessions as root: [e1 (a) as the container's user root, e2 (b) as the "
            "container's user root]");
}

TEST(ExecSessions, WithoutExecInspectsItCouldNotLook) {
  auto findings = run_check("HDK-C-017", one(R"("ExecIDs":["e1","e2"])"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].status, core::FindingStatus::kError);
  EXPECT_TRUE(findings[0].cis.empty());
}

}  // namespace
}  // namespace hardock::audit

namespace hardock::audit {
namespace {

// After `harden --apply`, the renamed original is reported once as kept for rollback (HDK-E-005),
// not by every container check: findings must not appear to rise after hardening.
TEST(KeptForRollback, OriginalsAreNotJudgedAsLiveContainers) {
  const std::string snapshot = R"({"containers":[
      {"inspect":{"Id":"old1","Name":"/web.hardock-old.20261129170000",
                  "HostConfig":{"Privileged":true}}},
      {"inspect":{"Id":"old2","Name":"/renamed-by-hand","HostConfig":{"Privileged":true}}},
      {"inspect":{"Id":"new1","Name":"/web","Config":{"Labels":{"hardock.harden.replaces":"old2"}}}}]})";
  EXPECT_TRUE(run_check("HDK-C-004", snapshot).empty());
  auto kept = run_check("HDK-E-005", snapshot);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].target.name, "web.hardock-old.20261129170000");
  EXPECT_EQ(kept[1].target.name, "renamed-by-hand");
  EXPECT_TRUE(contains(kept[1].evidence, "replaced by web (new1)")) << kept[1].evidence;
}

}  // namespace
}  // namespace hardock::audit
