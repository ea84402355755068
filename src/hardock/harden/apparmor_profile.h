// AppArmor and SELinux confinement for one container, derived from its hardened RunSpec.
// Addresses HDK-C-001 apparmor-unconfined (AppArmor hosts) and HDK-C-002 selinux-unconfined
// (SELinux hosts); a host runs one or the other, so a plan uses the one the engine reports in
// /info SecurityOptions.
//
// AppArmor: a profile in the shape of Docker's docker-default, narrowed to the container:
//   - network: unix sockets always; inet/inet6 tcp and udp (and netlink for address lookups)
//     unless network_mode is none; raw sockets only with NET_RAW
//   - capability: only the container's effective set (effective_capabilities)
//   - files: read, map and execute anywhere; write only where the container may write (tmpfs
//     targets, rw volume and bind targets, /dev/shm, its own /proc/PID) when its root filesystem
//     is read-only, else everywhere but the read-only mounts; at strict no execute from writable
//     paths
//   - docker-default's denials: writes to /proc outside a process's own entries, /sys, kcore,
//     sysrq-trigger; mount (and at strict umount, pivot_root)
//   - signals and ptrace only among the profile's own processes (plus signals from the engine)
// Load it with `apparmor_parser -r -W FILE` on the host and run the container with
// `--security-opt apparmor=NAME`.
#pragma once

#include <string>
#include <vector>

#include "hardock/harden/level.h"
#include "hardock/harden/run_spec.h"

namespace hardock::harden {

// "hardock-<container name>" with characters AppArmor profile names do not allow replaced by '-'.
[[nodiscard]] std::string apparmor_profile_name(const RunSpec& spec);

// The profile text. Never fails: characters a profile name may not hold ([A-Za-z0-9._-], first
// alnum) are replaced by '-' (pass a valid name, e.g. apparmor_profile_name, so
// --security-opt apparmor=NAME matches); a mount target that cannot be written as an AppArmor
// path (relative, control characters) gets no allow rule, only a comment, so writes there are
// denied rather than the profile broken.
[[nodiscard]] std::string apparmor_profile(const RunSpec& hardened, const std::string& profile_name,
                                           Level level);

// SELinux options for `--security-opt` (Docker's label=... forms), for hosts where the engine runs
// with --selinux-enabled; elsewhere Docker ignores them, so use them only there.
//   label=type:container_t   the confined container type from container-selinux, replacing
//                            label=disable or an unconfined type (spc_t, unconfined_t)
//   label=level:s0:cX,cY     kept from the spec when set: the MCS pair that separates containers
//                            (Docker picks a unique one otherwise; keep a fixed pair only to share
//                            files between chosen containers)
[[nodiscard]] std::vector<std::string> selinux_options(const RunSpec& hardened, Level level);

// What a reviewer must do for those options to work: bind mounts need :z (shared) or :Z
// (private) relabelling before container_t may use them; at strict, how to get a type narrower
// than container_t (udica).
[[nodiscard]] std::vector<std::string> selinux_notes(const RunSpec& hardened, Level level);

}  // namespace hardock::harden
