// The proof behind `hardock harden`'s "recreate as is": on a real engine, a container recreated
// from render_docker_run(run_spec_from_inspect(inspect)) shows the same inspect, field for field.
//
// Each case creates its original (h-rs-e-<case>, label hardock.test=1), inspects it, stops it
// (its fixed IP and host port must be free for the copy), runs the rendered command under a new
// name with DOCKER_HOST set, inspects the copy and compares Config, HostConfig, the effective
// Mounts and the network attachments. Left out of the comparison, on purpose:
//   - identity: Id, Name, Created, State, *Path fields (they are not under Config/HostConfig);
//   - Config.Hostname when the engine derived it from the id (each copy gets its own);
//   - the engine-added aliases (each container's own short id and hostname);
//   - the order of HostConfig.Binds and Config.Env, which the docker CLI shuffles (Go maps);
//   - anonymous volumes: the copy REATTACHES the original's volume by name (--mount
//     type=volume,source=<generated name>) so the data survives a recreate. The copy therefore
//     lists that mount in HostConfig.Mounts where the original had it in Config.Volumes; the
//     comparison moves it back before comparing (and its Mode, "z" for a named volume, to ""). Both
//     containers use the same volume, which is why the original is stopped rather than running
//     beside its copy.
// Every case removes what it created (containers of both, networks, volumes, the bind dir).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "hardock/harden/run_spec.h"
#include "hardock/harden/text.h"

namespace hardock::harden {
namespace {

using nlohmann::json;

struct Shell {
  int status = -1;
  std::string output;
};

std::string engine_host() {
  const char* host = std::getenv("HARDOCK_TEST_DOCKER_HOST");
  return host == nullptr ? std::string() : std::string(host);
}

// Runs a bash script with HOST and DOCKER_HOST naming the test engine; stdout+stderr captured.
Shell bash(const std::string& script) {
  const std::string path = ::testing::TempDir() + "/h-rs-e-script.sh";
  {
    FILE* file = std::fopen(path.c_str(), "w");
    if (file == nullptr) return {};
    std::fprintf(file, "HOST=%s\nexport DOCKER_HOST=\"$HOST\" DOCKER_CONTEXT=\nset -e\n%s\n",
                 shell_word(engine_host()).c_str(), script.c_str());
    std::fclose(file);
  }
  Shell result;
  FILE* pipe = popen(("bash " + path + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  size_t got = 0;
  while ((got = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.output.append(buffer.data(), got);
  }
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

json inspect(const std::string& name) {
  Shell shell = bash("docker -H \"$HOST\" inspect " + shell_word(name));
  EXPECT_EQ(shell.status, 0) << shell.output;
  if (shell.status != 0) return json::object();
  return json::parse(shell.output)[0];
}

struct Case {
  std::string name;   // h-rs-e-<name>
  std::string setup;  // bash: creates the original; $BIND is a scratch directory
};

void PrintTo(const Case& item, std::ostream* out) { *out << item.name; }

const std::vector<Case>& cases() {
  static const std::vector<Case> kCases = {
      {"full", R"SH(
d() { docker -H "$HOST" "$@"; }
d network create --label hardock.test=1 h-rs-e-full-probe >/dev/null
subnet=$(d network inspect -f '{{(index .IPAM.Config 0).Subnet}}' h-rs-e-full-probe)
d network rm h-rs-e-full-probe >/dev/null
d network create --label hardock.test=1 --subnet "$subnet" h-rs-e-full-front >/dev/null
d network create --label hardock.test=1 h-rs-e-full-back >/dev/null
d volume create --label hardock.test=1 h-rs-e-full-data >/dev/null
base=${subnet%/*}
echo data >"$BIND/file"
d run -d --name h-rs-e-full --label hardock.test=1 --label "note=it's \$HOME" \
  -e "GREETING=hello \"world\" it's \$5" -e EMPTY= -p 127.0.0.1:18100:8080 \
  -v h-rs-e-full-data:/data -v /anon -v "$BIND:/cfg:ro" --tmpfs /run:rw,noexec,size=65536k \
  --mount type=tmpfs,destination=/scratch,tmpfs-size=1048576 \
  --mount "type=bind,source=$BIND,target=/cfg2,readonly" \
  --cap-drop ALL --cap-add NET_BIND_SERVICE --cap-add chown --security-opt no-new-privileges \
  --read-only --memory 64m --cpus 0.5 --pids-limit 100 --restart on-failure:3 \
  --ulimit nofile=1024:2048 --user 1000:1000 -w /www --hostname webhost \
  --add-host db.local:10.0.0.5 --dns 10.0.0.2 --sysctl net.ipv4.ip_unprivileged_port_start=0 \
  --health-cmd 'wget -q -O /dev/null http://127.0.0.1:8080/' --health-interval 10s \
  --network h-rs-e-full-front --network-alias web --ip "${base%.*}.$((${base##*.} + 10))" \
  --entrypoint httpd hardock-test/web:1 -f -p 8080 -h /www >/dev/null
d network connect --alias api h-rs-e-full-back h-rs-e-full
)SH"},
      {"minimal", R"SH(
docker -H "$HOST" run -d --name h-rs-e-minimal --label hardock.test=1 hardock-test/busybox:1 \
  sleep 1000 >/dev/null
)SH"},
      {"web", R"SH(
docker -H "$HOST" run -d --name h-rs-e-web --label hardock.test=1 -P hardock-test/web:1 >/dev/null
)SH"},
      {"privileged", R"SH(
docker -H "$HOST" run -d --name h-rs-e-privileged --label hardock.test=1 --privileged \
  --network host --pid host --uts host --device /dev/zero:/dev/zero0:r --cap-add SYS_ADMIN \
  --security-opt seccomp=unconfined --group-add 65534 hardock-test/busybox:1 sleep 1000 >/dev/null
)SH"},
      {"tuned", R"SH(
printf '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["kexec_load"],"action":"SCMP_ACT_ERRNO"}]}\n' >"$BIND/seccomp.json"
docker -H "$HOST" run -d --name h-rs-e-tuned --label hardock.test=1 --memory 96m \
  --memory-swap -1 --memory-reservation 32m --cpu-shares 512 --cpu-quota 50000 \
  --cpu-period 100000 --cpuset-cpus 0 --shm-size 128m --log-opt max-size=1m --init \
  --stop-signal SIGINT --stop-timeout 5 --domainname example.test -t -i --restart unless-stopped \
  --dns-search example.test --dns-option ndots:2 --oom-score-adj 100 \
  --device-cgroup-rule 'c 1:3 mr' --expose 9001 -p 127.0.0.1:18101:9000 -p 9002/udp \
  -v "$BIND:/x:ro,z" --tmpfs /cache --security-opt "seccomp=$BIND/seccomp.json" \
  --health-cmd 'true' --health-timeout 1500ms --health-start-period 2s --health-retries 2 \
  hardock-test/busybox:1 sleep 1000 >/dev/null
)SH"},
  };
  return kCases;
}

std::string remove_everything(const std::string& prefix) {
  // Copies first: the original's `rm -v` can then drop its anonymous volumes, no longer in use.
  return "d() { docker -H \"$HOST\" \"$@\"; }\n"
         "d ps -aq --filter label=hardock.test=1 --filter name=" +
         prefix +
         "-copy | xargs -r docker -H \"$HOST\" rm -f -v >/dev/null\n"
         "d ps -aq --filter label=hardock.test=1 --filter name=" +
         prefix +
         " | xargs -r docker -H \"$HOST\" rm -f -v >/dev/null\n"
         "d network ls -q --filter label=hardock.test=1 --filter name=" +
         prefix +
         " | xargs -r docker -H \"$HOST\" network rm >/dev/null\n"
         "d volume ls -q --filter label=hardock.test=1 --filter name=" +
         prefix + " | xargs -r docker -H \"$HOST\" volume rm >/dev/null\n";
}

// Aliases without the engine's own additions for this container.
json user_aliases(const json& endpoint, const json& container) {
  json out = json::array();
  if (!endpoint["Aliases"].is_array()) return out;
  const std::string short_id = container["Id"].get<std::string>().substr(0, 12);
  const std::string hostname = container["Config"]["Hostname"].get<std::string>();
  for (const auto& alias : endpoint["Aliases"]) {
    if (alias != short_id && alias != hostname) out.push_back(alias);
  }
  return out;
}

json sorted_mounts(json mounts) {
  if (!mounts.is_array()) return json::array();
  std::sort(mounts.begin(), mounts.end(), [](const json& left, const json& right) {
    return left["Destination"].get<std::string>() < right["Destination"].get<std::string>();
  });
  return mounts;
}

void expect_same_keys(const json& original, const json& copy, const std::string& where) {
  std::set<std::string> keys;
  for (const auto& [key, unused] : original.items()) keys.insert(key);
  for (const auto& [key, unused] : copy.items()) keys.insert(key);
  for (const auto& key : keys) {
    const json left = original.contains(key) ? original[key] : json();
    const json right = copy.contains(key) ? copy[key] : json();
    EXPECT_EQ(left, right) << where << "." << key;
  }
}

class HardenRecreate : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    if (engine_host().empty()) {
      const char* ci = std::getenv("CI");
      if (ci != nullptr && std::string(ci) == "true") {
        FAIL() << "HARDOCK_TEST_DOCKER_HOST is not set (CI=true)";
      }
      GTEST_SKIP() << "HARDOCK_TEST_DOCKER_HOST is not set";
    }
    prefix_ = "h-rs-e-" + GetParam().name;
    Shell images =
        bash("'" + std::string(HARDOCK_SOURCE_DIR) + "/scripts/make-images.sh' \"$HOST\"");
    ASSERT_EQ(images.status, 0) << images.output;
    bash(remove_everything(prefix_));
    char bind_template[] = "/tmp/h-rs-e.XXXXXX";
    ASSERT_NE(mkdtemp(bind_template), nullptr);
    bind_dir_ = bind_template;
  }

  void TearDown() override {
    if (prefix_.empty()) return;
    Shell removed = bash(remove_everything(prefix_));
    EXPECT_EQ(removed.status, 0) << removed.output;
    for (const auto& volume : anonymous_volumes_) {
      bash("docker -H \"$HOST\" volume rm " + shell_word(volume) + " >/dev/null 2>&1 || true");
    }
    std::error_code ignored;
    std::filesystem::remove_all(bind_dir_, ignored);
  }

  std::string prefix_;
  std::string bind_dir_;
  std::vector<std::string> anonymous_volumes_;
};

TEST_P(HardenRecreate, RenderedRunReproducesInspect) {
  const Case& item = GetParam();
  Shell created = bash("BIND=" + shell_word(bind_dir_) + "\n" + item.setup);
  ASSERT_EQ(created.status, 0) << created.output;
  const json original = inspect(prefix_);
  ASSERT_TRUE(original["State"]["Running"].get<bool>()) << original["State"].dump();

  auto spec = run_spec_from_inspect(original);
  ASSERT_TRUE(spec) << spec.error().to_string();
  for (const auto& mount : spec->mounts) {
    if (mount.origin == "volumes") anonymous_volumes_.push_back(mount.source);
  }
  spec->name = prefix_ + "-copy";
  const std::string command = render_docker_run(*spec);

  Shell stopped = bash("docker -H \"$HOST\" stop -t 1 " + prefix_ + " >/dev/null");
  ASSERT_EQ(stopped.status, 0) << stopped.output;
  Shell copied = bash(command);
  ASSERT_EQ(copied.status, 0) << command << "\n" << copied.output;
  json copy = inspect(spec->name);
  ASSERT_TRUE(copy["State"]["Running"].get<bool>()) << command << "\n" << copy["State"].dump();

  // Config: an engine-derived hostname is each container's own.
  json original_config = original["Config"];
  json copy_config = copy["Config"];
  if (spec->hostname.empty()) {
    if (original_config["Hostname"] == original["Id"].get<std::string>().substr(0, 12)) {
      EXPECT_EQ(copy_config["Hostname"], copy["Id"].get<std::string>().substr(0, 12));
    } else {
      EXPECT_EQ(copy_config["Hostname"], original_config["Hostname"]) << "inherited from the host";
    }
    original_config.erase("Hostname");
    copy_config.erase("Hostname");
  }
  // Reattached anonymous volumes: back from HostConfig.Mounts to Config.Volumes.
  json copy_host = copy["HostConfig"];
  for (const auto& mount : spec->mounts) {
    if (mount.origin != "volumes") continue;
    json& mounts = copy_host["Mounts"];
    ASSERT_TRUE(mounts.is_array()) << copy_host.dump();
    auto reattached = std::find_if(mounts.begin(), mounts.end(), [&](const json& entry) {
      return entry["Target"] == mount.target && entry["Source"] == mount.source;
    });
    ASSERT_NE(reattached, mounts.end()) << mount.target << " not reattached by name";
    mounts.erase(reattached);
    if (mounts.empty()) copy_host["Mounts"] = original["HostConfig"].value("Mounts", json());
    if (!copy_config["Volumes"].is_object()) copy_config["Volumes"] = json::object();
    copy_config["Volumes"][mount.target] = json::object();
  }
  // The docker CLI gathers -v (and -e) through Go maps, so the same command yields Binds (and
  // Env) in varying order: compare them as sorted lists. Their order carries no meaning (keys and
  // targets are unique).
  json original_host = original["HostConfig"];
  for (json* list : {&original_config["Env"], &copy_config["Env"], &original_host["Binds"],
                     &copy_host["Binds"]}) {
    if (list->is_array()) std::sort(list->begin(), list->end());
  }
  SCOPED_TRACE("recreated with:\n" + command);
  expect_same_keys(original_config, copy_config, "Config");
  expect_same_keys(original_host, copy_host, "HostConfig");
  EXPECT_EQ(copy["Image"], original["Image"]);

  // The effective mounts: same volumes (reattached ones included), binds and tmpfs. A named
  // volume mount shows Mode "z" (SELinux relabel default) where the anonymous one showed "".
  json copy_mounts = copy["Mounts"];
  for (auto& entry : copy_mounts) {
    for (const auto& mount : spec->mounts) {
      if (mount.origin == "volumes" && entry["Destination"] == mount.target) {
        EXPECT_EQ(entry["Mode"], "z");
        entry["Mode"] = "";
      }
    }
  }
  EXPECT_EQ(sorted_mounts(copy_mounts), sorted_mounts(original["Mounts"]));

  // Networks: the same ones, with the same user aliases and fixed addresses.
  const json& original_networks = original["NetworkSettings"]["Networks"];
  const json& copy_networks = copy["NetworkSettings"]["Networks"];
  std::set<std::string> original_names;
  std::set<std::string> copy_names;
  for (const auto& [name, unused] : original_networks.items()) original_names.insert(name);
  for (const auto& [name, unused] : copy_networks.items()) copy_names.insert(name);
  EXPECT_EQ(copy_names, original_names);
  for (const auto& name : original_names) {
    if (!copy_networks.contains(name)) continue;
    EXPECT_EQ(user_aliases(copy_networks[name], copy),
              user_aliases(original_networks[name], original))
        << name;
    EXPECT_EQ(copy_networks[name]["IPAMConfig"], original_networks[name]["IPAMConfig"]) << name;
  }
}

INSTANTIATE_TEST_SUITE_P(Containers, HardenRecreate, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           return param_info.param.name;
                         });

}  // namespace
}  // namespace hardock::harden
