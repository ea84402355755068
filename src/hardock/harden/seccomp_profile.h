// Seccomp profile generator: one Docker-format profile per container (`--security-opt
// seccomp=FILE`), Docker's default policy resolved for that container's capabilities and
// tightened at the strict level. Addresses HDK-C-016 seccomp-unconfined with a profile that is
// narrower than the engine's default.
//
//   auto profile = seccomp_profile(hardened.spec, Level::kStrict);
//   write(profile.profile.dump(2));                // the file for --security-opt seccomp=
//   auto compiled = compile_seccomp_profile(profile.profile);   // proves libseccomp accepts it
//
// Policy (reproduced from the documented behaviour of Docker's default profile, not copied):
// default action ERRNO(EPERM); an explicit allow list of what ordinary programs use; the
// syscalls Docker gates on a capability (mount and unshare on CAP_SYS_ADMIN, ptrace on
// CAP_SYS_PTRACE, settimeofday on CAP_SYS_TIME ...) allowed only when the container keeps that
// capability; clone only without namespace flags unless CAP_SYS_ADMIN, clone3 answered ENOSYS
// (libc then falls back to clone, which the flag rule can inspect); personality only for the
// harmless personas. io_uring is left out, as in Docker 25 and later.
// At the strict level the dangerous gated syscalls (keyctl, bpf, perf_event_open, ptrace, mount,
// unshare, setns, pivot_root, module loading, personality ...) stay denied even when the
// container keeps the capability; each such override is a note.
//
// The profile carries no includes/excludes conditions: capabilities are resolved here, per
// container (effective_capabilities in run_spec.h: the one capability model), and
// architecture-specific names resolve per architecture in libseccomp.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hardock/core/result.h"
#include "hardock/harden/level.h"
#include "hardock/harden/run_spec.h"

namespace hardock::harden {

struct SeccompProfile {
  nlohmann::json profile;  // Docker's seccomp JSON format
  // First the header (which container, level, finding addressed), then every decision a
  // reviewer should see: capabilities that re-allowed syscalls, strict overrides, dropped names.
  std::vector<std::string> notes;
};

[[nodiscard]] SeccompProfile seccomp_profile(const RunSpec& hardened, Level level);

// What libseccomp made of a profile for the architecture this process runs on.
struct CompiledSeccomp {
  std::vector<uint8_t> bpf;  // the classic BPF program (struct sock_filter[]), native byte order
  size_t rules_added = 0;    // (syscall, rule) pairs loaded into the filter
  // Names this libseccomp does not know; skipped as runc skips them.
  std::vector<std::string> unknown_names;
};

// Loads every rule of a Docker-format profile into a libseccomp filter for the native
// architecture (plus the sub-architectures its archMap entry lists), with the argument
// comparisons, and exports the BPF program. A profile libseccomp or Docker would reject (unknown
// action or operator, bad field type, conditions on capabilities or kernel versions, a rule
// libseccomp refuses) is kMalformedInput naming the rule ("syscalls[3] (mount)").
[[nodiscard]] core::Result<CompiledSeccomp> compile_seccomp_profile(const nlohmann::json& profile);

}  // namespace hardock::harden
