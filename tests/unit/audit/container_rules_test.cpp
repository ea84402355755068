// The pure rules behind the container checks: capability sets, host paths,
// Config.User and process names.
#include <gtest/gtest.h>

#include "hardock/audit/checks/container/util.h"

namespace hardock::audit::checks::container_rules {
namespace {

using Strings = std::vector<std::string>;
using Set = std::set<std::string>;

TEST(Capabilities, NormalisesPrefixCaseAndSpace) {
  EXPECT_EQ(normalize_capability("cap_net_raw"), "NET_RAW");
  EXPECT_EQ(normalize_capability("CAP_NET_ADMIN"), "NET_ADMIN");
  EXPECT_EQ(normalize_capability(" Net_Admin "), "NET_ADMIN");
  EXPECT_EQ(normalize_capability("all"), "ALL");
}

TEST(Capabilities, NoChangesGiveTheDefaultSet) {
  const auto effective = effective_capabilities({}, {});
  EXPECT_EQ(effective.size(), kDefaultCapabilities.size());
  EXPECT_TRUE(capabilities_beyond_default(effective).empty());
  EXPECT_TRUE(keeps_all_default_capabilities(effective));
}

TEST(Capabilities, DropAllThenAddOnlyKeepsTheAdded) {
  const auto effective = effective_capabilities({"NET_BIND_SERVICE"}, {"ALL"});
  EXPECT_EQ(effective, (Set{"NET_BIND_SERVICE"}));
  EXPECT_TRUE(capabilities_beyond_default(effective).empty());
  EXPECT_FALSE(keeps_all_default_capabilities(effective));
}

TEST(Capabilities, DropAllLowercaseIsStillAll) {
  EXPECT_EQ(effective_capabilities({"cap_chown"}, {"all"}), (Set{"CHOWN"}));
}

TEST(Capabilities, AddedSysAdminIsBeyondDefault) {
  const auto extra = capabilities_beyond_default(effective_capabilities({"CAP_SYS_ADMIN"}, {}));
  EXPECT_EQ(extra, (Strings{"SYS_ADMIN"}));
}

TEST(Capabilities, AddingADefaultCapabilityIsNotExtra) {
  const auto effective = effective_capabilities({"cap_net_raw", "Chown"}, {"NET_RAW"});
  // CapAdd wins over CapDrop for the same name, as in the engine.
  EXPECT_TRUE(effective.contains("NET_RAW"));
  EXPECT_TRUE(capabilities_beyond_default(effective).empty());
}

TEST(Capabilities, AddAllGrantsEverythingButTheDropped) {
  const auto effective = effective_capabilities({"ALL"}, {"SYS_MODULE"});
  EXPECT_EQ(effective.size(), kAllCapabilities.size() - 1);
  EXPECT_FALSE(effective.contains("SYS_MODULE"));
  const auto extra = capabilities_beyond_default(effective);
  EXPECT_NE(std::find(extra.begin(), extra.end(), "SYS_ADMIN"), extra.end());
  EXPECT_EQ(extra.size(), kAllCapabilities.size() - kDefaultCapabilities.size() - 1);
}

TEST(Capabilities, DroppingOneDefaultMeansTheSetWasReduced) {
  EXPECT_FALSE(keeps_all_default_capabilities(effective_capabilities({}, {"cap_net_raw"})));
  // Dropping something outside the default set reduces nothing.
  EXPECT_TRUE(keeps_all_default_capabilities(effective_capabilities({}, {"SYS_ADMIN"})));
}

TEST(HostPaths, NormalisesLexically) {
  EXPECT_EQ(normalize_host_path("/etc/"), "/etc");
  EXPECT_EQ(normalize_host_path("//etc///"), "/etc");
  EXPECT_EQ(normalize_host_path("/srv/../etc/./nginx"), "/etc/nginx");
  EXPECT_EQ(normalize_host_path("/../.."), "/");
  EXPECT_EQ(normalize_host_path("/"), "/");
  EXPECT_EQ(normalize_host_path("relative/etc"), std::nullopt);
  EXPECT_EQ(normalize_host_path(""), std::nullopt);
}

TEST(HostPaths, ContainsByWholeComponents) {
  EXPECT_TRUE(path_contains("/etc", "/etc"));
  EXPECT_TRUE(path_contains("/etc", "/etc/ssl"));
  EXPECT_FALSE(path_contains("/etc", "/etcetera"));
  EXPECT_FALSE(path_contains("/etc/ssl", "/etc"));
  EXPECT_TRUE(path_contains("/", "/anything"));
}

TEST(SensitiveMounts, DirectoryItselfOrParentFailsInAnyMode) {
  EXPECT_EQ(classify_sensitive_mount("/etc", false).kind, SensitiveMount::kSensitiveDir);
  EXPECT_EQ(classify_sensitive_mount("/", false).kind, SensitiveMount::kSensitiveDir);
  EXPECT_EQ(classify_sensitive_mount("/proc", true).dir, "/proc");
}

TEST(SensitiveMounts, LookalikeNamesDoNotMatch) {
  EXPECT_EQ(classify_sensitive_mount("/etcetera", true).kind, SensitiveMount::kNone);
  EXPECT_EQ(classify_sensitive_mount("/usrdata", true).kind, SensitiveMount::kNone);
  EXPECT_EQ(classify_sensitive_mount("/home/user/etc", true).kind, SensitiveMount::kNone);
}

TEST(SensitiveMounts, SubdirectoryFailsOnlyWhenWritable) {
  EXPECT_EQ(classify_sensitive_mount("/etc/nginx", true).kind, SensitiveMount::kWritableSubdir);
  EXPECT_EQ(classify_sensitive_mount("/etc/ssl", false).kind, SensitiveMount::kNone);
  EXPECT_EQ(classify_sensitive_mount("/dev/shm", true).dir, "/dev");
  // Everything is under "/", which alone must not make a data directory sensitive.
  EXPECT_EQ(classify_sensitive_mount("/srv/data", true).kind, SensitiveMount::kNone);
}

TEST(DockerSocket, SocketAndItsParentsExposeIt) {
  EXPECT_TRUE(exposes_docker_socket("/var/run/docker.sock"));
  EXPECT_TRUE(exposes_docker_socket("/run/docker.sock"));
  EXPECT_TRUE(exposes_docker_socket("/var/run"));
  EXPECT_TRUE(exposes_docker_socket("/run"));
  EXPECT_TRUE(exposes_docker_socket("/var"));
  EXPECT_TRUE(exposes_docker_socket("/"));
  EXPECT_TRUE(exposes_docker_socket("/run/user/1000/docker.sock"));
}

TEST(DockerSocket, SiblingsAndLookalikesDoNot) {
  EXPECT_FALSE(exposes_docker_socket("/var/run/app"));
  EXPECT_FALSE(exposes_docker_socket("/var/run/docker.sock.bak"));
  EXPECT_FALSE(exposes_docker_socket("/srv/docker.sockets"));
  EXPECT_FALSE(exposes_docker_socket("/runner"));
}

TEST(Users, RootForms) {
  EXPECT_TRUE(is_root_user(""));
  EXPECT_TRUE(is_root_user("root"));
  EXPECT_TRUE(is_root_user("0"));
  EXPECT_TRUE(is_root_user("0:0"));
  EXPECT_TRUE(is_root_user("00"));
  EXPECT_TRUE(is_root_user("root:staff"));
  EXPECT_TRUE(is_root_user(":1000"));  // no user part: the default, root
}

TEST(Users, NonRootForms) {
  EXPECT_FALSE(is_root_user("1000"));
  EXPECT_FALSE(is_root_user("nobody"));
  EXPECT_FALSE(is_root_user("1000:0"));
  EXPECT_FALSE(is_root_user("10"));
  EXPECT_FALSE(is_root_user("rootless"));
}

TEST(Processes, DetectsSshServers) {
  EXPECT_TRUE(is_ssh_server("sshd"));
  EXPECT_TRUE(is_ssh_server("/usr/sbin/sshd -D"));
  EXPECT_TRUE(is_ssh_server("sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"));
  EXPECT_TRUE(is_ssh_server("sshd: root@pts/0"));
  EXPECT_TRUE(is_ssh_server("/usr/lib/openssh/sshd-session"));
  EXPECT_TRUE(is_ssh_server("dropbear -F -E -p 22"));
  EXPECT_TRUE(is_ssh_server("  /usr/sbin/dropbear"));
}

TEST(Processes, IgnoresLookalikes) {
  EXPECT_FALSE(is_ssh_server("/usr/libexec/openssh/sshd-keygen-helper"));
  EXPECT_FALSE(is_ssh_server("sshd-keygen"));
  EXPECT_FALSE(is_ssh_server("grep sshd"));
  EXPECT_FALSE(is_ssh_server("/usr/bin/ssh-agent"));
  EXPECT_FALSE(is_ssh_server("nginx: master process"));
  EXPECT_FALSE(is_ssh_server(""));
}

TEST(SecurityOpt, SplitsBothSeparators) {
  auto modern = split_security_opt("seccomp=unconfined");
  EXPECT_EQ(modern.key, "seccomp");
  EXPECT_EQ(modern.value, "unconfined");
  auto legacy = split_security_opt("label:type:spc_t");
  EXPECT_EQ(legacy.key, "label");
  EXPECT_EQ(legacy.value, "type:spc_t");
  auto bare = split_security_opt("no-new-privileges");
  EXPECT_EQ(bare.key, "no-new-privileges");
  EXPECT_TRUE(bare.value.empty());
}

}  // namespace
}  // namespace hardock::audit::checks::container_rules
