// The AppArmor generator: the rules each spec yields, and that apparmor_parser compiles the
// result (-Q: compile without loading, which this kernel could not; -K -T: no cache). The
// parser is required where CI=true (scripts/install-deps.sh installs package apparmor).
#include "hardock/harden/apparmor_profile.h"

#include <gtest/gtest.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace hardock::harden {
namespace {

struct ParseResult {
  int exit_code = -1;
  std::string output;
};

std::string parser_path() {
  for (const char* candidate : {"/usr/sbin/apparmor_parser", "/sbin/apparmor_parser"}) {
    if (access(candidate, X_OK) == 0) return candidate;
  }
  return {};
}

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

// Writes `profile` to a temporary file and compiles it with apparmor_parser.
ParseResult parse(const std::string& profile) {
  std::string path = ::testing::TempDir() + "hardock-apparmor-XXXXXX";
  const int fd = mkstemp(path.data());
  EXPECT_GE(fd, 0);
  close(fd);
  std::ofstream(path) << profile;
  ParseResult result;
  const std::string command = parser_path() + " -Q -K -T " + path + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  if (pipe == nullptr) return result;
  std::array<char, 512> buffer{};
  while (fgets(buffer.data(), buffer.size(), pipe) != nullptr) result.output += buffer.data();
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  unlink(path.c_str());
  return result;
}

class AppArmorParser : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!parser_path().empty()) return;
    if (in_ci()) FAIL() << "apparmor_parser is missing (scripts/install-deps.sh installs it)";
    GTEST_SKIP() << "apparmor_parser is not installed (apt-get install apparmor)";
  }

  static std::string generate(const RunSpec& spec, Level level) {
    return apparmor_profile(spec, apparmor_profile_name(spec), level);
  }

  static void expect_accepted(const std::string& profile) {
    const auto result = parse(profile);
    EXPECT_EQ(result.exit_code, 0) << result.output << "\n--- profile ---\n" << profile;
  }
};

MountSpec mount(std::string type, std::string source, std::string target, bool read_only) {
  MountSpec spec;
  spec.type = std::move(type);
  spec.source = std::move(source);
  spec.target = std::move(target);
  spec.read_only = read_only;
  return spec;
}

RunSpec hardened_web() {
  RunSpec spec;
  spec.name = "web";
  spec.image = "hardock-test/web:1";
  spec.cap_drop = {"ALL"};
  spec.cap_add = {"NET_BIND_SERVICE"};
  spec.read_only = true;
  spec.network_mode = "bridge";
  spec.mounts = {mount("tmpfs", "", "/tmp", false),
                 mount("volume", "webdata", "/var/lib/web", false),
                 mount("bind", "/srv/conf", "/etc/web", true)};
  return spec;
}

bool has_line(const std::string& profile, const std::string& line) {
  return profile.find("\n  " + line + "\n") != std::string::npos;
}

TEST_F(AppArmorParser, ReadOnlyRootWithTmpfsAndVolume) {
  const auto profile = generate(hardened_web(), Level::kBaseline);
  EXPECT_NE(profile.find("\nprofile hardock-web flags=(attach_disconnected,mediate_deleted) {\n"),
            std::string::npos);
  EXPECT_TRUE(has_line(profile, "/** rkmix,"));
  EXPECT_TRUE(has_line(profile, "\"/tmp/{,**}\" rwlk,"));
  EXPECT_TRUE(has_line(profile, "\"/var/lib/web/{,**}\" rwlk,"));
  EXPECT_TRUE(has_line(profile, "deny \"/etc/web/{,**}\" wl,"));
  EXPECT_FALSE(has_line(profile, "file,"));
  EXPECT_TRUE(has_line(profile, "capability net_bind_service,"));
  EXPECT_FALSE(has_line(profile, "capability sys_admin,"));
  EXPECT_TRUE(has_line(profile, "network inet tcp,"));
  EXPECT_FALSE(has_line(profile, "network inet raw,"));  // no NET_RAW
  EXPECT_TRUE(has_line(profile, "deny mount,"));
  EXPECT_TRUE(has_line(profile, "signal (send,receive) peer=hardock-web,"));
  EXPECT_NE(profile.find("HDK-C-001"), std::string::npos);
  expect_accepted(profile);
}

TEST_F(AppArmorParser, NetworkNoneHasNoInetRules) {
  auto spec = hardened_web();
  spec.network_mode = "none";
  spec.cap_add.clear();
  const auto profile = generate(spec, Level::kBaseline);
  EXPECT_EQ(profile.find("network inet"), std::string::npos);
  EXPECT_TRUE(has_line(profile, "network unix,"));
  EXPECT_EQ(profile.find("\n  capability"), std::string::npos);
  expect_accepted(profile);
}

TEST_F(AppArmorParser, WritableRootWithRwBind) {
  RunSpec spec;
  spec.name = "app_1.x";
  spec.cap_add = {"NET_ADMIN"};  // on top of Docker's default set
  spec.mounts = {mount("bind", "/srv/data", "/data", false),
                 mount("bind", "/etc/ssl", "/etc/ssl", true)};
  const auto profile = generate(spec, Level::kBaseline);
  EXPECT_TRUE(has_line(profile, "file,"));
  EXPECT_TRUE(has_line(profile, "deny \"/etc/ssl/{,**}\" wl,"));
  EXPECT_TRUE(has_line(profile, "capability chown,"));
  EXPECT_TRUE(has_line(profile, "capability net_admin,"));
  EXPECT_TRUE(has_line(profile, "network inet raw,"));  // Docker's default set has NET_RAW
  EXPECT_TRUE(has_line(profile, "umount,"));
  expect_accepted(profile);
}

TEST_F(AppArmorParser, StrictForbidsExecutingWrittenFilesAndTracing) {
  const auto baseline = generate(hardened_web(), Level::kBaseline);
  const auto strict = generate(hardened_web(), Level::kStrict);
  EXPECT_TRUE(has_line(strict, "deny \"/tmp/{,**}\" mx,"));
  EXPECT_FALSE(has_line(baseline, "deny \"/tmp/{,**}\" mx,"));
  EXPECT_TRUE(has_line(strict, "deny umount,"));
  EXPECT_TRUE(has_line(strict, "deny pivot_root,"));
  EXPECT_TRUE(has_line(strict, "ptrace (read,readby) peer=hardock-web,"));
  EXPECT_TRUE(has_line(baseline, "ptrace (trace,read,tracedby,readby) peer=hardock-web,"));
  expect_accepted(strict);
}

TEST_F(AppArmorParser, MountTargetsAreMatchedLiterally) {
  auto spec = hardened_web();
  spec.mounts = {mount("tmpfs", "", "/run/a dir/{x}*[y]?@z^\"q\\", false)};
  const auto profile = generate(spec, Level::kStrict);
  EXPECT_NE(profile.find(R"("/run/a dir/\{x\}\*\[y\]\?\@z\^\"q\\/{,**}" rwlk,)"), std::string::npos)
      << profile;
  expect_accepted(profile);
}

TEST_F(AppArmorParser, RejectsABrokenProfile) {
  // Proves a rejected profile fails these tests: an unknown permission and an unknown
  // capability, each in an otherwise generated profile.
  auto broken = generate(hardened_web(), Level::kBaseline);
  const auto rule = broken.find("\"/tmp/{,**}\" rwlk,");
  ASSERT_NE(rule, std::string::npos);
  broken.replace(rule, std::string("\"/tmp/{,**}\" rwlk,").size(), "\"/tmp/{,**}\" rwz,");
  EXPECT_NE(parse(broken).exit_code, 0);

  auto spec = hardened_web();
  spec.cap_add = {"NOT_A_CAPABILITY"};
  const auto unknown_cap = parse(generate(spec, Level::kBaseline));
  EXPECT_NE(unknown_cap.exit_code, 0);
  EXPECT_NE(unknown_cap.output.find("not_a_capability"), std::string::npos) << unknown_cap.output;
}

TEST_F(AppArmorParser, UnsafeNamesTargetsAndCapabilitiesCannotInjectRules) {
  auto spec = hardened_web();
  const auto renamed = apparmor_profile(spec, "bad name,\n  file", Level::kBaseline);
  EXPECT_NE(renamed.find("\nprofile bad-name----file flags="), std::string::npos) << renamed;
  EXPECT_FALSE(has_line(renamed, "file,"));
  expect_accepted(renamed);

  spec.mounts = {mount("tmpfs", "", "/tmp\n  capability sys_admin,", false),
                 mount("tmpfs", "", "relative/path", false)};
  spec.cap_add = {"NET_BIND_SERVICE", "SYS_ADMIN,\n  file"};
  const auto profile = apparmor_profile(spec, "ok", Level::kBaseline);
  EXPECT_EQ(profile.find("sys_admin"), std::string::npos) << profile;
  EXPECT_EQ(profile.find("relative/path"), std::string::npos);
  EXPECT_FALSE(has_line(profile, "file,"));
  EXPECT_NE(profile.find("writes there"), std::string::npos);
  EXPECT_TRUE(has_line(profile, "capability net_bind_service,"));
  expect_accepted(profile);
}

TEST(AppArmorProfile, NameFromContainer) {
  RunSpec spec;
  spec.name = "my_app.1";
  EXPECT_EQ(apparmor_profile_name(spec), "hardock-my_app.1");
  spec.name = "we/ird name";
  EXPECT_EQ(apparmor_profile_name(spec), "hardock-we-ird-name");
  spec.name.clear();
  EXPECT_EQ(apparmor_profile_name(spec), "hardock-container");
}

TEST(SelinuxOptions, ConfinedTypeKeepsLevelAndAsksForRelabel) {
  RunSpec spec;
  spec.security_opt = {"label=disable", "label=level:s0:c100,c200", "no-new-privileges:true"};
  MountSpec plain = mount("bind", "/srv/data", "/data", false);
  MountSpec relabelled = mount("bind", "/srv/logs", "/logs", false);
  relabelled.bind_mode = "rw,Z";
  spec.mounts = {plain, relabelled, mount("tmpfs", "", "/tmp", false)};

  EXPECT_EQ(selinux_options(spec, Level::kBaseline),
            (std::vector<std::string>{"label=type:container_t", "label=level:s0:c100,c200"}));
  EXPECT_EQ(selinux_options(RunSpec{}, Level::kStrict),
            std::vector<std::string>{"label=type:container_t"});

  const auto notes = selinux_notes(spec, Level::kBaseline);
  ASSERT_EQ(notes.size(), 1U);
  EXPECT_NE(notes[0].find("/srv/data"), std::string::npos);
  EXPECT_NE(notes[0].find(":Z"), std::string::npos);
  const auto strict_notes = selinux_notes(spec, Level::kStrict);
  ASSERT_EQ(strict_notes.size(), 2U);
  EXPECT_NE(strict_notes.back().find("udica"), std::string::npos);
}

}  // namespace
}  // namespace hardock::harden
