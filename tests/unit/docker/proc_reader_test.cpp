// read_container_processes over /proc and cgroup trees laid out in a temp dir,
// in the shapes the kernel uses (cgroup v1 controllers, v2 unified, nesting).
#include "hardock/docker/proc_reader.h"

#include <gtest/gtest.h>

#include "fake_engine.h"

namespace hardock::docker {
namespace {

using core::ErrorCode;
using testing::TempDir;

const std::string kId = "bae5d095b63b7445c902066bb7f03a38793160664582032333b262bd1c1b1f6e";

void add_process(const TempDir& dir, int pid, const std::string& uids, const std::string& cmdline,
                 const std::string& comm) {
  const std::string base = "proc/" + std::to_string(pid) + "/";
  dir.write(base + "status", "Name:\t" + comm + "\nUmask:\t0022\nUid:\t" + uids + "\nGid:\t0\n");
  dir.write(base + "cmdline", cmdline);
  dir.write(base + "comm", comm + "\n");
}

ProcRoots roots_in(const TempDir& dir) { return {dir.file("proc"), dir.file("cgroup")}; }

TEST(ProcReader, ReadsACgroupV1ContainerWithNestedGroups) {
  TempDir dir;
  dir.write("proc/100/cgroup", "9:name=systemd:/docker/" + kId + "\n8:pids:/docker/" + kId +
                                   "\n4:memory:/docker/" + kId + "\n0::/docker/" + kId + "\n");
  dir.write("cgroup/pids/docker/" + kId + "/cgroup.procs", "100\n130\n");
  dir.write("cgroup/pids/docker/" + kId + "/inner/cgroup.procs", "120\n");
  add_process(dir, 100, "0\t0\t0\t0", std::string("/bin/sh\0-c\0sleep 5\0", 18), "sh");
  add_process(dir, 120, "0\t1000\t1000\t1000",
              std::string("sleep\0"
                          "5\0",
                          8),
              "sleep");
  add_process(dir, 130, "0\t0\t0\t0", "", "worker");  // a zombie: no cmdline
  // 140 is listed but exits before it is read.
  dir.write("cgroup/pids/docker/" + kId + "/inner/cgroup.procs", "120\n140\n");

  auto processes = read_container_processes(roots_in(dir), 100, kId);
  ASSERT_TRUE(processes.has_value()) << processes.error().to_string();
  ASSERT_EQ(processes->size(), 3u);
  EXPECT_EQ((*processes)[0].pid, 100);
  EXPECT_EQ((*processes)[0].user, "root");
  EXPECT_EQ((*processes)[0].command, "/bin/sh -c sleep 5");
  EXPECT_EQ((*processes)[1].pid, 120);
  EXPECT_EQ((*processes)[1].user, "1000");  // effective uid, as ps shows
  EXPECT_EQ((*processes)[1].command, "sleep 5");
  EXPECT_EQ((*processes)[2].command, "[worker]");
}

TEST(ProcReader, ReadsACgroupV2Container) {
  TempDir dir;
  const std::string path = "system.slice/docker-" + kId + ".scope";
  dir.write("proc/7/cgroup", "0::/" + path + "\n");
  dir.write("cgroup/" + path + "/cgroup.procs", "7\n");
  add_process(dir, 7, "33\t33\t33\t33", std::string("nginx\0", 6), "nginx");
  auto processes = read_container_processes(roots_in(dir), 7, kId);
  ASSERT_TRUE(processes.has_value()) << processes.error().to_string();
  ASSERT_EQ(processes->size(), 1u);
  EXPECT_EQ((*processes)[0].user, "33");
  EXPECT_EQ((*processes)[0].command, "nginx");
}

TEST(ProcReader, SamePidInAnotherNamespaceIsNotTrusted) {
  TempDir dir;
  dir.write("proc/100/cgroup", "0::/user.slice/session-1.scope\n");
  dir.write("cgroup/user.slice/session-1.scope/cgroup.procs", "100\n");
  add_process(dir, 100, "0\t0\t0\t0", std::string("bash\0", 5), "bash");
  auto processes = read_container_processes(roots_in(dir), 100, kId);
  ASSERT_FALSE(processes.has_value());
  EXPECT_EQ(processes.error().code, ErrorCode::kNotFound);
}

TEST(ProcReader, InvisiblePidAndUnreadableCgroupFail) {
  TempDir dir;
  auto invisible = read_container_processes(roots_in(dir), 100, kId);
  ASSERT_FALSE(invisible.has_value());
  EXPECT_EQ(invisible.error().code, ErrorCode::kNotFound);

  dir.write("proc/100/cgroup", "8:pids:/docker/" + kId + "\n");
  auto no_cgroup = read_container_processes(roots_in(dir), 100, kId);
  ASSERT_FALSE(no_cgroup.has_value());
  EXPECT_EQ(no_cgroup.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace hardock::docker
