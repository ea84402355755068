// read_host_facts on generated host-root trees: every section, good and bad,
// absent (not applicable) and unreadable (could not look).
#include <gtest/gtest.h>

#include <algorithm>

#include "hardock/host/daemon_config.h"
#include "hardock/host/host_facts.h"
#include "host_fixtures.h"

namespace hardock::host {
namespace {

HostFacts read_tree(const std::string& root, std::vector<std::string> trusted = {}) {
  ReadContext context;
  context.root = root;
  context.live = false;
  context.trusted_docker_users = std::move(trusted);
  auto facts = read_host_facts(context, read_daemon_config(context).value_or(DaemonConfig{}));
  EXPECT_TRUE(facts.has_value()) << (facts ? "" : facts.error().to_string());
  return facts ? *facts : HostFacts{};
}

const FileFact* find_file(const HostFacts& facts, const std::string& path) {
  for (const auto& fact : facts.files) {
    if (fact.path == path) return &fact;
  }
  return nullptr;
}

TEST(FactsRead, RootThatIsNotADirectoryFails) {
  ReadContext context;
  context.root = "/nonexistent/hardock-root";
  context.live = false;
  auto facts = read_host_facts(context, read_daemon_config(context).value_or(DaemonConfig{}));
  ASSERT_FALSE(facts.has_value());
  EXPECT_EQ(facts.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(FactsRead, GoodTreeFiles) {
  HARDOCK_HOST_ROOT(root, "good");
  const HostFacts facts = read_tree(root);
  const FileFact* unit = find_file(facts, "/lib/systemd/system/docker.service");
  ASSERT_NE(unit, nullptr);
  EXPECT_TRUE(unit->exists);
  EXPECT_EQ(unit->mode, 0644U);
  EXPECT_EQ(unit->uid, 0);
  EXPECT_EQ(unit->owner, "root");
  // /var/run -> /run is an absolute link: resolved inside the root.
  const FileFact* sock = find_file(facts, "/var/run/docker.sock");
  ASSERT_NE(sock, nullptr);
  EXPECT_TRUE(sock->exists);
  EXPECT_EQ(sock->mode, 0660U);
  EXPECT_EQ(sock->group, "docker");
  const FileFact* dir = find_file(facts, "/etc/docker");
  ASSERT_NE(dir, nullptr);
  EXPECT_TRUE(dir->is_dir);
  // daemon.json's tlskey is read; certs.d entries are found.
  const FileFact* key = find_file(facts, "/etc/docker/tls/server-key.pem");
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->role, kRoleTlsKey);
  EXPECT_EQ(key->mode, 0400U);
  const FileFact* cert = find_file(facts, "/etc/docker/certs.d/registry.example:5000/ca.crt");
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(cert->role, kRoleRegistryCert);
  // Absent files are recorded as such: not applicable.
  const FileFact* sysconfig = find_file(facts, "/etc/sysconfig/docker");
  ASSERT_NE(sysconfig, nullptr);
  EXPECT_FALSE(sysconfig->exists);
  EXPECT_TRUE(sysconfig->error.empty());
}

TEST(FactsRead, BadTreeOwnersAndModes) {
  HARDOCK_HOST_ROOT(root, "bad");
  const HostFacts facts = read_tree(root);
  const FileFact* unit = find_file(facts, "/lib/systemd/system/docker.service");
  ASSERT_NE(unit, nullptr);
  EXPECT_EQ(unit->mode, 0466U);
  EXPECT_EQ(unit->uid, 1000);
  EXPECT_EQ(unit->owner, "alice");  // from the tree's /etc/passwd, not this machine's
}

TEST(FactsRead, SymlinkLoopsAreErrorsNotAbsence) {
  HARDOCK_HOST_ROOT(root, "error");
  const HostFacts facts = read_tree(root);
  const FileFact* unit = find_file(facts, "/lib/systemd/system/docker.service");
  ASSERT_NE(unit, nullptr);
  EXPECT_FALSE(unit->exists);
  EXPECT_NE(unit->error.find("symbolic links"), std::string::npos) << unit->error;
  ASSERT_TRUE(facts.mounts.has_value());
  EXPECT_FALSE(facts.mounts->error.empty());
  ASSERT_TRUE(facts.docker_group.has_value());
  EXPECT_FALSE(facts.docker_group->error.empty());
  ASSERT_TRUE(facts.apparmor.has_value());
  EXPECT_TRUE(facts.apparmor->enabled);
  EXPECT_FALSE(facts.apparmor->error.empty());
}

TEST(FactsRead, EmptyRootHasEverythingAbsent) {
  HARDOCK_HOST_ROOT(root, "empty");
  const HostFacts facts = read_tree(root);
  for (const auto& fact : facts.files) {
    EXPECT_FALSE(fact.exists) << fact.path;
    EXPECT_TRUE(fact.error.empty()) << fact.path << ": " << fact.error;
  }
  ASSERT_TRUE(facts.audit.has_value());
  EXPECT_TRUE(facts.audit->sources.empty());
  EXPECT_TRUE(std::none_of(facts.audit->targets.begin(), facts.audit->targets.end(),
                           [](const AuditTarget& target) { return target.exists; }));
  ASSERT_TRUE(facts.kernel.has_value());
  EXPECT_FALSE(facts.kernel->error.empty());
  ASSERT_TRUE(facts.seccomp.has_value());
  EXPECT_FALSE(facts.seccomp->supported.has_value());
}

TEST(FactsRead, MountsAndDataRoot) {
  HARDOCK_HOST_ROOT(root, "good");
  const HostFacts facts = read_tree(root);
  EXPECT_EQ(facts.data_root, "/var/lib/docker");
  ASSERT_TRUE(facts.mounts.has_value());
  ASSERT_EQ(facts.mounts->entries.size(), 2U);
  EXPECT_EQ(facts.mounts->entries[1].mount_point, "/var/lib/docker");
  EXPECT_EQ(facts.mounts->entries[1].fstype, "xfs");
  EXPECT_EQ(facts.mounts->entries[1].source, "/dev/sdb1");
}

TEST(FactsRead, AuditRulesWatchesAndSyscallPaths) {
  HARDOCK_HOST_ROOT(root, "good");
  const HostFacts facts = read_tree(root);
  ASSERT_TRUE(facts.audit.has_value());
  ASSERT_EQ(facts.audit->sources.size(), 1U);
  const auto& rules = facts.audit->rules;
  auto has = [&](const std::string& path, const std::string& kind) {
    return std::any_of(rules.begin(), rules.end(), [&](const AuditRule& rule) {
      return rule.path == path && rule.kind == kind;
    });
  };
  EXPECT_TRUE(has("/usr/bin/dockerd", "watch"));
  EXPECT_TRUE(has("/run/docker.sock", "watch"));  // /var/run normalised
  EXPECT_TRUE(has("/usr/bin/runc", "path"));
  auto target = std::find_if(facts.audit->targets.begin(), facts.audit->targets.end(),
                             [](const AuditTarget& t) { return t.cis == "1.1.3"; });
  ASSERT_NE(target, facts.audit->targets.end());
  EXPECT_EQ(target->path, "/usr/bin/dockerd");
  EXPECT_TRUE(target->exists);
}

TEST(FactsRead, DockerGroupIncludesPrimaryMembers) {
  HARDOCK_HOST_ROOT(root, "bad");
  const HostFacts facts = read_tree(root, {"alice"});
  ASSERT_TRUE(facts.docker_group.has_value());
  EXPECT_TRUE(facts.docker_group->exists);
  EXPECT_EQ(facts.docker_group->gid, 999);
  EXPECT_EQ(facts.docker_group->members, (std::vector<std::string>{"alice", "mallory", "bob"}));
  EXPECT_EQ(facts.docker_group->trusted, (std::vector<std::string>{"alice"}));
}

TEST(FactsRead, KernelFromProcVersionWhenNotLive) {
  HARDOCK_HOST_ROOT(root, "bad");
  const HostFacts facts = read_tree(root);
  ASSERT_TRUE(facts.kernel.has_value());
  EXPECT_EQ(facts.kernel->release, "3.2.0-4-amd64");
  EXPECT_EQ(facts.kernel->source, "/proc/version");
}

TEST(FactsRead, AppArmorBranches) {
  HARDOCK_HOST_ROOT(enforce, "apparmor-enforce");
  HostFacts facts = read_tree(enforce);
  ASSERT_TRUE(facts.apparmor.has_value());
  EXPECT_TRUE(facts.apparmor->enabled);
  ASSERT_EQ(facts.apparmor->profiles.size(), 2U);
  EXPECT_EQ(facts.apparmor->profiles[0].name, "docker-default");
  EXPECT_EQ(facts.apparmor->profiles[0].mode, "enforce");
  EXPECT_EQ(facts.apparmor->profiles[1].name, "/usr/sbin/cupsd");

  facts = read_tree(test::HostFixtures::root("apparmor-complain"));
  ASSERT_TRUE(facts.apparmor.has_value());
  ASSERT_EQ(facts.apparmor->profiles.size(), 1U);
  EXPECT_EQ(facts.apparmor->profiles[0].mode, "complain");

  facts = read_tree(test::HostFixtures::root("apparmor-off"));
  ASSERT_TRUE(facts.apparmor.has_value());
  EXPECT_FALSE(facts.apparmor->enabled);
  EXPECT_TRUE(facts.apparmor->profiles.empty());

  facts = read_tree(test::HostFixtures::root("selinux-enforcing"));
  ASSERT_TRUE(facts.apparmor.has_value());
  EXPECT_FALSE(facts.apparmor->enabled);  // no module: not an error
  EXPECT_TRUE(facts.apparmor->error.empty());
}

TEST(FactsRead, SelinuxBranches) {
  HARDOCK_HOST_ROOT(enforcing, "selinux-enforcing");
  HostFacts facts = read_tree(enforcing);
  ASSERT_TRUE(facts.selinux.has_value());
  EXPECT_TRUE(facts.selinux->present);
  EXPECT_EQ(facts.selinux->enforcing, std::optional<bool>(true));
  EXPECT_EQ(facts.selinux->configured, "enforcing");

  facts = read_tree(test::HostFixtures::root("selinux-permissive"));
  EXPECT_EQ(facts.selinux->enforcing, std::optional<bool>(false));

  facts = read_tree(test::HostFixtures::root("selinux-disabled"));
  EXPECT_EQ(facts.selinux->configured, "disabled");

  facts = read_tree(test::HostFixtures::root("good"));
  EXPECT_FALSE(facts.selinux->present);
}

TEST(FactsRead, SeccompBranches) {
  HARDOCK_HOST_ROOT(good, "good");
  HostFacts facts = read_tree(good);
  ASSERT_TRUE(facts.seccomp.has_value());
  EXPECT_EQ(facts.seccomp->supported, std::optional<bool>(true));
  EXPECT_EQ(facts.seccomp->source, "/proc/self/status");

  facts = read_tree(test::HostFixtures::root("bad"));
  EXPECT_EQ(facts.seccomp->supported, std::optional<bool>(false));

  facts = read_tree(test::HostFixtures::root("seccomp-bootconfig"));
  EXPECT_EQ(facts.seccomp->supported, std::optional<bool>(true));
  EXPECT_EQ(facts.seccomp->source, "/boot/config-5.10.0-21-amd64");
}

}  // namespace
}  // namespace hardock::host
