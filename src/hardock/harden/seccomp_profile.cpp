#include "hardock/harden/seccomp_profile.h"

#include <seccomp.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string_view>

#include <fmt/format.h>

namespace hardock::harden {
namespace {

using Names = std::set<std::string>;

// What an ordinary Linux program may call, on any of the profile's architectures (libseccomp
// resolves a name per architecture; 32-bit-only names such as fcntl64 apply to x86 and arm).
// Absent on purpose: everything gated below, the obsolete and kernel-wide calls Docker never
// allows (acct, kexec_*, keyctl, add_key, request_key, userfaultfd, swapon, swapoff, sysfs,
// _sysctl, ustat, uselib, vm86, nfsservctl, *_module ...), and io_uring_* (removed from Docker's
// default in 25.0: a frequent source of kernel exploits).
// clang-format off
constexpr std::string_view kAllowed[] = {
    "_llseek", "_newselect", "accept", "accept4", "access", "adjtimex", "alarm", "arch_prctl",
    "arm_fadvise64_64", "arm_sync_file_range", "bind", "breakpoint", "brk", "cacheflush", "capget",
    "capset", "chdir", "chmod", "chown", "chown32", "clock_getres", "clock_getres_time64",
    "clock_gettime", "clock_gettime64", "clock_nanosleep", "clock_nanosleep_time64", "close",
    "close_range", "connect", "copy_file_range", "creat", "dup", "dup2", "dup3", "epoll_create",
    "epoll_create1", "epoll_ctl", "epoll_ctl_old", "epoll_pwait", "epoll_pwait2", "epoll_wait",
    "epoll_wait_old", "eventfd", "eventfd2", "execve", "execveat", "exit", "exit_group",
    "faccessat", "faccessat2", "fadvise64", "fadvise64_64", "fallocate", "fanotify_mark", "fchdir",
    "fchmod", "fchmodat", "fchmodat2", "fchown", "fchown32", "fchownat", "fcntl", "fcntl64",
    "fdatasync", "fgetxattr", "flistxattr", "flock", "fork", "fremovexattr", "fsetxattr", "fstat",
    "fstat64", "fstatat64", "fstatfs", "fstatfs64", "fsync", "ftruncate", "ftruncate64", "futex",
    "futex_time64", "futex_waitv", "futimesat", "get_robust_list", "get_thread_area", "getcpu",
    "getcwd", "getdents", "getdents64", "getegid", "getegid32", "geteuid", "geteuid32", "getgid",
    "getgid32", "getgroups", "getgroups32", "getitimer", "getpeername", "getpgid", "getpgrp",
    "getpid", "getppid", "getpriority", "getrandom", "getresgid", "getresgid32", "getresuid",
    "getresuid32", "getrlimit", "getrusage", "getsid", "getsockname", "getsockopt", "gettid",
    "gettimeofday", "getuid", "getuid32", "getxattr", "inotify_add_watch", "inotify_init",
    "inotify_init1", "inotify_rm_watch", "io_cancel", "io_destroy", "io_getevents", "io_pgetevents",
    "io_pgetevents_time64", "io_setup", "io_submit", "ioctl", "ioprio_get", "ioprio_set", "ipc",
    "kill", "landlock_add_rule", "landlock_create_ruleset", "landlock_restrict_self", "lchown",
    "lchown32", "lgetxattr", "link", "linkat", "listen", "listxattr", "llistxattr", "lremovexattr",
    "lseek", "lsetxattr", "lstat", "lstat64", "madvise", "membarrier", "memfd_create",
    "memfd_secret", "mincore", "mkdir", "mkdirat", "mknod", "mknodat", "mlock", "mlock2",
    "mlockall", "mmap", "mmap2", "modify_ldt", "mprotect", "mq_getsetattr", "mq_notify", "mq_open",
    "mq_timedreceive", "mq_timedreceive_time64", "mq_timedsend", "mq_timedsend_time64", "mq_unlink",
    "mremap", "msgctl", "msgget", "msgrcv", "msgsnd", "msync", "munlock", "munlockall", "munmap",
    "nanosleep", "newfstatat", "open", "openat", "openat2", "pause", "pidfd_open",
    "pidfd_send_signal", "pipe", "pipe2", "pkey_alloc", "pkey_free", "pkey_mprotect", "poll",
    "ppoll", "ppoll_time64", "prctl", "pread64", "preadv", "preadv2", "prlimit64",
    "process_mrelease", "pselect6", "pselect6_time64", "pwrite64", "pwritev", "pwritev2", "read",
    "readahead", "readlink", "readlinkat", "readv", "recv", "recvfrom", "recvmmsg",
    "recvmmsg_time64", "recvmsg", "remap_file_pages", "removexattr", "rename", "renameat",
    "renameat2", "restart_syscall", "rmdir", "rseq", "rt_sigaction", "rt_sigpending",
    "rt_sigprocmask", "rt_sigqueueinfo", "rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait",
    "rt_sigtimedwait_time64", "rt_tgsigqueueinfo", "sched_get_priority_max",
    "sched_get_priority_min", "sched_getaffinity", "sched_getattr", "sched_getparam",
    "sched_getscheduler", "sched_rr_get_interval", "sched_rr_get_interval_time64",
    "sched_setaffinity", "sched_setattr", "sched_setparam", "sched_setscheduler", "sched_yield",
    "seccomp", "select", "semctl", "semget", "semop", "semtimedop", "semtimedop_time64", "send",
    "sendfile", "sendfile64", "sendmmsg", "sendmsg", "sendto", "set_robust_list", "set_thread_area",
    "set_tid_address", "set_tls", "setfsgid", "setfsgid32", "setfsuid", "setfsuid32", "setgid",
    "setgid32", "setgroups", "setgroups32", "setitimer", "setpgid", "setpriority", "setregid",
    "setregid32", "setresgid", "setresgid32", "setresuid", "setresuid32", "setreuid", "setreuid32",
    "setrlimit", "setsid", "setsockopt", "setuid", "setuid32", "setxattr", "shmat", "shmctl",
    "shmdt", "shmget", "shutdown", "sigaltstack", "signalfd", "signalfd4", "sigprocmask",
    "sigreturn", "socket", "socketcall", "socketpair", "splice", "stat", "stat64", "statfs",
    "statfs64", "statx", "symlink", "symlinkat", "sync", "sync_file_range", "sync_file_range2",
    "syncfs", "sysinfo", "tee", "tgkill", "time", "timer_create", "timer_delete",
    "timer_getoverrun", "timer_gettime", "timer_gettime64", "timer_settime", "timer_settime64",
    "timerfd_create", "timerfd_gettime", "timerfd_gettime64", "timerfd_settime",
    "timerfd_settime64", "times", "tkill", "truncate", "truncate64", "ugetrlimit", "umask", "uname",
    "unlink", "unlinkat", "utime", "utimensat", "utimensat_time64", "utimes", "vfork", "vmsplice",
    "wait4", "waitid", "waitpid", "write", "writev"};
// clang-format on

// Syscalls a capability re-allows, as in Docker's default profile. clone and clone3 without
// restriction come with CAP_SYS_ADMIN and are handled apart (see seccomp_profile).
struct CapabilityGate {
  std::string_view capability;
  std::vector<std::string_view> syscalls;
};

// clang-format off
const std::vector<CapabilityGate>& capability_gates() {
  static const std::vector<CapabilityGate> gates = {
      {"SYS_ADMIN", {"bpf", "fanotify_init", "fsconfig", "fsmount", "fsopen", "fspick",
                     "lookup_dcookie", "mount", "mount_setattr", "move_mount", "name_to_handle_at",
                     "open_tree", "perf_event_open", "pivot_root", "quotactl", "quotactl_fd",
                     "setdomainname", "sethostname", "setns", "syslog", "umount", "umount2",
                     "unshare"}},
      {"BPF", {"bpf"}},
      {"PERFMON", {"perf_event_open"}},
      {"SYSLOG", {"syslog"}},
      {"SYS_BOOT", {"reboot"}},
      {"SYS_CHROOT", {"chroot"}},
      {"SYS_MODULE", {"delete_module", "finit_module", "init_module"}},
      {"SYS_PACCT", {"acct"}},
      {"SYS_PTRACE", {"kcmp", "pidfd_getfd", "process_madvise", "process_vm_readv",
                      "process_vm_writev", "ptrace"}},
      {"SYS_RAWIO", {"ioperm", "iopl"}},
      {"SYS_TIME", {"clock_adjtime", "clock_adjtime64", "clock_settime", "clock_settime64",
                    "settimeofday", "stime"}},
      {"SYS_TTY_CONFIG", {"vhangup"}},
      {"SYS_NICE", {"get_mempolicy", "mbind", "move_pages", "set_mempolicy",
                    "set_mempolicy_home_node"}},
      {"DAC_READ_SEARCH", {"open_by_handle_at"}},
  };
  return gates;
}
// clang-format on

// Denied at strict whatever the container keeps: the kernel interfaces behind most container
// escapes and kernel exploits (keys, eBPF, perf, ptrace, mounts, namespaces, module loading,
// file handles that bypass the mount namespace).
// clang-format off
const Names& strict_denied() {
  static const Names denied = {
      "add_key", "bpf", "delete_module", "finit_module", "fsconfig", "fsmount", "fsopen", "fspick",
      "init_module", "kexec_file_load", "kexec_load", "keyctl", "mount", "mount_setattr",
      "move_mount", "name_to_handle_at", "open_by_handle_at", "open_tree", "perf_event_open",
      "personality", "pidfd_getfd", "pivot_root", "process_madvise", "process_vm_readv",
      "process_vm_writev", "ptrace", "request_key", "setns", "umount", "umount2", "unshare",
      "userfaultfd"};
  return denied;
}
// clang-format on

// CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |
// CLONE_NEWNET: clone may not create namespaces without CAP_SYS_ADMIN (Docker's mask).
constexpr uint64_t kCloneNamespaceFlags = 0x7E020000;
constexpr int kEnosys = 38;
// Harmless execution domains: PER_LINUX, PER_LINUX_32BIT, UNAME26, UNAME26|PER_LINUX32 and the
// 0xffffffff query.
constexpr std::array<uint64_t, 5> kSafePersonas = {0x0, 0x8, 0x20000, 0x20008, 0xffffffff};

bool known_syscall(std::string_view name) {
  return seccomp_syscall_resolve_name(std::string(name).c_str()) != __NR_SCMP_ERROR;
}

nlohmann::json rule(const Names& names, std::string_view action, std::string comment) {
  return {{"names", nlohmann::json(names)}, {"action", action}, {"comment", std::move(comment)}};
}

nlohmann::json arg(unsigned index, uint64_t value, uint64_t value_two, std::string_view op) {
  return {{"index", index}, {"value", value}, {"valueTwo", value_two}, {"op", op}};
}

std::string joined(const Names& names) { return fmt::format("{}", fmt::join(names, ", ")); }

}  // namespace

SeccompProfile seccomp_profile(const RunSpec& hardened, Level level) {
  const bool strict = level == Level::kStrict;
  const auto caps = effective_capabilities(hardened);
  SeccompProfile out;
  out.notes.push_back(fmt::format(
      "seccomp profile for {} (level {}): Docker's default policy resolved for its capabilities{}; "
      "addresses HDK-C-016 seccomp-unconfined",
      hardened.name.empty() ? std::string("the container") : hardened.name, to_string(level),
      strict ? ", strict deny list applied" : ""));
  if (hardened.privileged) {
    out.notes.push_back("the container is privileged: Docker applies no seccomp profile to it");
  }

  Names allowed;
  Names dropped;
  for (std::string_view name : kAllowed) {
    (known_syscall(name) ? allowed : dropped).insert(std::string(name));
  }

  nlohmann::json gated_rules = nlohmann::json::array();
  for (const auto& gate : capability_gates()) {
    if (caps.count(std::string(gate.capability)) == 0) continue;
    Names granted;
    Names overridden;
    for (std::string_view name : gate.syscalls) {
      if (!known_syscall(name)) {
        dropped.insert(std::string(name));
      } else if (strict && strict_denied().count(std::string(name)) != 0) {
        overridden.insert(std::string(name));
      } else if (allowed.count(std::string(name)) == 0) {
        granted.insert(std::string(name));
      }
    }
    if (!granted.empty()) {
      gated_rules.push_back(rule(granted, "SCMP_ACT_ALLOW",
                                 fmt::format("the container keeps CAP_{}", gate.capability)));
      out.notes.push_back(fmt::format("CAP_{} kept: allows {}", gate.capability, joined(granted)));
    }
    if (!overridden.empty()) {
      out.notes.push_back(fmt::format(
          "strict: {} stay denied although the container keeps CAP_{} (Docker would allow them); "
          "a workload that needs them needs a per-workload exception",
          joined(overridden), gate.capability));
    }
  }

  nlohmann::json syscalls = nlohmann::json::array();
  syscalls.push_back(rule(allowed, "SCMP_ACT_ALLOW", "what ordinary programs use"));
  for (auto& gated : gated_rules) syscalls.push_back(std::move(gated));

  // Namespaces: clone with CLONE_NEW* flags is unshare by another name.
  const bool may_create_namespaces = caps.count("SYS_ADMIN") != 0 && !strict;
  if (may_create_namespaces) {
    syscalls.push_back(rule({"clone", "clone3"}, "SCMP_ACT_ALLOW",
                            "the container keeps CAP_SYS_ADMIN: namespaces allowed"));
  } else {
    auto clone = rule({"clone"}, "SCMP_ACT_ALLOW", "clone only without namespace flags");
    clone["args"] = nlohmann::json::array({arg(0, kCloneNamespaceFlags, 0, "SCMP_CMP_MASKED_EQ")});
    syscalls.push_back(std::move(clone));
    // clone3 passes its flags in memory seccomp cannot read: ENOSYS makes libc use clone.
    auto clone3 = rule({"clone3"}, "SCMP_ACT_ERRNO", "ENOSYS: libc falls back to clone");
    clone3["errnoRet"] = kEnosys;
    syscalls.push_back(std::move(clone3));
    if (strict && caps.count("SYS_ADMIN") != 0) {
      out.notes.push_back(
          "strict: clone may not create namespaces although the container keeps CAP_SYS_ADMIN");
    }
  }

  if (strict) {
    out.notes.push_back(
        "strict: personality is denied (setarch and some emulators need an exception)");
  } else {
    for (uint64_t persona : kSafePersonas) {
      auto personality =
          rule({"personality"}, "SCMP_ACT_ALLOW", fmt::format("persona {:#x}", persona));
      personality["args"] = nlohmann::json::array({arg(0, persona, 0, "SCMP_CMP_EQ")});
      syscalls.push_back(std::move(personality));
    }
  }

  if (!dropped.empty()) {
    const auto* version = seccomp_version();
    out.notes.push_back(fmt::format(
        "left out {} (unknown to libseccomp {}.{}.{} here); runc answers syscalls numbered above "
        "every one the profile names with ENOSYS, so libc falls back",
        joined(dropped), version->major, version->minor, version->micro));
  }

  out.profile = {
      {"defaultAction", "SCMP_ACT_ERRNO"},
      {"defaultErrnoRet", 1},
      {"archMap", nlohmann::json::array({{{"architecture", "SCMP_ARCH_X86_64"},
                                          {"subArchitectures", {"SCMP_ARCH_X86", "SCMP_ARCH_X32"}}},
                                         {{"architecture", "SCMP_ARCH_AARCH64"},
                                          {"subArchitectures", {"SCMP_ARCH_ARM"}}}})},
      {"syscalls", std::move(syscalls)},
  };
  return out;
}

namespace {

struct FilterDeleter {
  void operator()(void* ctx) const { seccomp_release(ctx); }
};
using Filter = std::unique_ptr<void, FilterDeleter>;

tl::unexpected<core::Error> malformed(const std::string& where, const std::string& what) {
  return core::fail(core::ErrorCode::kMalformedInput,
                    fmt::format("seccomp profile: {}: {}", where, what));
}

// "SCMP_ARCH_X86_64" -> libseccomp's token for "x86_64"; 0 when unknown.
uint32_t arch_token(const std::string& docker_name) {
  constexpr std::string_view kPrefix = "SCMP_ARCH_";
  if (docker_name.rfind(kPrefix, 0) != 0) return 0;
  std::string name = docker_name.substr(kPrefix.size());
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return seccomp_arch_resolve_name(name.c_str());
}

std::optional<uint32_t> parse_action(const std::string& action, uint32_t errno_ret) {
  static const std::map<std::string, uint32_t, std::less<>> fixed = {
      {"SCMP_ACT_ALLOW", SCMP_ACT_ALLOW},
      {"SCMP_ACT_KILL", SCMP_ACT_KILL_THREAD},
      {"SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD},
      {"SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS},
      {"SCMP_ACT_TRAP", SCMP_ACT_TRAP},
      {"SCMP_ACT_LOG", SCMP_ACT_LOG},
  };
  if (action == "SCMP_ACT_ERRNO") return SCMP_ACT_ERRNO(errno_ret);
  if (action == "SCMP_ACT_TRACE") return SCMP_ACT_TRACE(errno_ret);
  auto found = fixed.find(action);
  if (found == fixed.end()) return std::nullopt;
  return found->second;
}

std::optional<scmp_compare> parse_operator(const std::string& op) {
  static const std::map<std::string, scmp_compare, std::less<>> ops = {
      {"SCMP_CMP_NE", SCMP_CMP_NE},
      {"SCMP_CMP_LT", SCMP_CMP_LT},
      {"SCMP_CMP_LE", SCMP_CMP_LE},
      {"SCMP_CMP_EQ", SCMP_CMP_EQ},
      {"SCMP_CMP_GE", SCMP_CMP_GE},
      {"SCMP_CMP_GT", SCMP_CMP_GT},
      {"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ}};
  auto found = ops.find(op);
  if (found == ops.end()) return std::nullopt;
  return found->second;
}

// An unsigned field of `object`, `fallback` when absent.
std::optional<uint64_t> unsigned_field(const nlohmann::json& object, const char* key,
                                       uint64_t fallback) {
  if (!object.contains(key)) return fallback;
  const auto& value = object.at(key);
  if (value.is_number_unsigned()) return value.get<uint64_t>();
  if (value.is_number_integer() && value.get<int64_t>() >= 0) {
    return static_cast<uint64_t>(value.get<int64_t>());
  }
  return std::nullopt;
}

core::Result<void> add_architectures(void* ctx, const nlohmann::json& profile) {
  const uint32_t native = seccomp_arch_native();
  std::vector<std::string> extra;
  if (profile.contains("archMap")) {
    const auto& arch_map = profile.at("archMap");
    if (!arch_map.is_array()) return malformed("archMap", "not an array");
    for (const auto& entry : arch_map) {
      if (!entry.is_object() || !entry.value("architecture", nlohmann::json()).is_string()) {
        return malformed("archMap", "entry without an architecture name");
      }
      const auto name = entry.at("architecture").get<std::string>();
      if (arch_token(name) == 0) return malformed("archMap", "unknown architecture " + name);
      if (arch_token(name) != native) continue;
      for (const auto& sub : entry.value("subArchitectures", nlohmann::json::array())) {
        if (!sub.is_string()) return malformed("archMap", "subArchitectures holds a non-string");
        extra.push_back(sub.get<std::string>());
      }
    }
  } else if (profile.contains("architectures")) {
    for (const auto& name : profile.at("architectures")) {
      if (!name.is_string()) return malformed("architectures", "holds a non-string");
      extra.push_back(name.get<std::string>());
    }
  }
  for (const auto& name : extra) {
    const uint32_t token = arch_token(name);
    if (token == 0) return malformed("archMap", "unknown architecture " + name);
    const int rc = seccomp_arch_add(ctx, token);
    if (rc < 0 && rc != -EEXIST) {
      return malformed("archMap", fmt::format("cannot add {}: {}", name, std::strerror(-rc)));
    }
  }
  return {};
}

// The argument comparisons of one rule, grouped as libseccomp takes them: comparisons on
// distinct arguments are ANDed in one rule; several on the same argument become one rule each
// (OR), which is how runc reads Docker's format.
core::Result<std::vector<std::vector<scmp_arg_cmp>>> comparison_sets(const nlohmann::json& args,
                                                                     const std::string& where) {
  std::vector<scmp_arg_cmp> all;
  if (!args.is_null()) {
    if (!args.is_array()) return malformed(where, "args is not an array");
    for (const auto& item : args) {
      if (!item.is_object()) return malformed(where, "args holds a non-object");
      const auto index = unsigned_field(item, "index", 99);
      const auto value = unsigned_field(item, "value", 0);
      const auto value_two = unsigned_field(item, "valueTwo", 0);
      if (!index || *index > 5) return malformed(where, "args index not in 0..5");
      if (!value || !value_two) return malformed(where, "args value not unsigned");
      const auto& op_json = item.value("op", nlohmann::json());
      const std::string op_name = op_json.is_string() ? op_json.get<std::string>() : "";
      const auto op = parse_operator(op_name);
      if (!op) return malformed(where, "unknown operator '" + op_name + "'");
      all.push_back(scmp_arg_cmp{static_cast<unsigned>(*index), *op, *value, *value_two});
    }
  }
  std::set<unsigned> indexes;
  for (const auto& cmp : all) indexes.insert(cmp.arg);
  if (indexes.size() == all.size()) return std::vector<std::vector<scmp_arg_cmp>>{all};
  std::vector<std::vector<scmp_arg_cmp>> sets;
  for (const auto& cmp : all) sets.push_back({cmp});
  return sets;
}

// Docker resolves includes/excludes at container start; hardock's profiles are already resolved,
// and a condition it cannot evaluate here would make the check meaningless.
core::Result<bool> applies_here(const nlohmann::json& rule_json, const std::string& where) {
  bool applies = true;
  for (const char* key : {"includes", "excludes"}) {
    if (!rule_json.contains(key)) continue;
    const auto& condition = rule_json.at(key);
    if (!condition.is_object()) return malformed(where, std::string(key) + " is not an object");
    for (const auto& [field, value] : condition.items()) {
      if (field != "arches") {
        if (value.empty()) continue;
        return malformed(where, fmt::format("{}.{} is not resolved (hardock writes per-container "
                                            "profiles without such conditions)",
                                            key, field));
      }
      bool native_listed = false;
      for (const auto& arch : value) {
        if (arch.is_string() && arch_token(arch.get<std::string>()) == seccomp_arch_native()) {
          native_listed = true;
        }
      }
      if (!value.empty() && native_listed != (std::string_view(key) == "includes")) applies = false;
    }
  }
  return applies;
}

core::Result<std::vector<uint8_t>> export_bpf(void* ctx) {
  const int fd = memfd_create("hardock-seccomp", MFD_CLOEXEC);
  if (fd < 0)
    return core::fail(core::ErrorCode::kIo, fmt::format("memfd_create: {}", std::strerror(errno)));
  std::vector<uint8_t> bpf;
  int rc = seccomp_export_bpf(ctx, fd);
  if (rc == 0) {
    const off_t size = lseek(fd, 0, SEEK_END);
    bpf.resize(size > 0 ? static_cast<size_t>(size) : 0);
    if (size < 0 || pread(fd, bpf.data(), bpf.size(), 0) != static_cast<ssize_t>(bpf.size())) {
      rc = -EIO;
    }
  }
  close(fd);
  if (rc < 0) {
    return core::fail(core::ErrorCode::kInternal,
                      fmt::format("seccomp_export_bpf: {}", std::strerror(-rc)));
  }
  return bpf;
}

core::Result<CompiledSeccomp> compile_checked(const nlohmann::json& profile) {
  if (!profile.is_object()) return malformed("profile", "not a JSON object");
  const auto default_errno = unsigned_field(profile, "defaultErrnoRet", EPERM);
  if (!default_errno) return malformed("defaultErrnoRet", "not an unsigned number");
  const auto& default_json = profile.value("defaultAction", nlohmann::json());
  if (!default_json.is_string()) return malformed("defaultAction", "missing or not a string");
  const auto default_action =
      parse_action(default_json.get<std::string>(), static_cast<uint32_t>(*default_errno));
  if (!default_action) {
    return malformed("defaultAction", "unknown action '" + default_json.get<std::string>() + "'");
  }

  Filter ctx(seccomp_init(*default_action));
  if (!ctx) return core::fail(core::ErrorCode::kInternal, "seccomp_init failed");
  if (auto added = add_architectures(ctx.get(), profile); !added)
    return tl::unexpected(added.error());

  CompiledSeccomp out;
  const auto& rules = profile.value("syscalls", nlohmann::json::array());
  if (!rules.is_array()) return malformed("syscalls", "not an array");
  for (size_t rule_idx = 0; rule_idx < rules.size(); ++rule_idx) {
    const auto& rule_json = rules[rule_idx];
    std::string where = fmt::format("syscalls[{}]", rule_idx);
    if (!rule_json.is_object()) return malformed(where, "not an object");

    std::vector<std::string> names;
    const auto& names_json =
        rule_json.contains("names") ? rule_json.at("names") : nlohmann::json::array();
    if (!names_json.is_array()) return malformed(where, "names is not an array");
    for (const auto& name : names_json) {
      if (!name.is_string()) return malformed(where, "names holds a non-string");
      names.push_back(name.get<std::string>());
    }
    if (rule_json.contains("name")) {  // the pre-1.13 single-name form
      if (!rule_json.at("name").is_string()) return malformed(where, "name is not a string");
      names.push_back(rule_json.at("name").get<std::string>());
    }
    if (names.empty()) return malformed(where, "no syscall names");
    where += fmt::format(" ({}{})", names.front(), names.size() > 1 ? ", ..." : "");

    const auto errno_ret = unsigned_field(rule_json, "errnoRet", *default_errno);
    if (!errno_ret) return malformed(where, "errnoRet is not an unsigned number");
    const auto action_name = rule_json.value("action", nlohmann::json()).is_string()
                                 ? rule_json.at("action").get<std::string>()
                                 : std::string();
    const auto action = parse_action(action_name, static_cast<uint32_t>(*errno_ret));
    if (!action) return malformed(where, "unknown action '" + action_name + "'");

    auto applies = applies_here(rule_json, where);
    if (!applies) return tl::unexpected(applies.error());
    auto sets = comparison_sets(rule_json.value("args", nlohmann::json()), where);
    if (!sets) return tl::unexpected(sets.error());
    // runc drops rules whose action is the default one; libseccomp would refuse them.
    if (!*applies || *action == *default_action) continue;

    for (const auto& name : names) {
      const int syscall_nr = seccomp_syscall_resolve_name(name.c_str());
      if (syscall_nr == __NR_SCMP_ERROR) {
        out.unknown_names.push_back(name);
        continue;
      }
      for (const auto& comparisons : *sets) {
        const int rc = seccomp_rule_add_array(ctx.get(), *action, syscall_nr,
                                              static_cast<unsigned>(comparisons.size()),
                                              comparisons.empty() ? nullptr : comparisons.data());
        if (rc < 0) {
          return malformed(where,
                           fmt::format("libseccomp rejects {}: {}", name, std::strerror(-rc)));
        }
        ++out.rules_added;
      }
    }
  }

  auto bpf = export_bpf(ctx.get());
  if (!bpf) return tl::unexpected(bpf.error());
  out.bpf = std::move(*bpf);
  return out;
}

}  // namespace

core::Result<CompiledSeccomp> compile_seccomp_profile(const nlohmann::json& profile) {
  try {
    return compile_checked(profile);
  } catch (const nlohmann::json::exception& error) {  // a shape the checks above missed
    return malformed("profile", error.what());
  }
}

}  // namespace hardock::harden
