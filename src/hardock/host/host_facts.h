// HostFacts: what the host filesystem says about Docker's files, the data-root
// mount, audit rules, the docker group, the kernel and the LSMs (CIS 1.x, 3.x).
//
// Every record is read from <root>/... so a mounted copy of a host can be
// audited. A record that could not be read carries a non-empty `error` (checks
// report it as "could not look"); a section that was never read is nullopt
// (checks then return nothing). An absent file is recorded with exists=false:
// CIS calls such items "not applicable", and checks report nothing for them.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "hardock/core/result.h"
#include "hardock/host/read_context.h"

namespace hardock::host {

// Roles of the files CIS section 3 names (FileFact::role).
inline constexpr const char* kRoleDockerService = "docker.service";
inline constexpr const char* kRoleDockerSocketUnit = "docker.socket";
inline constexpr const char* kRoleEtcDocker = "etc-docker";
inline constexpr const char* kRoleRegistryCert = "registry-cert";
inline constexpr const char* kRoleTlsCa = "tls-ca";
inline constexpr const char* kRoleTlsCert = "tls-cert";
inline constexpr const char* kRoleTlsKey = "tls-key";
inline constexpr const char* kRoleDockerSock = "docker.sock";
inline constexpr const char* kRoleDaemonJson = "daemon.json";
inline constexpr const char* kRoleDefaultDocker = "default-docker";
inline constexpr const char* kRoleSysconfigDocker = "sysconfig-docker";
inline constexpr const char* kRoleContainerdSock = "containerd.sock";

struct FileFact {
  std::string role;  // one of kRole*
  std::string path;  // host path as named ("/etc/docker"), without the root prefix
  bool exists = false;
  bool is_dir = false;
  unsigned mode = 0;  // permission bits only (07777)
  long uid = -1;
  long gid = -1;
  std::string owner;  // names from <root>/etc/passwd and group; empty when unknown
  std::string group;
  std::string error;  // non-empty: could not look (lstat failed other than ENOENT)
};

struct MountEntry {
  std::string mount_point;
  std::string fstype;
  std::string source;
};

struct Mounts {
  std::string source;  // the mountinfo file read
  std::vector<MountEntry> entries;
  std::string error;
};

struct AuditRule {
  std::string path;    // the watched path ("/var/run" normalised to "/run")
  std::string kind;    // "watch" (-w), "path" (-F path=), "dir" (-F dir=)
  std::string origin;  // "/etc/audit/rules.d/docker.rules:3"
};

// A path CIS 1.1.3-1.1.18 wants audited, and whether it exists on the host.
struct AuditTarget {
  std::string cis;
  std::string path;
  bool exists = false;
  std::string error;  // non-empty: whether it exists could not be looked at
};

struct AuditRules {
  std::vector<std::string> sources;  // rule files read
  std::vector<AuditRule> rules;
  std::vector<AuditTarget> targets;
  std::string error;  // a rule file or directory that could not be read
};

struct DockerGroup {
  bool exists = false;
  long gid = -1;
  std::vector<std::string> members;  // listed in the group, plus users whose primary group it is
  std::vector<std::string> trusted;  // ReadContext::trusted_docker_users at read time
  std::string error;
};

struct Kernel {
  std::string release;  // "5.10.0-21-amd64"
  std::string source;   // "uname" or the file read
  std::string error;
};

struct AppArmorProfile {
  std::string name;
  std::string mode;  // "enforce", "complain", ...
};

struct AppArmorState {
  bool enabled = false;  // <root>/sys/module/apparmor/parameters/enabled == "Y"
  bool profiles_read = false;
  std::vector<AppArmorProfile> profiles;
  std::string error;  // the profiles list could not be read
};

struct SelinuxState {
  bool present = false;           // <root>/sys/fs/selinux exists
  std::optional<bool> enforcing;  // runtime, from sys/fs/selinux/enforce
  std::string configured;         // SELINUX= in etc/selinux/config, empty if none
  std::string error;
};

struct SeccompState {
  std::optional<bool> supported;  // nullopt: neither source could be read
  std::string source;             // what decided it
  std::string error;
};

struct HostFacts {
  std::vector<FileFact> files;
  // The effective data root (--data-root on dockerd's command line, else daemon.json's
  // "data-root" or its old name "graph", else dockerd's default) and where it came from.
  std::string data_root = "/var/lib/docker";
  std::string data_root_source = "dockerd's default";
  std::optional<Mounts> mounts;
  std::optional<AuditRules> audit;
  std::optional<DockerGroup> docker_group;
  std::optional<Kernel> kernel;
  std::optional<AppArmorState> apparmor;
  std::optional<SelinuxState> selinux;
  std::optional<SeccompState> seccomp;
};

struct DaemonConfig;

// Reads the host; fails only when the root itself is unusable (not a directory). `daemon` is
// the effective daemon configuration already read from the same root (data root, TLS files).
[[nodiscard]] core::Result<HostFacts> read_host_facts(const ReadContext& context,
                                                      const DaemonConfig& daemon);
// Missing members decode to "not read"; wrong types fail with kMalformedInput.
[[nodiscard]] core::Result<HostFacts> decode_host_facts(const nlohmann::json& document);
[[nodiscard]] nlohmann::json encode_host_facts(const HostFacts& value);

// "0644"; and the inverse (nullopt when `text` is not octal).
std::string format_mode(unsigned mode);
std::optional<unsigned> parse_mode(const std::string& text);

}  // namespace hardock::host
