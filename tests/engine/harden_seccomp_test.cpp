// hardock's generated seccomp profiles on a real engine (HARDOCK_TEST_DOCKER_HOST, started by
// scripts/test.sh): a container started with the profile runs its workload, and a syscall the
// profile blocks fails, while the same command passes under Docker's default profile (or
// unconfined), so the profile is what blocks it. Containers are named h-sc-*, labelled
// hardock.test=1 and removed after each test.
#include <gtest/gtest.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "hardock/harden/run_spec.h"
#include "hardock/harden/seccomp_profile.h"
#include "hardock/harden/text.h"

namespace hardock::harden {
namespace {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

CommandResult run_shell(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 512> buffer{};
  while (fgets(buffer.data(), buffer.size(), pipe) != nullptr) result.output += buffer.data();
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

class HardenSeccompEngine : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    host_ = env("HARDOCK_TEST_DOCKER_HOST");
    if (host_.empty()) return;
    const auto images =
        run_shell(std::string(HARDOCK_SOURCE_DIR) + "/scripts/make-images.sh " + shell_word(host_));
    images_error_ = images.exit_code == 0 ? "" : images.output;
    const auto info = docker("info --format '{{json .SecurityOptions}}'");
    apparmor_ = info.output.find("apparmor") != std::string::npos;
  }

  void SetUp() override {
    if (host_.empty()) {
      if (env("CI") == "true") FAIL() << "HARDOCK_TEST_DOCKER_HOST is not set (CI=true)";
      GTEST_SKIP() << "HARDOCK_TEST_DOCKER_HOST is not set: run scripts/test.sh";
    }
    ASSERT_TRUE(images_error_.empty()) << "scripts/make-images.sh failed:\n" << images_error_;
  }

  void TearDown() override {
    for (const auto& name : created_) docker("rm -f " + name);
    for (const auto& path : files_) unlink(path.c_str());
  }

  static CommandResult docker(const std::string& arguments) {
    return run_shell("docker -H " + shell_word(host_) + " " + arguments);
  }

  // Writes the profile for `spec` at `level` and returns --security-opt seccomp=FILE.
  std::string profile_option(const RunSpec& spec, Level level) {
    const auto generated = seccomp_profile(spec, level);
    EXPECT_TRUE(compile_seccomp_profile(generated.profile).has_value());
    std::string path = ::testing::TempDir() + "hardock-seccomp-XXXXXX";
    const int fd = mkstemp(path.data());
    EXPECT_GE(fd, 0);
    close(fd);
    std::ofstream(path) << generated.profile.dump(2);
    files_.push_back(path);
    return "--security-opt seccomp=" + shell_word(path);
  }

  // docker run --rm of the busybox image with `flags`, running `script` in sh. With AppArmor on
  // the engine, docker-default would block mount on its own: run unconfined by AppArmor so the
  // seccomp profile is the only difference between the runs compared.
  CommandResult run_busybox(const std::string& name, const std::string& flags,
                            const std::string& script) {
    docker("rm -f " + name);
    created_.push_back(name);
    return docker("run --rm --name " + name + " --label hardock.test=1 " +
                  (apparmor_ ? "--security-opt apparmor=unconfined " : "") + flags +
                  " hardock-test/busybox:1 sh -c " + shell_word(script));
  }

  static RunSpec spec_keeping(std::vector<std::string> cap_add) {
    RunSpec spec;
    spec.name = "h-sc";
    spec.image = "hardock-test/busybox:1";
    spec.cap_drop = {"ALL"};
    spec.cap_add = std::move(cap_add);
    return spec;
  }

  static inline std::string host_;
  static inline std::string images_error_;
  static inline bool apparmor_ = false;
  std::vector<std::string> created_;
  std::vector<std::string> files_;
};

// EPERM as the tools print it: "Operation not permitted" (strerror), or busybox mount's own
// "permission denied (are you root?)".
bool says_denied(const std::string& output) {
  return output.find("Operation not permitted") != std::string::npos ||
         output.find("permission denied") != std::string::npos;
}

constexpr const char* kMountScript =
    "mkdir -p /tmp/m && mount -t tmpfs none /tmp/m && echo mounted";

TEST_F(HardenSeccompEngine, StrictProfileRunsTheWorkload) {
  const auto option = profile_option(spec_keeping({"SYS_ADMIN"}), Level::kStrict);
  const auto result = run_busybox("h-sc-ok", "--cap-drop ALL --cap-add SYS_ADMIN " + option,
                                  "echo ok; ls / >/dev/null && date >/dev/null && echo forked");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(result.output, "ok\nforked\n");
}

TEST_F(HardenSeccompEngine, StrictProfileBlocksMountDespiteSysAdmin) {
  const auto control =
      run_busybox("h-sc-mount-default", "--cap-drop ALL --cap-add SYS_ADMIN", kMountScript);
  ASSERT_EQ(control.exit_code, 0) << "mount must work under Docker's default profile with "
                                     "SYS_ADMIN, else this test proves nothing:\n"
                                  << control.output;
  EXPECT_NE(control.output.find("mounted"), std::string::npos);

  const auto option = profile_option(spec_keeping({"SYS_ADMIN"}), Level::kStrict);
  const auto blocked = run_busybox("h-sc-mount-strict",
                                   "--cap-drop ALL --cap-add SYS_ADMIN " + option, kMountScript);
  EXPECT_NE(blocked.exit_code, 0) << blocked.output;
  EXPECT_EQ(blocked.output.find("mounted"), std::string::npos) << blocked.output;
  EXPECT_TRUE(says_denied(blocked.output)) << blocked.output;
}

TEST_F(HardenSeccompEngine, BaselineProfileLetsSysAdminMount) {
  const auto option = profile_option(spec_keeping({"SYS_ADMIN"}), Level::kBaseline);
  const auto result =
      run_busybox("h-sc-mount-base", "--cap-drop ALL --cap-add SYS_ADMIN " + option, kMountScript);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("mounted"), std::string::npos) << result.output;
}

TEST_F(HardenSeccompEngine, BaselineProfileBlocksUnshareWithoutSysAdmin) {
  const std::string script = "unshare -U true && echo unshared";
  const auto control = run_busybox("h-sc-unshare-unconf",
                                   "--cap-drop ALL --security-opt seccomp=unconfined", script);
  ASSERT_EQ(control.exit_code, 0) << "an unprivileged user namespace must be possible without "
                                     "seccomp on this engine, else this test proves nothing:\n"
                                  << control.output;

  const auto option = profile_option(spec_keeping({}), Level::kBaseline);
  const auto blocked = run_busybox("h-sc-unshare-base", "--cap-drop ALL " + option, script);
  EXPECT_NE(blocked.exit_code, 0) << blocked.output;
  EXPECT_EQ(blocked.output.find("unshared"), std::string::npos) << blocked.output;
  EXPECT_TRUE(says_denied(blocked.output)) << blocked.output;
}

TEST_F(HardenSeccompEngine, HardenedWebServerServesUnderItsProfile) {
  RunSpec spec;
  spec.name = "h-sc-web";
  spec.image = "hardock-test/web:1";
  spec.cap_drop = {"ALL"};
  spec.read_only = true;
  const auto option = profile_option(spec, Level::kStrict);
  docker("rm -f h-sc-web");
  created_.push_back("h-sc-web");
  const auto started = docker(
      "run -d --name h-sc-web --label hardock.test=1 --cap-drop ALL "
      "--read-only --security-opt no-new-privileges:true " +
      option + " hardock-test/web:1");
  ASSERT_EQ(started.exit_code, 0) << started.output;
  CommandResult page;
  for (int attempt = 0; attempt < 20; ++attempt) {
    page = docker("exec h-sc-web wget -q -O - http://127.0.0.1:8080/");
    if (page.exit_code == 0) break;
    usleep(250 * 1000);
  }
  EXPECT_EQ(page.exit_code, 0) << page.output;
  EXPECT_NE(page.output.find("hardock test"), std::string::npos) << page.output;
}

}  // namespace
}  // namespace hardock::harden
