// The seccomp generator: profile shape, baseline vs strict, capability re-allows, and what the
// compiled filter really does: each profile is compiled with libseccomp, loaded into a forked
// child and probed with syscalls whose answer tells "allowed" from "denied by the filter".
#include "hardock/harden/seccomp_profile.h"

#include <gtest/gtest.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace hardock::harden {
namespace {

RunSpec spec_keeping(std::vector<std::string> cap_add) {
  RunSpec spec;
  spec.name = "web";
  spec.image = "hardock-test/web:1";
  spec.cap_drop = {"ALL"};
  spec.cap_add = std::move(cap_add);
  return spec;
}

// Names allowed by a rule without argument conditions.
std::set<std::string> unconditionally_allowed(const nlohmann::json& profile) {
  std::set<std::string> names;
  for (const auto& rule : profile.at("syscalls")) {
    if (rule.at("action") != "SCMP_ACT_ALLOW" || rule.contains("args")) continue;
    for (const auto& name : rule.at("names")) names.insert(name.get<std::string>());
  }
  return names;
}

bool mentions(const std::vector<std::string>& notes, const std::string& a, const std::string& b) {
  for (const auto& note : notes) {
    if (note.find(a) != std::string::npos && note.find(b) != std::string::npos) return true;
  }
  return false;
}

// Syscalls whose result separates "the filter denied it" (EPERM, or ENOSYS for clone3) from
// "the kernel saw it" (success or an argument error), whatever this process's privileges.
enum class Probe {
  kGetpid,
  kFork,                    // clone(SIGCHLD)
  kCloneNewUser,            // clone(CLONE_NEWUSER|CLONE_FS): EINVAL from the kernel
  kClone3,                  // clone3(NULL, 0): EINVAL/EFAULT from the kernel
  kUnshareNothing,          // unshare(0): succeeds
  kMountNullTarget,         // mount(NULL, NULL, ...): EFAULT
  kKeyctlBadOp,             // keyctl(0xffff): EOPNOTSUPP
  kPtraceBadRequest,        // ptrace(bad, pid 0): ESRCH
  kPersonalityQuery,        // personality(0xffffffff): the current persona
  kPersonalityImpliesExec,  // personality(READ_IMPLIES_EXEC)
};

int run_probe(Probe probe) {
  long rc = 0;
  switch (probe) {
    case Probe::kGetpid:
      rc = syscall(SYS_getpid);
      break;
    case Probe::kFork:
      rc = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
      if (rc == 0) _exit(0);
      if (rc > 0) waitpid(static_cast<pid_t>(rc), nullptr, 0);
      break;
    case Probe::kCloneNewUser:
      rc = syscall(SYS_clone, CLONE_NEWUSER | CLONE_FS | SIGCHLD, 0, 0, 0, 0);
      if (rc == 0) _exit(0);  // never expected; do not let a second child run the probes
      break;
    case Probe::kClone3:
      rc = syscall(SYS_clone3, nullptr, 0);
      break;
    case Probe::kUnshareNothing:
      rc = syscall(SYS_unshare, 0);
      break;
    case Probe::kMountNullTarget:
      rc = syscall(SYS_mount, nullptr, nullptr, nullptr, 0, nullptr);
      break;
    case Probe::kKeyctlBadOp:
      rc = syscall(SYS_keyctl, 0xffff, 0, 0, 0, 0);
      break;
    case Probe::kPtraceBadRequest:
      rc = syscall(SYS_ptrace, 0x7fff, 0, 0, 0);
      break;
    case Probe::kPersonalityQuery:
      rc = syscall(SYS_personality, 0xffffffffUL);
      break;
    case Probe::kPersonalityImpliesExec:
      rc = syscall(SYS_personality, 0x0400000UL);
      break;
  }
  return rc < 0 ? errno : 0;
}

// Loads `bpf` into a forked child and returns each probe's errno (0 = success) there.
std::map<Probe, int> probe_under_filter(const std::vector<uint8_t>& bpf,
                                        const std::vector<Probe>& probes) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  if (child == 0) {
    close(fds[0]);
    sock_fprog program{};
    program.len = static_cast<unsigned short>(bpf.size() / sizeof(sock_filter));
    program.filter = reinterpret_cast<sock_filter*>(const_cast<uint8_t*>(bpf.data()));
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) != 0) {
      _exit(2);
    }
    for (Probe probe : probes) {
      const int result = run_probe(probe);
      if (write(fds[1], &result, sizeof result) != sizeof result) _exit(3);
    }
    _exit(0);
  }
  close(fds[1]);
  std::map<Probe, int> results;
  for (Probe probe : probes) {
    int result = -1;
    if (read(fds[0], &result, sizeof result) != sizeof result) break;
    results[probe] = result;
  }
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "probe child failed to load the filter or died, status " << status;
  return results;
}

std::map<Probe, int> probe_profile(const RunSpec& spec, Level level,
                                   const std::vector<Probe>& probes) {
  auto compiled = compile_seccomp_profile(seccomp_profile(spec, level).profile);
  EXPECT_TRUE(compiled.has_value()) << compiled.error().to_string();
  if (!compiled) return {};
  return probe_under_filter(compiled->bpf, probes);
}

TEST(SeccompProfile, HasDockerShape) {
  const auto profile = seccomp_profile(spec_keeping({}), Level::kBaseline).profile;
  EXPECT_EQ(profile.at("defaultAction"), "SCMP_ACT_ERRNO");
  EXPECT_EQ(profile.at("defaultErrnoRet"), 1);
  std::map<std::string, nlohmann::json> arches;
  for (const auto& entry : profile.at("archMap")) arches[entry.at("architecture")] = entry;
  ASSERT_EQ(arches.count("SCMP_ARCH_X86_64"), 1U);
  EXPECT_EQ(arches["SCMP_ARCH_X86_64"].at("subArchitectures"),
            nlohmann::json({"SCMP_ARCH_X86", "SCMP_ARCH_X32"}));
  ASSERT_EQ(arches.count("SCMP_ARCH_AARCH64"), 1U);
  EXPECT_EQ(arches["SCMP_ARCH_AARCH64"].at("subArchitectures"), nlohmann::json({"SCMP_ARCH_ARM"}));
  for (const auto& rule : profile.at("syscalls")) {
    EXPECT_TRUE(rule.at("names").is_array() && !rule.at("names").empty()) << rule.dump();
    EXPECT_TRUE(rule.at("action").is_string()) << rule.dump();
  }
}

TEST(SeccompProfile, ClaimsTheSeccompFinding) {
  const auto generated = seccomp_profile(spec_keeping({}), Level::kBaseline);
  ASSERT_FALSE(generated.notes.empty());
  EXPECT_NE(generated.notes.front().find("HDK-C-016"), std::string::npos);
  EXPECT_NE(generated.notes.front().find("web"), std::string::npos);
}

TEST(SeccompProfile, AllowsOrdinaryCallsAndNotTheDangerousOnes) {
  const auto allowed =
      unconditionally_allowed(seccomp_profile(spec_keeping({}), Level::kBaseline).profile);
  for (const char* name :
       {"read", "write", "openat", "execve", "mmap", "futex", "epoll_wait", "socket", "connect",
        "accept4", "exit_group", "getpid", "rt_sigaction"}) {
    EXPECT_EQ(allowed.count(name), 1U) << name;
  }
  for (const char* name : {"acct",
                           "add_key",
                           "bpf",
                           "clock_adjtime",
                           "clock_settime",
                           "clone",
                           "clone3",
                           "delete_module",
                           "finit_module",
                           "get_mempolicy",
                           "init_module",
                           "io_uring_setup",
                           "ioperm",
                           "iopl",
                           "kcmp",
                           "kexec_file_load",
                           "kexec_load",
                           "keyctl",
                           "lookup_dcookie",
                           "mbind",
                           "mount",
                           "move_pages",
                           "name_to_handle_at",
                           "open_by_handle_at",
                           "perf_event_open",
                           "personality",
                           "pivot_root",
                           "process_vm_readv",
                           "process_vm_writev",
                           "ptrace",
                           "quotactl",
                           "reboot",
                           "request_key",
                           "set_mempolicy",
                           "setns",
                           "settimeofday",
                           "swapon",
                           "swapoff",
                           "sysfs",
                           "_sysctl",
                           "umount2",
                           "unshare",
                           "uselib",
                           "userfaultfd",
                           "ustat",
                           "vm86",
                           "vm86old",
                           "chroot"}) {
    EXPECT_EQ(allowed.count(name), 0U) << name;
  }
}

TEST(SeccompProfile, BaselineLetsAKeptCapabilityReallowWhatItGates) {
  const auto without =
      unconditionally_allowed(seccomp_profile(spec_keeping({}), Level::kBaseline).profile);
  const auto with = seccomp_profile(spec_keeping({"SYS_ADMIN", "SYS_TIME"}), Level::kBaseline);
  const auto allowed = unconditionally_allowed(with.profile);
  for (const char* name : {"mount", "umount2", "unshare", "setns", "clone", "clone3",
                           "settimeofday", "clock_settime"}) {
    EXPECT_EQ(without.count(name), 0U) << name;
    EXPECT_EQ(allowed.count(name), 1U) << name;
  }
  EXPECT_TRUE(mentions(with.notes, "CAP_SYS_ADMIN", "mount"));
  EXPECT_EQ(allowed.count("ptrace"), 0U);  // not gated by what it keeps
}

TEST(SeccompProfile, StrictKeepsTheDenyListDespiteCapabilities) {
  const auto baseline =
      seccomp_profile(spec_keeping({"SYS_ADMIN", "SYS_PTRACE"}), Level::kBaseline);
  const auto strict = seccomp_profile(spec_keeping({"SYS_ADMIN", "SYS_PTRACE"}), Level::kStrict);
  const auto allowed = unconditionally_allowed(strict.profile);
  for (const char* name : {"mount", "umount2", "unshare", "setns", "pivot_root", "bpf",
                           "perf_event_open", "ptrace", "process_vm_readv", "clone", "clone3"}) {
    EXPECT_EQ(unconditionally_allowed(baseline.profile).count(name), 1U) << name;
    EXPECT_EQ(allowed.count(name), 0U) << name;
  }
  EXPECT_EQ(allowed.count("sethostname"), 1U);  // gated by SYS_ADMIN, harmless in its UTS ns
  EXPECT_EQ(allowed.count("kcmp"), 1U);
  EXPECT_TRUE(mentions(strict.notes, "strict", "mount"));
  EXPECT_TRUE(mentions(strict.notes, "CAP_SYS_PTRACE", "ptrace"));
  EXPECT_FALSE(mentions(baseline.notes, "strict", "mount"));
}

TEST(SeccompProfile, StrictDropsPersonalityBaselineKeepsSafePersonas) {
  auto personality_rules = [](const nlohmann::json& profile) {
    int count = 0;
    for (const auto& rule : profile.at("syscalls")) {
      for (const auto& name : rule.at("names")) count += name == "personality" ? 1 : 0;
    }
    return count;
  };
  EXPECT_EQ(personality_rules(seccomp_profile(spec_keeping({}), Level::kBaseline).profile), 5);
  EXPECT_EQ(personality_rules(seccomp_profile(spec_keeping({}), Level::kStrict).profile), 0);
}

TEST(SeccompProfile, EffectiveCapabilitiesFollowDocker) {
  RunSpec spec;
  EXPECT_EQ(effective_capabilities(spec).size(), 14U);  // Docker's default set
  spec.cap_drop = {"NET_RAW", "cap_mknod"};
  spec.cap_add = {"CAP_SYS_ADMIN"};
  const auto caps = effective_capabilities(spec);
  EXPECT_EQ(caps.count("NET_RAW"), 0U);
  EXPECT_EQ(caps.count("MKNOD"), 0U);
  EXPECT_EQ(caps.count("SYS_ADMIN"), 1U);
  EXPECT_EQ(caps.count("CHOWN"), 1U);
  spec.cap_drop = {"ALL"};
  spec.cap_add = {"NET_BIND_SERVICE"};
  EXPECT_EQ(effective_capabilities(spec), std::set<std::string>{"NET_BIND_SERVICE"});
  spec.cap_add = {"ALL"};
  spec.cap_drop = {"SYS_ADMIN"};
  EXPECT_EQ(effective_capabilities(spec).count("SYS_ADMIN"), 0U);
  EXPECT_EQ(effective_capabilities(spec).count("SYS_MODULE"), 1U);
  spec = RunSpec{};
  spec.privileged = true;
  spec.cap_drop = {"ALL"};
  EXPECT_EQ(effective_capabilities(spec).count("SYS_ADMIN"), 1U);
}

TEST(SeccompCompile, EveryGeneratedProfileCompiles) {
  const std::vector<std::vector<std::string>> cap_sets = {
      {}, {"NET_BIND_SERVICE"}, {"SYS_ADMIN"}, {"SYS_PTRACE", "SYS_TIME", "SYS_NICE"}, {"ALL"}};
  for (Level level : {Level::kBaseline, Level::kStrict}) {
    for (const auto& caps : cap_sets) {
      const auto generated = seccomp_profile(spec_keeping(caps), level);
      auto compiled = compile_seccomp_profile(generated.profile);
      ASSERT_TRUE(compiled.has_value())
          << to_string(level) << " " << caps.size() << ": " << compiled.error().to_string();
      EXPECT_GT(compiled->bpf.size(), 0U);
      EXPECT_EQ(compiled->bpf.size() % sizeof(sock_filter), 0U);
      EXPECT_GT(compiled->rules_added, 200U);
      EXPECT_TRUE(compiled->unknown_names.empty());  // the generator dropped those already
    }
  }
}

TEST(SeccompCompile, BaselineFilterDeniesWhatDockerDenies) {
  const auto results = probe_profile(
      spec_keeping({}), Level::kBaseline,
      {Probe::kGetpid, Probe::kFork, Probe::kCloneNewUser, Probe::kClone3, Probe::kUnshareNothing,
       Probe::kMountNullTarget, Probe::kKeyctlBadOp, Probe::kPtraceBadRequest,
       Probe::kPersonalityQuery, Probe::kPersonalityImpliesExec});
  EXPECT_EQ(results.at(Probe::kGetpid), 0);
  EXPECT_EQ(results.at(Probe::kFork), 0);
  EXPECT_EQ(results.at(Probe::kCloneNewUser), EPERM);
  EXPECT_EQ(results.at(Probe::kClone3), ENOSYS);
  EXPECT_EQ(results.at(Probe::kUnshareNothing), EPERM);
  EXPECT_EQ(results.at(Probe::kMountNullTarget), EPERM);
  EXPECT_EQ(results.at(Probe::kKeyctlBadOp), EPERM);
  EXPECT_EQ(results.at(Probe::kPtraceBadRequest), EPERM);
  EXPECT_EQ(results.at(Probe::kPersonalityQuery), 0);
  EXPECT_EQ(results.at(Probe::kPersonalityImpliesExec), EPERM);
}

TEST(SeccompCompile, SysAdminReallowsAtBaselineOnly) {
  const std::vector<Probe> probes = {Probe::kGetpid,          Probe::kCloneNewUser,
                                     Probe::kClone3,          Probe::kUnshareNothing,
                                     Probe::kMountNullTarget, Probe::kPersonalityQuery};
  const auto baseline = probe_profile(spec_keeping({"SYS_ADMIN"}), Level::kBaseline, probes);
  EXPECT_EQ(baseline.at(Probe::kUnshareNothing), 0);
  EXPECT_EQ(baseline.at(Probe::kMountNullTarget), EFAULT);  // reached the kernel
  EXPECT_EQ(baseline.at(Probe::kCloneNewUser), EINVAL);
  EXPECT_NE(baseline.at(Probe::kClone3), ENOSYS);
  EXPECT_NE(baseline.at(Probe::kClone3), EPERM);

  const auto strict = probe_profile(spec_keeping({"SYS_ADMIN"}), Level::kStrict, probes);
  EXPECT_EQ(strict.at(Probe::kGetpid), 0);
  EXPECT_EQ(strict.at(Probe::kUnshareNothing), EPERM);
  EXPECT_EQ(strict.at(Probe::kMountNullTarget), EPERM);
  EXPECT_EQ(strict.at(Probe::kCloneNewUser), EPERM);
  EXPECT_EQ(strict.at(Probe::kClone3), ENOSYS);
  EXPECT_EQ(strict.at(Probe::kPersonalityQuery), EPERM);
}

TEST(SeccompCompile, SysPtraceReallowsPtraceAtBaselineOnly) {
  const auto baseline =
      probe_profile(spec_keeping({"SYS_PTRACE"}), Level::kBaseline, {Probe::kPtraceBadRequest});
  EXPECT_EQ(baseline.at(Probe::kPtraceBadRequest), ESRCH);
  const auto strict =
      probe_profile(spec_keeping({"SYS_PTRACE"}), Level::kStrict, {Probe::kPtraceBadRequest});
  EXPECT_EQ(strict.at(Probe::kPtraceBadRequest), EPERM);
}

nlohmann::json minimal_profile() {
  return nlohmann::json::parse(R"({
    "defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
    "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}],
    "syscalls": [
      {"names": ["read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW"},
      {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
       "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"},
                {"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}
    ]})");
}

TEST(SeccompCompile, AcceptsAHandWrittenProfile) {
  auto compiled = compile_seccomp_profile(minimal_profile());
  ASSERT_TRUE(compiled.has_value()) << compiled.error().to_string();
  EXPECT_EQ(compiled->rules_added, 5U);  // 3 names + personality split per same-index arg
}

TEST(SeccompCompile, RejectsAnUnknownActionNamingTheRule) {
  auto profile = minimal_profile();
  profile["syscalls"][1]["action"] = "SCMP_ACT_ALOW";
  auto compiled = compile_seccomp_profile(profile);
  ASSERT_FALSE(compiled.has_value());
  EXPECT_EQ(compiled.error().code, core::ErrorCode::kMalformedInput);
  EXPECT_NE(compiled.error().message.find("syscalls[1] (personality)"), std::string::npos)
      << compiled.error().message;
  EXPECT_NE(compiled.error().message.find("SCMP_ACT_ALOW"), std::string::npos);
}

TEST(SeccompCompile, RejectsBrokenFields) {
  auto bad_default = minimal_profile();
  bad_default["defaultAction"] = "SCMP_ACT_DENY";
  EXPECT_FALSE(compile_seccomp_profile(bad_default).has_value());

  auto bad_op = minimal_profile();
  bad_op["syscalls"][1]["args"][0]["op"] = "SCMP_CMP_LIKE";
  auto compiled = compile_seccomp_profile(bad_op);
  ASSERT_FALSE(compiled.has_value());
  EXPECT_NE(compiled.error().message.find("SCMP_CMP_LIKE"), std::string::npos);

  auto bad_index = minimal_profile();
  bad_index["syscalls"][1]["args"][0]["index"] = 6;
  EXPECT_FALSE(compile_seccomp_profile(bad_index).has_value());

  auto cap_condition = minimal_profile();
  cap_condition["syscalls"][0]["includes"] = {{"caps", {"CAP_SYS_ADMIN"}}};
  compiled = compile_seccomp_profile(cap_condition);
  ASSERT_FALSE(compiled.has_value());
  EXPECT_NE(compiled.error().message.find("includes.caps"), std::string::npos);

  EXPECT_FALSE(compile_seccomp_profile(nlohmann::json::array()).has_value());
  auto bad_arch = minimal_profile();
  bad_arch["archMap"][0]["architecture"] = "SCMP_ARCH_Z80";
  EXPECT_FALSE(compile_seccomp_profile(bad_arch).has_value());
}

TEST(SeccompCompile, SkipsNamesLibseccompDoesNotKnow) {
  auto profile = minimal_profile();
  profile["syscalls"][0]["names"].push_back("no_such_syscall");
  auto compiled = compile_seccomp_profile(profile);
  ASSERT_TRUE(compiled.has_value()) << compiled.error().to_string();
  EXPECT_EQ(compiled->unknown_names, std::vector<std::string>{"no_such_syscall"});
}

}  // namespace
}  // namespace hardock::harden
