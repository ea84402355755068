// Reading a running container's processes straight from /proc and the cgroup
// filesystem, for engines on this host. One container costs a handful of small
// file reads instead of an Engine API /top call (~28 ms each, which runs ps).
//
// The container's cgroup comes from /proc/<pid>/cgroup; the check that the path
// names the container id guards against a different PID namespace, where the
// same number is another process. Processes are the pids in that cgroup and its
// children (cgroup v2 unified, or a v1 controller: pids, memory, systemd).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/docker/snapshot.h"

namespace hardock::docker {

struct ProcRoots {
  std::string proc = "/proc";
  std::string cgroup = "/sys/fs/cgroup";
};

// The processes of the container whose main process is `pid`, sorted by pid.
// command is the NUL-separated cmdline joined with spaces ("[comm]" when empty,
// as ps shows kernel threads and zombies); user is the effective uid as text,
// "root" for 0. Processes that exit while being read are left out.
// Fails with kNotFound when /proc does not show that pid in that container's
// cgroup (the caller then asks the engine), kIo when the cgroup is unreadable.
[[nodiscard]] core::Result<std::vector<Process>> read_container_processes(
    const ProcRoots& roots, int64_t pid, std::string_view container_id);

// "0" -> "root", anything else unchanged. Shared with the /top path so both
// sources spell users the same way.
[[nodiscard]] std::string user_from_uid(std::string_view uid);

}  // namespace hardock::docker
