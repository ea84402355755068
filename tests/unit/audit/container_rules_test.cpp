// The pure rules behind the container checks: host paths, Config.User and process names
// (capability sets: tests/unit/docker/capabilities_test.cpp).
#include <gtest/gtest.h>

#include "hardock/audit/checks/container/util.h"

namespace hardock::audit::checks::container_rules {
namespace {

using Strings = std::vector<std::string>;
using Set = std::set<std::string>;

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
