// RunSpec from recorded inspect documents (tests/data/harden/inspect, made by
// tests/harden/make-inspect-fixtures.sh), its docker run rendering executed by /bin/sh against a
// fake `docker` that prints its argv, the create body, and the simulated inspect as the decoder
// and the audit checks read it.
#include "hardock/harden/run_spec.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "hardock/audit/config.h"
#include "hardock/audit/run.h"
#include "hardock/docker/snapshot.h"
#include "hardock/harden/text.h"

namespace hardock::harden {
namespace {

using nlohmann::json;

json fixture(const std::string& name) {
  std::ifstream in(std::string(HARDOCK_TEST_DATA) + "/harden/inspect/" + name + ".json");
  EXPECT_TRUE(in) << name;
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

RunSpec spec_of(const std::string& name) {
  auto spec = run_spec_from_inspect(fixture(name));
  EXPECT_TRUE(spec) << spec.error().to_string();
  return spec ? *spec : RunSpec{};
}

const MountSpec* mount_at(const RunSpec& spec, const std::string& target) {
  for (const auto& mount : spec.mounts) {
    if (mount.target == target) return &mount;
  }
  return nullptr;
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

// Runs `script` with /bin/sh, `docker` being a function that prints "CALL" and then each
// argument NUL-terminated, and `cat`-ing its stdin when asked; returns the calls' argv.
std::vector<std::vector<std::string>> run_with_fake_docker(const std::string& script) {
  // One file per process: ctest runs these tests as parallel processes sharing TempDir().
  const std::string path =
      ::testing::TempDir() + "/fake-docker-" + std::to_string(::getpid()) + ".sh";
  {
    std::ofstream out(path);
    out << "docker() { printf 'CALL\\0'; for a in \"$@\"; do printf '%s\\0' \"$a\"; done;\n"
           "  case \" $* \" in *seccomp=/dev/stdin*) printf 'STDIN\\0'; cat; printf '\\0';; "
           "esac; }\n"
        << script << "\n";
  }
  std::string output;
  FILE* pipe = popen(("/bin/sh " + path).c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  if (pipe == nullptr) return {};
  std::array<char, 4096> buffer{};
  size_t got = 0;
  while ((got = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    output.append(buffer.data(), got);
  EXPECT_EQ(pclose(pipe), 0) << script;
  std::vector<std::vector<std::string>> calls;
  size_t start = 0;
  while (start < output.size()) {
    size_t end = output.find('\0', start);
    if (end == std::string::npos) end = output.size();
    std::string word = output.substr(start, end - start);
    if (word == "CALL") {
      calls.emplace_back();
    } else if (!calls.empty()) {
      calls.back().push_back(word);
    }
    start = end + 1;
  }
  return calls;
}

// The value following `flag` each time it occurs in argv.
std::vector<std::string> values_of(const std::vector<std::string>& argv, const std::string& flag) {
  std::vector<std::string> out;
  for (size_t index = 0; index + 1 < argv.size(); ++index) {
    if (argv[index] == flag) out.push_back(argv[index + 1]);
  }
  return out;
}

// ---- run_spec_from_inspect ------------------------------------------------------------------

TEST(RunSpecFromInspect, ReadsEveryFlagOfTheFullContainer) {
  const RunSpec spec = spec_of("full");
  EXPECT_EQ(spec.name, "h-rs-fx-full");
  EXPECT_EQ(spec.image, "hardock-test/web:1");
  EXPECT_EQ(spec.image_id.rfind("sha256:", 0), 0U);
  ASSERT_TRUE(spec.entrypoint);
  EXPECT_EQ(*spec.entrypoint, std::vector<std::string>({"httpd"}));
  EXPECT_EQ(spec.cmd, std::vector<std::string>({"-f", "-p", "8080", "-h", "/www"}));
  EXPECT_TRUE(contains(spec.env, "GREETING=hello \"world\" it's $5"));
  EXPECT_TRUE(contains(spec.env, "EMPTY="));
  EXPECT_EQ(spec.user, "1000:1000");
  EXPECT_EQ(spec.working_dir, "/www");
  EXPECT_EQ(spec.hostname, "webhost");
  EXPECT_EQ(spec.labels.at("note"), "it's $HOME");
  EXPECT_EQ(spec.labels.at("hardock.test"), "1");
  ASSERT_EQ(spec.publish.size(), 1U);
  EXPECT_EQ(spec.publish[0].host_ip, "127.0.0.1");
  EXPECT_EQ(spec.publish[0].host_port, "18100");
  EXPECT_EQ(spec.publish[0].container_port, "8080");
  EXPECT_EQ(spec.publish[0].protocol, "tcp");

  const MountSpec* data = mount_at(spec, "/data");
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(data->type, "volume");
  EXPECT_EQ(data->source, "h-rs-fx-data");
  EXPECT_EQ(data->origin, "binds");
  const MountSpec* cfg = mount_at(spec, "/cfg");
  ASSERT_NE(cfg, nullptr);
  EXPECT_EQ(cfg->type, "bind");
  EXPECT_TRUE(cfg->read_only);
  EXPECT_EQ(cfg->bind_mode, "ro");
  const MountSpec* anon = mount_at(spec, "/anon");
  ASSERT_NE(anon, nullptr);
  EXPECT_EQ(anon->type, "volume");
  EXPECT_EQ(anon->origin, "volumes");
  EXPECT_EQ(anon->source.size(), 64U) << "anonymous volume kept by its generated name";
  const MountSpec* run = mount_at(spec, "/run");
  ASSERT_NE(run, nullptr);
  EXPECT_EQ(run->type, "tmpfs");
  EXPECT_EQ(run->origin, "tmpfs");
  EXPECT_EQ(run->tmpfs_options, "rw,noexec,size=65536k");
  const MountSpec* scratch = mount_at(spec, "/scratch");
  ASSERT_NE(scratch, nullptr);
  EXPECT_EQ(scratch->origin, "mounts");
  EXPECT_EQ(scratch->tmpfs_options, "size=1048576");
  const MountSpec* cfg2 = mount_at(spec, "/cfg2");
  ASSERT_NE(cfg2, nullptr);
  EXPECT_EQ(cfg2->origin, "mounts");
  EXPECT_TRUE(cfg2->read_only);
  EXPECT_EQ(spec.mounts.size(), 7U);

  EXPECT_EQ(spec.cap_drop, std::vector<std::string>({"ALL"}));
  EXPECT_TRUE(contains(spec.cap_add, "NET_BIND_SERVICE"));
  EXPECT_TRUE(contains(spec.cap_add, "CHOWN")) << "CAP_CHOWN normalised";
  EXPECT_EQ(spec.security_opt, std::vector<std::string>({"no-new-privileges"}));
  EXPECT_TRUE(spec.read_only);
  EXPECT_EQ(spec.memory, 64 << 20);
  EXPECT_EQ(spec.memory_swap, 128 << 20);
  EXPECT_EQ(spec.nano_cpus, 500000000);
  EXPECT_EQ(spec.pids_limit, 100);
  EXPECT_EQ(spec.restart_policy, "on-failure");
  EXPECT_EQ(spec.restart_max_retries, 3);
  ASSERT_EQ(spec.ulimits.size(), 1U);
  EXPECT_EQ(spec.ulimits[0].name, "nofile");
  EXPECT_EQ(spec.ulimits[0].soft, 1024);
  EXPECT_EQ(spec.ulimits[0].hard, 2048);
  EXPECT_EQ(spec.extra_hosts, std::vector<std::string>({"db.local:10.0.0.5"}));
  EXPECT_EQ(spec.dns, std::vector<std::string>({"10.0.0.2"}));
  EXPECT_EQ(spec.sysctls.at("net.ipv4.ip_unprivileged_port_start"), "0");
  ASSERT_TRUE(spec.healthcheck);
  EXPECT_EQ(spec.healthcheck->test[0], "CMD-SHELL");
  EXPECT_EQ(spec.healthcheck->interval_ns, 10000000000);

  EXPECT_EQ(spec.network_mode, "h-rs-fx-front");
  ASSERT_EQ(spec.networks.size(), 2U);
  EXPECT_EQ(spec.networks[0].network, "h-rs-fx-front") << "the NetworkMode network first";
  EXPECT_EQ(spec.networks[0].aliases, std::vector<std::string>({"web"}))
      << "short id and hostname added by the engine are dropped";
  EXPECT_FALSE(spec.networks[0].ipv4_address.empty());
  EXPECT_EQ(spec.networks[1].network, "h-rs-fx-back");
  EXPECT_EQ(spec.networks[1].aliases, std::vector<std::string>({"api"}));
  EXPECT_TRUE(spec.networks[1].ipv4_address.empty());
}

TEST(RunSpecFromInspect, MinimalContainerKeepsDefaultsEmpty) {
  const RunSpec spec = spec_of("minimal");
  EXPECT_EQ(spec.hostname, "") << "the id-derived hostname is the engine's";
  EXPECT_FALSE(spec.entrypoint);
  EXPECT_EQ(spec.cmd, std::vector<std::string>({"sleep", "1000"}));
  EXPECT_FALSE(spec.pids_limit);
  EXPECT_TRUE(spec.mounts.empty());
  EXPECT_TRUE(spec.publish.empty());
  ASSERT_EQ(spec.networks.size(), 1U);
  EXPECT_EQ(spec.networks[0].network, "bridge");
  EXPECT_TRUE(spec.networks[0].aliases.empty());
  EXPECT_FALSE(spec.healthcheck);
}

TEST(RunSpecFromInspect, PrivilegedHostContainer) {
  const RunSpec spec = spec_of("privileged");
  EXPECT_TRUE(spec.privileged);
  EXPECT_EQ(spec.network_mode, "host");
  EXPECT_TRUE(spec.networks.empty()) << "nothing to connect in host mode";
  EXPECT_EQ(spec.hostname, "") << "host's hostname is inherited, not set";
  EXPECT_EQ(spec.pid_mode, "host");
  EXPECT_EQ(spec.ipc_mode, "host");
  EXPECT_EQ(spec.uts_mode, "host");
  ASSERT_EQ(spec.devices.size(), 1U);
  EXPECT_EQ(spec.devices[0].path_on_host, "/dev/zero");
  EXPECT_EQ(spec.devices[0].path_in_container, "/dev/zero0");
  EXPECT_EQ(spec.devices[0].permissions, "r");
  EXPECT_TRUE(contains(spec.cap_add, "SYS_ADMIN"));
  EXPECT_TRUE(contains(spec.security_opt, "seccomp=unconfined"));
  EXPECT_EQ(spec.group_add, std::vector<std::string>({"65534"}));
}

TEST(RunSpecFromInspect, TunedContainer) {
  const RunSpec spec = spec_of("tuned");
  EXPECT_EQ(spec.init, true);
  EXPECT_TRUE(spec.tty);
  EXPECT_TRUE(spec.interactive);
  EXPECT_EQ(spec.stop_signal, "SIGINT");
  EXPECT_EQ(spec.stop_timeout, 5);
  EXPECT_EQ(spec.memory_swap, -1);
  EXPECT_EQ(spec.memory_reservation, 32 << 20);
  EXPECT_EQ(spec.cpu_shares, 512);
  EXPECT_EQ(spec.cpu_quota, 50000);
  EXPECT_EQ(spec.cpu_period, 100000);
  EXPECT_EQ(spec.cpuset_cpus, "0");
  EXPECT_EQ(spec.shm_size, 128 << 20);
  EXPECT_EQ(spec.log_options.at("max-size"), "1m");
  EXPECT_EQ(spec.domainname, "example.test");
  EXPECT_EQ(spec.dns_search, std::vector<std::string>({"example.test"}));
  EXPECT_EQ(spec.dns_options, std::vector<std::string>({"ndots:2"}));
  EXPECT_EQ(spec.oom_score_adj, 100);
  EXPECT_EQ(spec.device_cgroup_rules, std::vector<std::string>({"c 1:3 mr"}));
  EXPECT_EQ(spec.restart_policy, "unless-stopped");
  const MountSpec* x = mount_at(spec, "/x");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->bind_mode, "ro,z");
  EXPECT_TRUE(x->read_only);
  ASSERT_EQ(spec.security_opt.size(), 1U);
  EXPECT_EQ(spec.security_opt[0].rfind("seccomp={", 0), 0U);
  ASSERT_TRUE(spec.healthcheck);
  EXPECT_EQ(spec.healthcheck->timeout_ns, 1500000000);
  EXPECT_EQ(spec.healthcheck->start_period_ns, 2000000000);
  EXPECT_EQ(spec.healthcheck->retries, 2);
}

TEST(RunSpecFromInspect, WrongTypesNameTheField) {
  struct Case {
    const char* document;
    const char* field;
  };
  const Case cases[] = {
      {R"({"HostConfig":{"CapAdd":"NET_ADMIN"}})", "HostConfig.CapAdd"},
      {R"({"Config":{"Env":"A=1"}})", "Config.Env"},
      {R"({"HostConfig":{"PortBindings":{"80/tcp":{"HostPort":"80"}}}})",
       "HostConfig.PortBindings.80/tcp"},
      {R"({"HostConfig":{"Memory":"64m"}})", "HostConfig.Memory"},
      {R"({"Config":{"Labels":{"a":1}}})", "Config.Labels.a"},
      {R"({"NetworkSettings":{"Networks":{"n":{"Aliases":[1]}}}})",
       "NetworkSettings.Networks.n.Aliases"},
      {R"({"Mounts":[{"RW":"yes","Destination":"/x"}]})", "Mounts[0].RW"},
      {R"([])", "expected an object"},
  };
  for (const auto& item : cases) {
    auto spec = run_spec_from_inspect(json::parse(item.document));
    ASSERT_FALSE(spec) << item.document;
    EXPECT_EQ(spec.error().code, core::ErrorCode::kMalformedInput);
    EXPECT_NE(spec.error().message.find(item.field), std::string::npos)
        << spec.error().message << " should name " << item.field;
  }
}

// ---- shell_word and render_docker_run -------------------------------------------------------

TEST(ShellQuote, ShellReadsBackTheSameWord) {
  const std::vector<std::string> words = {
      "plain", "a b",   "it's", "$HOME", "`id`", "\"dq\"",     "",  "back\\slash", "new\nline",
      "~user", "#hash", "*",    "a=b",   "-x",   "semi;colon", "'", "''"};
  std::string script = "docker";
  for (const auto& word : words) script += " " + shell_word(word);
  auto calls = run_with_fake_docker(script);
  ASSERT_EQ(calls.size(), 1U);
  EXPECT_EQ(calls[0], words);
  EXPECT_EQ(shell_word("plain"), "plain");
  EXPECT_EQ(shell_word("/a/b:c,d=e@f%g+h"), "/a/b:c,d=e@f%g+h");
  EXPECT_EQ(shell_word("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_word(""), "''");
}

TEST(RenderDockerRun, FullContainerArgvAsDockerSeesIt) {
  const RunSpec spec = spec_of("full");
  for (bool multiline : {true, false}) {
    const std::string text = render_docker_run(spec, {multiline});
    auto calls = run_with_fake_docker(text);
    ASSERT_EQ(calls.size(), 2U) << text;
    ASSERT_GE(calls[0].size(), 11U);
    // The flags only: the image's own "-p 8080" must not count.
    const std::vector<std::string> run(calls[0].begin(), calls[0].end() - 6);
    EXPECT_EQ(std::vector<std::string>(run.begin(), run.begin() + 5),
              std::vector<std::string>({"run", "-d", "--name", "h-rs-fx-full", "--hostname"}));
    EXPECT_TRUE(contains(values_of(run, "-e"), "GREETING=hello \"world\" it's $5"));
    EXPECT_TRUE(contains(values_of(run, "--label"), "note=it's $HOME"));
    EXPECT_EQ(values_of(run, "-p"), std::vector<std::string>({"127.0.0.1:18100:8080/tcp"}));
    EXPECT_EQ(values_of(run, "--expose"), std::vector<std::string>()) << "8080 comes with -p";
    auto volumes = values_of(run, "-v");
    EXPECT_TRUE(contains(volumes, "h-rs-fx-data:/data"));
    EXPECT_EQ(volumes.size(), 2U);
    auto mounts = values_of(run, "--mount");
    EXPECT_TRUE(contains(mounts, "type=tmpfs,target=/scratch,tmpfs-size=1048576"));
    EXPECT_TRUE(contains(mounts, "type=volume,source=h-rs-fx-data,target=/data2"));
    EXPECT_TRUE(
        contains(mounts, "type=volume,source=" + mount_at(spec, "/anon")->source + ",target=/anon"))
        << "the anonymous volume is reattached by name";
    EXPECT_EQ(values_of(run, "--tmpfs"), std::vector<std::string>({"/run:rw,noexec,size=65536k"}));
    EXPECT_EQ(values_of(run, "--network"), std::vector<std::string>({"h-rs-fx-front"}));
    EXPECT_EQ(values_of(run, "--network-alias"), std::vector<std::string>({"web"}));
    EXPECT_EQ(values_of(run, "--ip").size(), 1U);
    EXPECT_EQ(values_of(run, "--restart"), std::vector<std::string>({"on-failure:3"}));
    EXPECT_EQ(values_of(run, "--cpus"), std::vector<std::string>({"0.5"}));
    EXPECT_EQ(values_of(run, "--memory"), std::vector<std::string>({"67108864"}));
    EXPECT_EQ(values_of(run, "--pids-limit"), std::vector<std::string>({"100"}));
    EXPECT_EQ(values_of(run, "--ulimit"), std::vector<std::string>({"nofile=1024:2048"}));
    EXPECT_EQ(values_of(run, "--health-interval"), std::vector<std::string>({"10s"}));
    EXPECT_EQ(values_of(run, "--health-timeout"), std::vector<std::string>({"3s"}));
    EXPECT_TRUE(contains(run, "--read-only"));
    EXPECT_FALSE(contains(run, "--ipc")) << "private is the engine default";
    EXPECT_FALSE(contains(run, "--shm-size")) << "64 MiB is the engine default";
    EXPECT_EQ(values_of(run, "--entrypoint"), std::vector<std::string>({"httpd"}));
    EXPECT_EQ(std::vector<std::string>(calls[0].end() - 6, calls[0].end()),
              std::vector<std::string>({"hardock-test/web:1", "-f", "-p", "8080", "-h", "/www"}));
    EXPECT_EQ(calls[1], std::vector<std::string>({"network", "connect", "--alias", "api",
                                                  "h-rs-fx-back", "h-rs-fx-full"}));
  }
}

TEST(RenderDockerRun, MultilineHasOneFlagPerLine) {
  const std::string text = render_docker_run(spec_of("minimal"));
  EXPECT_EQ(text.rfind("docker run -d --name h-rs-fx-minimal \\\n  ", 0), 0U) << text;
  EXPECT_NE(text.find("\\\n  hardock-test/busybox:1 sleep 1000"), std::string::npos) << text;
  EXPECT_EQ(render_docker_run(spec_of("minimal"), {false}).find('\n'), std::string::npos);
}

TEST(RenderDockerRun, MultiWordEntrypointGoesBeforeCmd) {
  RunSpec spec;
  spec.name = "x";
  spec.image = "img";
  spec.entrypoint = std::vector<std::string>{"/bin/sh", "-c"};
  spec.cmd = {"echo 'hi' $HOME"};
  auto calls = run_with_fake_docker(render_docker_run(spec));
  ASSERT_EQ(calls.size(), 1U);
  EXPECT_EQ(calls[0], std::vector<std::string>({"run", "-d", "--name", "x", "--entrypoint",
                                                "/bin/sh", "img", "-c", "echo 'hi' $HOME"}));
}

TEST(RenderDockerRun, InlineSeccompProfileIsFedOnStdin) {
  const RunSpec spec = spec_of("tuned");
  auto calls = run_with_fake_docker(render_docker_run(spec));
  ASSERT_EQ(calls.size(), 1U);
  const auto& run = calls[0];
  EXPECT_EQ(values_of(run, "--security-opt"), std::vector<std::string>({"seccomp=/dev/stdin"}));
  auto stdin_at = std::find(run.begin(), run.end(), "STDIN");
  ASSERT_NE(stdin_at, run.end());
  ASSERT_NE(stdin_at + 1, run.end());
  EXPECT_EQ(json::parse(*(stdin_at + 1)), json::parse(spec.security_opt[0].substr(8)));
  EXPECT_EQ(values_of(run, "--memory-swap"), std::vector<std::string>()) << "-1 is glued";
  EXPECT_TRUE(contains(run, "--memory-swap=-1"));
  EXPECT_TRUE(contains(values_of(run, "-v"), mount_at(spec, "/x")->source + ":/x:ro,z"));
  EXPECT_EQ(values_of(run, "--tmpfs"), std::vector<std::string>({"/cache"}));
  EXPECT_EQ(values_of(run, "--health-timeout"), std::vector<std::string>({"1500ms"}));
  EXPECT_EQ(values_of(run, "--expose"), std::vector<std::string>({"9001/tcp"}));
  EXPECT_EQ(values_of(run, "-p"),
            std::vector<std::string>({"127.0.0.1:18101:9000/tcp", "9002/udp"}));
  EXPECT_EQ(values_of(run, "--device-cgroup-rule"), std::vector<std::string>({"c 1:3 mr"}));
  EXPECT_TRUE(contains(run, "--init"));
  EXPECT_TRUE(contains(run, "-t"));
  EXPECT_TRUE(contains(run, "-i"));
}

TEST(RenderDockerRun, ChangedMountsAreRenderedFromTheirFields) {
  RunSpec spec = spec_of("tuned");
  for (auto& mount : spec.mounts) {
    if (mount.target == "/x") mount.read_only = false;
  }
  spec.mounts.push_back({"tmpfs", "", "/tmp", false, "", "rw,noexec,size=16m", "", ""});
  spec.mounts.push_back({"volume", "", "/fresh", false, "", "", "", ""});
  auto calls = run_with_fake_docker(render_docker_run(spec));
  ASSERT_EQ(calls.size(), 1U);
  auto volumes = values_of(calls[0], "-v");
  EXPECT_TRUE(contains(volumes, mount_at(spec, "/x")->source + ":/x:z")) << "ro dropped, z kept";
  EXPECT_TRUE(contains(volumes, "/fresh")) << "a new anonymous volume";
  EXPECT_TRUE(contains(values_of(calls[0], "--tmpfs"), "/tmp:rw,noexec,size=16m"));
}

// ---- create_body
// ---------------------------------------------------------------------------------

TEST(CreateBody, CarriesConfigHostConfigAndTheFirstNetwork) {
  const RunSpec spec = spec_of("full");
  const json body = create_body(spec);
  EXPECT_EQ(body["Image"], "hardock-test/web:1");
  EXPECT_EQ(body["User"], "1000:1000");
  EXPECT_EQ(body["Hostname"], "webhost");
  EXPECT_EQ(body["Labels"]["note"], "it's $HOME");
  EXPECT_TRUE(body["ExposedPorts"].contains("8080/tcp"));
  const json& host = body["HostConfig"];
  EXPECT_EQ(host["Binds"],
            json({"h-rs-fx-data:/data", mount_at(spec, "/cfg")->source + ":/cfg:ro"}));
  EXPECT_EQ(host["Tmpfs"], json({{"/run", "rw,noexec,size=65536k"}}));
  EXPECT_EQ(host["Mounts"].size(), 4U);
  EXPECT_EQ(host["Mounts"][0], json({{"Type", "tmpfs"},
                                     {"Target", "/scratch"},
                                     {"TmpfsOptions", {{"SizeBytes", 1048576}}}}));
  EXPECT_EQ(host["PortBindings"],
            json::parse(R"({"8080/tcp":[{"HostIp":"127.0.0.1","HostPort":"18100"}]})"));
  EXPECT_EQ(host["RestartPolicy"], json({{"Name", "on-failure"}, {"MaximumRetryCount", 3}}));
  EXPECT_EQ(host["ReadonlyRootfs"], true);
  EXPECT_EQ(host["PidsLimit"], 100);
  EXPECT_EQ(host["NetworkMode"], "h-rs-fx-front");
  const json& endpoints = body["NetworkingConfig"]["EndpointsConfig"];
  ASSERT_EQ(endpoints.size(), 1U) << "other networks are connected after create";
  EXPECT_EQ(endpoints["h-rs-fx-front"]["Aliases"], json({"web"}));
  EXPECT_EQ(endpoints["h-rs-fx-front"]["IPAMConfig"]["IPv4Address"], spec.networks[0].ipv4_address);
}

// spec -> simulated inspect -> spec again must give the same body and the same command: what the
// simulation shows is what the renderings create.
TEST(CreateBody, RoundTripsThroughSimulatedInspect) {
  for (const char* name : {"full", "minimal", "web", "privileged", "tuned"}) {
    const RunSpec spec = spec_of(name);
    auto again = run_spec_from_inspect(simulated_inspect(spec, std::string(64, 'a')));
    ASSERT_TRUE(again) << name << ": " << again.error().to_string();
    EXPECT_EQ(create_body(*again), create_body(spec)) << name;
    EXPECT_EQ(render_docker_run(*again), render_docker_run(spec)) << name;
  }
}

// ---- simulated_inspect
// ---------------------------------------------------------------------------

TEST(SimulatedInspect, DecodesToWhatTheEngineWouldShow) {
  RunSpec spec = spec_of("full");
  const std::string id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  auto container = docker::decode_container(simulated_inspect(spec, id));
  ASSERT_TRUE(container) << container.error().to_string();
  EXPECT_EQ(container->id, id);
  EXPECT_EQ(container->name, "h-rs-fx-full");
  EXPECT_EQ(container->image_id, spec.image_id);
  EXPECT_TRUE(container->running);
  EXPECT_FALSE(container->privileged);
  EXPECT_EQ(container->cap_drop, std::vector<std::string>({"ALL"}));
  EXPECT_TRUE(contains(container->cap_add, "CAP_NET_BIND_SERVICE"));
  EXPECT_TRUE(container->readonly_rootfs);
  EXPECT_EQ(container->user, "1000:1000");
  EXPECT_EQ(container->memory, 64 << 20);
  EXPECT_EQ(container->pids_limit, 100);
  EXPECT_EQ(container->nano_cpus, 500000000);
  EXPECT_EQ(container->restart_policy.name, "on-failure");
  EXPECT_TRUE(contains(container->security_opt, "no-new-privileges"));
  EXPECT_EQ(container->apparmor_profile, "docker-default");
  ASSERT_EQ(container->ports.size(), 1U);
  EXPECT_EQ(container->ports[0].container_port, "8080/tcp");
  ASSERT_EQ(container->ports[0].bindings.size(), 1U);
  EXPECT_EQ(container->ports[0].bindings[0].host_ip, "127.0.0.1");
  EXPECT_EQ(container->ports[0].bindings[0].host_port, "18100");
  EXPECT_EQ(container->mounts.size(), 6U) << "--tmpfs mounts are not listed";
  for (const auto& mount : container->mounts) {
    if (mount.destination == "/cfg") {
      EXPECT_FALSE(mount.rw);
      EXPECT_EQ(mount.type, "bind");
      EXPECT_EQ(mount.propagation, "rprivate");
    }
    if (mount.destination == "/anon") {
      EXPECT_EQ(mount.name, mount_at(spec, "/anon")->source);
    }
  }
  EXPECT_EQ(container->tmpfs.at("/run"), "rw,noexec,size=65536k");
  std::set<std::string> networks;
  for (const auto& network : container->networks) networks.insert(network.name);
  EXPECT_EQ(networks, std::set<std::string>({"h-rs-fx-front", "h-rs-fx-back"}));
  ASSERT_TRUE(container->healthcheck);
  EXPECT_EQ(container->healthcheck->test[0], "CMD-SHELL");

  // A hardened change shows: privileged, another port, no read-only root.
  spec.privileged = true;
  spec.read_only = false;
  spec.publish.push_back({"", "80", "80", "tcp"});
  spec.hostname.clear();
  container = docker::decode_container(simulated_inspect(spec, id));
  ASSERT_TRUE(container);
  EXPECT_TRUE(container->privileged);
  EXPECT_FALSE(container->readonly_rootfs);
  EXPECT_EQ(container->apparmor_profile, "unconfined");
  EXPECT_EQ(container->hostname, id.substr(0, 12));
  EXPECT_EQ(container->ports.size(), 2U);
}

TEST(SimulatedInspect, EngineDefaultsFilled) {
  RunSpec spec;
  spec.name = "bare";
  spec.image = "img";
  spec.memory = 32 << 20;
  const json inspect = simulated_inspect(spec, std::string(64, 'b'));
  EXPECT_EQ(inspect["HostConfig"]["MemorySwap"], 64 << 20);
  EXPECT_EQ(inspect["HostConfig"]["IpcMode"], "private");
  EXPECT_EQ(inspect["HostConfig"]["ShmSize"], 64 << 20);
  EXPECT_EQ(inspect["HostConfig"]["LogConfig"]["Type"], "json-file");
  EXPECT_TRUE(inspect["HostConfig"]["PidsLimit"].is_null());
  EXPECT_EQ(inspect["HostConfig"]["RestartPolicy"]["Name"], "no");
  EXPECT_TRUE(inspect["NetworkSettings"]["Networks"].contains("bridge"));
  EXPECT_TRUE(inspect["Config"]["Entrypoint"].is_null());
}

// The audit checks judge a simulated container like a real one: the full container's hardening
// flags silence the checks they answer, the minimal one trips them.
TEST(SimulatedInspect, AuditChecksSeeTheSpec) {
  const std::vector<std::string> codes = {
      "writable-rootfs", "no-new-privileges",         "memory-unlimited",    "pids-unlimited",
      "root-user",       "default-capabilities-kept", "privileged-container"};
  auto fired = [&](const RunSpec& spec) {
    docker::EngineSnapshot engine;
    auto container = docker::decode_container(simulated_inspect(spec, std::string(64, 'c')));
    EXPECT_TRUE(container);
    if (container) engine.containers.push_back(*container);
    audit::Selection selection;
    selection.only = codes;
    auto result = audit::run_audit(engine, audit::AuditConfig{}, selection);
    EXPECT_TRUE(result) << result.error().to_string();
    std::set<std::string> slugs;
    if (!result) return slugs;
    for (const auto& finding : result->findings) {
      if (finding.status == core::FindingStatus::kFail) slugs.insert(std::string(finding.slug));
    }
    return slugs;
  };
  EXPECT_EQ(fired(spec_of("full")), std::set<std::string>());
  EXPECT_EQ(fired(spec_of("minimal")),
            std::set<std::string>({"writable-rootfs", "no-new-privileges", "memory-unlimited",
                                   "pids-unlimited", "root-user", "capabilities-added"}));
  EXPECT_TRUE(fired(spec_of("privileged")).contains("privileged-container"));
}

}  // namespace
}  // namespace hardock::harden
