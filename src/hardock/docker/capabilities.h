// Linux capabilities as the Docker engine grants them: the one capability model, used by the
// audit (CIS 5.4), the hardening plan (cap-drop/cap-add, seccomp and AppArmor profiles) and
// any later consumer. Names are normalised the way the engine does ("cap_net_raw" ->
// "NET_RAW").
#pragma once

#include <array>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace hardock::docker {

// Docker's default bounding set for non-privileged containers (moby oci/caps/defaults.go),
// without the CAP_ prefix.
inline constexpr std::array<std::string_view, 14> kDefaultCapabilities = {
    "AUDIT_WRITE",      "CHOWN",   "DAC_OVERRIDE", "FOWNER", "FSETID",  "KILL",   "MKNOD",
    "NET_BIND_SERVICE", "NET_RAW", "SETFCAP",      "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"};

// Every capability Linux defines up to 5.9 (CAP_CHECKPOINT_RESTORE): what "--cap-add ALL" and
// --privileged grant.
inline constexpr std::array<std::string_view, 41> kAllCapabilities = {
    "AUDIT_CONTROL",   "AUDIT_READ",   "AUDIT_WRITE",
    "BLOCK_SUSPEND",   "BPF",          "CHECKPOINT_RESTORE",
    "CHOWN",           "DAC_OVERRIDE", "DAC_READ_SEARCH",
    "FOWNER",          "FSETID",       "IPC_LOCK",
    "IPC_OWNER",       "KILL",         "LEASE",
    "LINUX_IMMUTABLE", "MAC_ADMIN",    "MAC_OVERRIDE",
    "MKNOD",           "NET_ADMIN",    "NET_BIND_SERVICE",
    "NET_BROADCAST",   "NET_RAW",      "PERFMON",
    "SETFCAP",         "SETGID",       "SETPCAP",
    "SETUID",          "SYSLOG",       "SYS_ADMIN",
    "SYS_BOOT",        "SYS_CHROOT",   "SYS_MODULE",
    "SYS_NICE",        "SYS_PACCT",    "SYS_PTRACE",
    "SYS_RAWIO",       "SYS_RESOURCE", "SYS_TIME",
    "SYS_TTY_CONFIG",  "WAKE_ALARM"};

// "cap_net_raw", "CAP_NET_RAW" and " net_raw " all become "NET_RAW"; "all" becomes "ALL".
std::string normalize_capability(std::string_view name);

// For normalised names.
bool is_default_capability(std::string_view name);
bool is_known_capability(std::string_view name);  // in kAllCapabilities

// The capability set a container ends up with, following moby's TweakCapabilities:
// privileged = every capability; CapAdd ALL = every capability minus CapDrop; CapDrop ALL =
// exactly CapAdd; otherwise (default set - CapDrop) + CapAdd (an explicit add wins over a
// drop). A name Linux does not define (newer than this table, or a hostile snapshot's) counts
// as granted when added: the audit must not assume it away.
std::set<std::string> effective_capabilities(const std::vector<std::string>& cap_add,
                                             const std::vector<std::string>& cap_drop,
                                             bool privileged = false);

// Capabilities in `effective` that Docker's default set does not grant, sorted.
std::vector<std::string> capabilities_beyond_default(const std::set<std::string>& effective);

// True when `effective` still holds every default capability (nothing dropped).
bool keeps_all_default_capabilities(const std::set<std::string>& effective);

}  // namespace hardock::docker
