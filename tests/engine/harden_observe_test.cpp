// observe_container and harden_container against a real private dockerd (HARDOCK_TEST_DOCKER_HOST,
// set by scripts/test.sh). Runs hardock-test/web:1 and a busybox container that writes files,
// observes both, hardens them, and proves the hardened web container works: it is started from
// the rendered `docker run` command and must answer HTTP on its published port.
// Containers are named h-ob-*, labelled hardock.test=1, and removed afterwards (with the named
// volumes hardening may have made for them).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "hardock/docker/endpoint.h"
#include "hardock/docker/engine_client.h"
#include "hardock/docker/snapshot.h"
#include "hardock/harden/container_hardening.h"
#include "hardock/harden/run_spec.h"
#include "hardock/harden/text.h"

namespace hardock::harden {
namespace {

using testing::Contains;
using testing::ElementsAre;
using testing::IsEmpty;

// Host ports assigned to this test: the original web container and its hardened copy.
constexpr std::string_view kWebPort = "18110";
constexpr std::string_view kHardenedWebPort = "18111";

struct CommandResult {
  int status = -1;
  std::string output;
};

// Runs a shell command, stdout and stderr together.
CommandResult run(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  size_t read = 0;
  while ((read = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.output.append(buffer.data(), read);
  }
  const int status = ::pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

class HardenObserve : public testing::Test {
 protected:
  void SetUp() override {
    const char* host = std::getenv("HARDOCK_TEST_DOCKER_HOST");
    if (host == nullptr || *host == '\0') {
      const char* ci = std::getenv("CI");
      if (ci != nullptr && std::string(ci) == "true") {
        FAIL() << "CI=true but HARDOCK_TEST_DOCKER_HOST is not set";
      }
      GTEST_SKIP() << "HARDOCK_TEST_DOCKER_HOST is not set (scripts/test.sh sets it)";
    }
    host_ = host;
    docker_ = "docker -H " + shell_word(host_) + " ";
    remove_all();
    docker::EndpointOptions endpoint_options;
    endpoint_options.host = host_;
    auto endpoint = docker::resolve_endpoint(endpoint_options);
    ASSERT_TRUE(endpoint.has_value()) << endpoint.error().to_string();
    auto client = docker::EngineClient::connect(*endpoint);
    ASSERT_TRUE(client.has_value()) << client.error().to_string();
    client_.emplace(std::move(*client));
  }

  void TearDown() override {
    if (!host_.empty()) remove_all();
  }

  void remove_all() {
    (void)run(docker_ + "rm -f -v h-ob-web h-ob-writer h-ob-web-hard");
    auto volumes = run(docker_ + "volume ls -q --filter name=hardock-h-ob-");
    if (volumes.status == 0 && !volumes.output.empty()) {
      (void)run(docker_ + "volume rm $(" + docker_ + "volume ls -q --filter name=hardock-h-ob-)");
    }
  }

  CommandResult docker(const std::string& arguments) { return run(docker_ + arguments); }

  nlohmann::json get(const std::string& path) {
    auto body = client_->get_json(path);
    EXPECT_TRUE(body.has_value()) << path << ": " << body.error().to_string();
    return body ? *body : nlohmann::json();
  }

  struct Observed {
    docker::Container container;
    docker::Image image;
    RunSpec spec;
    Observations seen;
  };

  Observed observe(const std::string& name) {
    Observed out;
    const auto inspect = get("/containers/" + name + "/json");
    auto container = docker::decode_container(inspect);
    EXPECT_TRUE(container.has_value()) << container.error().to_string();
    if (!container) return out;
    out.container = *container;
    auto image = docker::decode_image(get("/images/" + out.container.image_id + "/json"));
    EXPECT_TRUE(image.has_value()) << image.error().to_string();
    if (image) out.image = *image;
    auto spec = run_spec_from_inspect(inspect);
    EXPECT_TRUE(spec.has_value()) << spec.error().to_string();
    if (spec) out.spec = *spec;
    out.seen = observe_container(*client_, out.container, &out.image, /*local_proc=*/true);
    return out;
  }

  std::string host_;
  std::string docker_;
  std::optional<docker::EngineClient> client_;
};

std::string error_list(const Observations& seen) {
  std::string out;
  for (const auto& error : seen.errors) out += "\n  " + error;
  return out;
}

TEST_F(HardenObserve, ObservesHardensAndRunsTheWebContainer) {
  auto started =
      docker("run -d --name h-ob-web --label hardock.test=1 -p 127.0.0.1:" + std::string(kWebPort) +
             ":8080 hardock-test/web:1");
  ASSERT_EQ(started.status, 0) << started.output;
  // The writer leaves data in /var/lib/app and scratch in /tmp, then idles.
  auto writer = docker(
      "run -d --name h-ob-writer --label hardock.test=1 hardock-test/busybox:1 sh -c "
      "'mkdir -p /var/lib/app && echo data >/var/lib/app/state && echo x >/tmp/scratch && "
      "exec sleep 600'");
  ASSERT_EQ(writer.status, 0) << writer.output;
  // httpd must be listening before its socket table is read.
  std::this_thread::sleep_for(std::chrono::seconds(1));

  const auto web = observe("h-ob-web");
  EXPECT_THAT(web.seen.errors, IsEmpty()) << error_list(web.seen);
  ASSERT_TRUE(web.seen.memory_usage_bytes.has_value()) << error_list(web.seen);
  EXPECT_GT(*web.seen.memory_usage_bytes, 0);
  ASSERT_TRUE(web.seen.pids_current.has_value());
  EXPECT_GE(*web.seen.pids_current, 1);
  EXPECT_THAT(web.seen.listening_ports, Contains("8080/tcp")) << error_list(web.seen);
  EXPECT_TRUE(web.seen.processes_observed);
  EXPECT_TRUE(web.seen.changes_observed);
  EXPECT_EQ(web.seen.image_user, "1000");
  EXPECT_THAT(web.seen.image_exposed, ElementsAre("8080/tcp"));

  const auto writer_seen = observe("h-ob-writer");
  EXPECT_TRUE(writer_seen.seen.changes_observed) << error_list(writer_seen.seen);
  auto has_change = [&](const std::string& path) {
    return std::any_of(writer_seen.seen.changes.begin(), writer_seen.seen.changes.end(),
                       [&](const ChangedPath& change) { return change.path == path; });
  };
  EXPECT_TRUE(has_change("/var/lib/app"));
  EXPECT_TRUE(has_change("/var/lib/app/state"));
  EXPECT_TRUE(has_change("/tmp/scratch"));

  // The writer: /var/lib is new in the busybox image (only /var/run exists), so the whole new
  // tree from /var/lib is data; /tmp is scratch.
  const auto writer_hardened = harden_container(writer_seen.container.id, writer_seen.spec,
                                                writer_seen.seen, Level::kBaseline, {});
  EXPECT_THAT(writer_hardened.data_paths, ElementsAre("/var/lib"));
  EXPECT_TRUE(writer_hardened.spec.read_only);

  // The web container: USER 1000 on 8080 needs no capability and keeps its user.
  auto hardened = harden_container(web.container.id, web.spec, web.seen, Level::kBaseline, {});
  EXPECT_THAT(hardened.spec.cap_add, IsEmpty());
  EXPECT_THAT(hardened.spec.cap_drop, ElementsAre("ALL"));
  EXPECT_EQ(hardened.spec.user, "1000");
  EXPECT_TRUE(hardened.spec.read_only);
  EXPECT_THAT(hardened.data_paths, IsEmpty());
  ASSERT_EQ(hardened.spec.publish.size(), 1U);
  EXPECT_EQ(hardened.spec.publish[0].host_ip, "127.0.0.1");
  EXPECT_EQ(hardened.spec.publish[0].host_port, kWebPort);

  // The proof: the hardened spec, under another name and port, starts and serves HTTP.
  RunSpec proof = hardened.spec;
  proof.name = "h-ob-web-hard";
  proof.publish[0].host_port = kHardenedWebPort;
  RenderOptions one_line;
  one_line.multiline = false;
  std::string command = render_docker_run(proof, one_line);
  ASSERT_TRUE(command.starts_with("docker run ")) << command;
  command.replace(0, 7, docker_);
  auto created = run(command);
  ASSERT_EQ(created.status, 0) << command << "\n" << created.output;

  CommandResult answer;
  for (int attempt = 0; attempt < 40; ++attempt) {
    answer = run("curl -s -f -o /dev/null -w '%{http_code}' http://127.0.0.1:" +
                 std::string(kHardenedWebPort) + "/");
    if (answer.status == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  EXPECT_EQ(answer.status, 0) << command << "\n"
                              << docker("logs h-ob-web-hard").output
                              << docker("inspect -f '{{.State}}' h-ob-web-hard").output;
  EXPECT_EQ(answer.output, "200");

  // What the engine made of it: the hardening really is in force.
  auto running = docker::decode_container(get("/containers/h-ob-web-hard/json"));
  ASSERT_TRUE(running.has_value());
  EXPECT_TRUE(running->running);
  EXPECT_TRUE(running->readonly_rootfs);
  EXPECT_THAT(running->cap_drop, ElementsAre("ALL"));
  EXPECT_EQ(running->user, "1000");
  EXPECT_THAT(running->security_opt, Contains("no-new-privileges:true"));
  EXPECT_EQ(running->memory, hardened.spec.memory);
  EXPECT_EQ(running->pids_limit, hardened.spec.pids_limit);
}

}  // namespace
}  // namespace hardock::harden
