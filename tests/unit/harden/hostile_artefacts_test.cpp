// Hostile strings through every generator of the plan (issue 9, part 1 and 2): a snapshot made by
// tests/harden/make-hostile-snapshot.sh, plus observed changes with hostile file names, is
// planned and written; then every generated script is EXECUTED with a stub `docker` first in
// PATH that records its argv, and the recorded argv must be the intended values with no planted
// command run; the YAML and JSON are parsed back; the Markdown and terminal text hold no
// control or bidi character and no secret; nothing is written outside the plan directory.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "hardock/docker/snapshot.h"
#include "hardock/harden/file_names.h"
#include "hardock/harden/plan.h"
#include "hardock/harden/plan_render.h"
#include "hardock/harden/run.h"

namespace hardock::harden {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string quote(const std::string& word) {
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

mode_t mode_of(const fs::path& path) {
  struct stat info {};
  EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

// The docker CLI's reading of one --mount value (Go encoding/csv, one record).
std::vector<std::string> csv_fields(const std::string& value) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t index = 0; index < value.size(); ++index) {
    const char ch = value[index];
    if (quoted) {
      if (ch == '"' && index + 1 < value.size() && value[index + 1] == '"') {
        fields.back() += '"';
        ++index;
      } else if (ch == '"') {
        quoted = false;
      } else {
        fields.back() += ch;
      }
    } else if (ch == '"' && fields.back().empty()) {
      quoted = true;
    } else if (ch == ',') {
      fields.emplace_back();
    } else {
      fields.back() += ch;
    }
  }
  return fields;
}

std::vector<std::string> values_of(const std::vector<std::string>& argv, const std::string& flag) {
  std::vector<std::string> out;
  for (size_t index = 0; index < argv.size(); ++index) {
    if (argv[index] == flag && index + 1 < argv.size()) out.push_back(argv[index + 1]);
    if (argv[index].starts_with(flag + "=")) out.push_back(argv[index].substr(flag.size() + 1));
  }
  return out;
}

class HostileArtefacts : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(::testing::TempDir()) / ("hardock-hostile-" + std::to_string(getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "pwn");
    fs::create_directories(root_ / "stub");
    fs::create_directories(root_ / "calls");
    fs::create_directories(root_ / "work" / "a" / "b");
    tag_ = "hardock-traversal-" + std::to_string(getpid());
    const fs::path snapshot = root_ / "snapshot.json";
    const std::string make =
        std::string(HARDOCK_SOURCE_DIR) + "/tests/harden/make-hostile-snapshot.sh " +
        quote((root_ / "pwn").string()) + " " + quote(snapshot.string()) + " " + tag_;
    ASSERT_EQ(std::system(make.c_str()), 0) << make;
    text_ = read(snapshot);
    document_ = json::parse(text_);
    auto decoded = docker::decode_snapshot_text(text_);
    ASSERT_TRUE(decoded) << decoded.error().to_string();
    engine_ = std::move(*decoded);
    hostile_ = document_["containers"][0]["inspect"]["Name"].get<std::string>().substr(1);
    // The stub docker: one file per call, each argument followed by a NUL.
    std::ofstream(root_ / "stub" / "docker")
        << "#!/bin/sh\n"
           "n=$(ls \"$HARDOCK_CALLS\" | grep -c '^call-')\n"
           "for a in \"$@\"; do printf '%s\\0' \"$a\"; done > \"$HARDOCK_CALLS/call-$n\"\n"
           "case \" $* \" in *seccomp=/dev/stdin*) cat > \"$HARDOCK_CALLS/stdin-$n\";; esac\n"
           "exit 0\n";
    fs::permissions(root_ / "stub" / "docker", fs::perms::owner_all);
  }

  void TearDown() override {
    fs::remove_all(root_);
    fs::remove_all(fs::path("/tmp") / tag_);
  }

  // The plan of the hostile snapshot, with hostile observed changes for the first container.
  HardeningPlan plan(Level level = Level::kBaseline) {
    PlanRequest request;
    request.engine = &engine_;
    request.document = &document_;
    request.level = level;
    request.output_dir = (root_ / "work" / "a" / "b" / "plan").string();
    Observations seen;
    seen.changes_observed = true;
    seen.processes_observed = true;
    // Files the workload (or an intruder in it) created: their names end up in comments and
    // mount options.
    seen.changes = {{"/x\ntouch " + (root_ / "pwn").string() + "/PWNED\n#", 1},
                    {"/x\ntouch " + (root_ / "pwn").string() + "/PWNED\n#/f", 1},
                    {"/data,type=bind,source=/", 1},
                    {"/data,type=bind,source=/" + std::string("/f"), 1},
                    {"/srv/app", 1},
                    {"/srv/app/state", 1}};
    request.observations[engine_.containers.front().id] = seen;
    auto made = make_plan(request);
    EXPECT_TRUE(made) << made.error().to_string();
    return made ? std::move(*made) : HardeningPlan{};
  }

  fs::path write(const HardeningPlan& made) {
    const fs::path dir = root_ / "work" / "a" / "b" / "plan";
    auto directory = io::Directory::create_fresh(dir.string(), false);
    EXPECT_TRUE(directory) << directory.error().to_string();
    auto written = write_plan(made, *directory);
    EXPECT_TRUE(written) << written.error().to_string();
    return dir;
  }

  // Runs `script` with the stub docker first in PATH; returns each call's argv (without
  // "docker") and the stdin the stub read for a seccomp here-document.
  std::vector<std::vector<std::string>> execute(const fs::path& script) {
    fs::remove_all(root_ / "calls");
    fs::create_directories(root_ / "calls");
    const std::string command = "cd " + quote((root_ / "work").string()) +
                                " && HARDOCK_CALLS=" + quote((root_ / "calls").string()) +
                                " PATH=" + quote((root_ / "stub").string()) + ":\"$PATH\" sh " +
                                quote(script.string()) + " >/dev/null 2>&1";
    EXPECT_EQ(std::system(command.c_str()), 0) << script;
    std::vector<std::vector<std::string>> calls;
    for (int index = 0; fs::exists(root_ / "calls" / ("call-" + std::to_string(index))); ++index) {
      const std::string raw = read(root_ / "calls" / ("call-" + std::to_string(index)));
      std::vector<std::string> argv;
      size_t start = 0;
      while (start < raw.size()) {
        const size_t end = raw.find('\0', start);
        argv.push_back(raw.substr(start, end - start));
        start = end + 1;
      }
      calls.push_back(std::move(argv));
    }
    return calls;
  }

  void expect_nothing_ran() {
    EXPECT_FALSE(fs::exists(root_ / "pwn" / "PWNED")) << "a planted command ran";
    EXPECT_FALSE(fs::exists(root_ / "work" / "PWNED"));
  }

  fs::path root_;
  std::string tag_;
  std::string text_;
  json document_;
  docker::EngineSnapshot engine_;
  std::string hostile_;  // the first container's name
};

TEST_F(HostileArtefacts, ScriptsRunWithTheIntendedArgvAndNothingPlantedRuns) {
  const HardeningPlan made = plan();
  const ContainerPlan* entry = made.find(hostile_);
  ASSERT_NE(entry, nullptr);
  const fs::path dir = write(made);
  const fs::path container_dir = dir / "containers" / entry->dir_name;

  for (const char* file : {"recreate.sh", "hardened.sh"}) {
    SCOPED_TRACE(file);
    const RunSpec& spec =
        std::string(file) == "recreate.sh" ? entry->hardened.original : entry->hardened.spec;
    auto calls = execute(container_dir / file);
    expect_nothing_ran();
    ASSERT_FALSE(calls.empty());
    const auto& run = calls[0];
    ASSERT_GE(run.size(), 3U);
    EXPECT_EQ(run[0], "run");
    EXPECT_EQ(values_of(run, "--name"), std::vector<std::string>{hostile_});
    EXPECT_EQ(values_of(run, "-e"), spec.env);
    std::vector<std::string> labels;
    for (const auto& [key, value] : spec.labels) labels.push_back(key + "=" + value);
    EXPECT_EQ(values_of(run, "--label"), labels);
    // The operands: image, then the command, exactly.
    std::vector<std::string> tail = {spec.image};
    tail.insert(tail.end(), spec.cmd.begin(), spec.cmd.end());
    ASSERT_GE(run.size(), tail.size());
    EXPECT_EQ(std::vector<std::string>(run.end() - static_cast<long>(tail.size()), run.end()),
              tail);
    // Every --mount stays the mount it says, whatever its paths hold.
    for (const auto& value : values_of(run, "--mount")) {
      const auto fields = csv_fields(value);
      int types = 0;
      for (const auto& field : fields) types += field.starts_with("type=") ? 1 : 0;
      EXPECT_EQ(types, 1) << value;
    }
  }
  // recreate.sh: the hostile mount target is one field, and the bind path is one -v value.
  {
    auto calls = execute(container_dir / "recreate.sh");
    const auto mounts = values_of(calls[0], "--mount");
    ASSERT_EQ(mounts.size(), 1U);
    EXPECT_EQ(csv_fields(mounts[0]),
              (std::vector<std::string>{"type=volume", "source=vol",
                                        "target=/data2,type=bind,source=/"}));
    EXPECT_EQ(values_of(calls[0], "-v"), std::vector<std::string>{"/srv/" + hostile_ + ":/bound"});
    EXPECT_EQ(values_of(calls[0], "--network-alias"), std::vector<std::string>{hostile_});
  }
  // segmentation.sh: the moves name the hostile container and network as they are.
  auto calls = execute(dir / "networks" / "segmentation.sh");
  expect_nothing_ran();
  bool connected = false;
  bool disconnected = false;
  for (const auto& argv : calls) {
    if (argv.size() >= 4 && argv[0] == "network" && argv[1] == "connect") {
      EXPECT_EQ(argv.back(), hostile_);
      connected = true;
    }
    if (argv.size() >= 4 && argv[0] == "network" && argv[1] == "disconnect") {
      EXPECT_EQ(argv[argv.size() - 2], engine_.networks.front().name);
      EXPECT_EQ(argv.back(), hostile_);
      disconnected = true;
    }
  }
  EXPECT_TRUE(connected && disconnected);
}

TEST_F(HostileArtefacts, ObservedFileNamesStayCommentsAndNeverBecomeMounts) {
  for (Level level : {Level::kBaseline, Level::kStrict}) {
    const HardeningPlan made = plan(level);
    const ContainerPlan* entry = made.find(hostile_);
    ASSERT_NE(entry, nullptr);
    // A path a mount option cannot carry keeps the root writable at baseline; at strict it is
    // read-only but no mount names that path.
    EXPECT_EQ(entry->hardened.spec.read_only, level == Level::kStrict);
    std::set<std::string> original;
    for (const auto& mount : entry->hardened.original.mounts) original.insert(mount.target);
    for (const auto& mount : entry->hardened.spec.mounts) {
      if (original.contains(mount.target)) continue;  // the container's own, kept as it was
      EXPECT_EQ(mount.target.find_first_of(",:\n"), std::string::npos) << mount.target;
    }
    // The ordinary data path still gets its volume at strict.
    if (level == Level::kStrict) {
      bool srv = false;
      for (const auto& mount : entry->hardened.spec.mounts) srv = srv || mount.target == "/srv/app";
      EXPECT_TRUE(srv);
    }
    const std::string script = render::hardened_script(made, *entry);
    // Every line is a comment, "set -e", or part of the docker run command.
    std::istringstream lines(script);
    std::string line;
    bool in_command = false;
    while (std::getline(lines, line)) {
      if (line.starts_with("docker run")) in_command = true;
      if (!in_command) {
        EXPECT_TRUE(line.starts_with("#") || line == "set -e") << "not a comment: " << line;
      }
    }
    fs::remove_all(root_ / "work" / "a");
    fs::create_directories(root_ / "work" / "a" / "b");
    const fs::path dir = write(made);
    execute(dir / "containers" / entry->dir_name / "hardened.sh");
    expect_nothing_ran();
    fs::remove_all(root_ / "work" / "a");
    fs::create_directories(root_ / "work" / "a" / "b");
  }
}

TEST_F(HostileArtefacts, UnrepresentableContainersAreRefusedByName) {
  const HardeningPlan made = plan();
  std::map<std::string, std::string> refused;
  for (const auto& item : made.refused) refused[item.name] = item.reason;
  ASSERT_EQ(refused.size(), 3U);
  EXPECT_NE(refused["nul"].find("NUL"), std::string::npos) << refused["nul"];
  EXPECT_NE(refused["no-equals"].find("caller's environment"), std::string::npos);
  EXPECT_NE(refused["label-key"].find("--label"), std::string::npos);
  for (const auto& [name, reason] : refused) EXPECT_EQ(made.find(name), nullptr) << name;
}

TEST_F(HostileArtefacts, YamlAndJsonReadBackAndMarkdownShowsNoControlsOrSecrets) {
  const HardeningPlan made = plan();
  const fs::path dir = write(made);
  // plan.json parses and names the containers as they are, with the directory each got.
  const json parsed = json::parse(read(dir / "plan.json"));
  std::map<std::string, std::string> dirs;
  for (const auto& container : parsed["containers"]) {
    dirs[container["name"].get<std::string>()] = container["dir"].get<std::string>();
  }
  ASSERT_TRUE(dirs.contains(hostile_));
  ASSERT_TRUE(dirs.contains("../../x"));
  ASSERT_TRUE(dirs.contains("../../../../tmp/" + tag_));
  for (const auto& [name, relative] : dirs) {
    EXPECT_TRUE(relative.starts_with("containers/")) << relative;
    EXPECT_EQ(relative.find("/", 11), std::string::npos) << relative;
    EXPECT_TRUE(fs::is_directory(dir / relative)) << relative;
  }
  EXPECT_EQ(parsed["refused"].size(), 3U);
  // The Compose override parses; the project Compose could not have made has none.
  const YAML::Node compose = YAML::LoadFile((dir / "compose" / "proj" / "compose.hardened.yml"));
  ASSERT_TRUE(compose["services"]["web"]) << read(dir / "compose/proj/compose.hardened.yml");
  EXPECT_EQ(compose["services"]["web"]["ports"][0].as<std::string>(), "127.0.0.1:8080:80/tcp");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir / "compose"), fs::directory_iterator()), 1);
  // seccomp.json parses.
  for (const auto& [name, relative] : dirs) {
    EXPECT_FALSE(json::parse(read(dir / relative / "seccomp.json"), nullptr, false).is_discarded());
  }
  // Text for humans: no escape, no bidi override, no raw secret; the secret key is shown
  // redacted.
  for (const char* file : {"README.md", "daemon.json.md"}) {
    const std::string text = read(dir / file);
    EXPECT_EQ(text.find('\x1b'), std::string::npos) << file;
    EXPECT_EQ(text.find('\x07'), std::string::npos) << file;
    EXPECT_EQ(text.find("\u202e"), std::string::npos) << file;
    EXPECT_EQ(text.find("s3cret-pa55"), std::string::npos) << file;
    EXPECT_EQ(text.find("proxypass"), std::string::npos) << file;
  }
  EXPECT_NE(read(dir / "README.md").find("DB_PASSWORD=****"), std::string::npos);
  // Every README table row is one line with its five cells.
  std::istringstream lines(read(dir / "README.md"));
  std::string line;
  int rows = 0;
  while (std::getline(lines, line)) {
    if (!line.starts_with("| `")) continue;
    ++rows;
    int cells = 0;
    for (size_t index = 0; index < line.size(); ++index) {
      if (line[index] == '|' && (index == 0 || line[index - 1] != '\\')) ++cells;
    }
    EXPECT_EQ(cells, 6) << line;
  }
  EXPECT_EQ(rows, 3);
}

TEST_F(HostileArtefacts, PlanFilesAreOwnerOnly) {
  const fs::path dir = write(plan());
  EXPECT_EQ(mode_of(dir), 0700U);
  for (const auto& item : fs::recursive_directory_iterator(dir)) {
    const mode_t mode = mode_of(item.path());
    EXPECT_EQ(mode & 077, 0U) << item.path() << " is readable by others";
    if (item.path().extension() == ".sh") {
      EXPECT_EQ(mode, 0700U) << item.path();
    }
    if (item.path().filename() == "plan.json") {
      EXPECT_EQ(mode, 0600U);
    }
  }
}

TEST_F(HostileArtefacts, RunPrintsNamesSafelyAndWritesNothingOutside) {
  // The whole harden run as the command does it, into a directory two levels down so a
  // "../../x" written as a path would land in root_/work.
  HardenRequest request;
  request.output_dir = (root_ / "work" / "a" / "b" / "plan").string();
  request.offline = true;
  auto session = Session::begin(request);
  ASSERT_TRUE(session) << session.error().to_string();
  std::ostringstream out;
  std::ostringstream err;
  auto complete = session->run({&engine_, &document_, nullptr}, nullptr, {out, err});
  ASSERT_TRUE(complete) << complete.error().to_string();
  EXPECT_TRUE(*complete);
  for (const std::string& text : {out.str(), err.str()}) {
    EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
    EXPECT_EQ(text.find("\u202e"), std::string::npos) << text;
  }
  // Three refusals, one line each, naming the container.
  std::istringstream lines(err.str());
  std::string line;
  std::vector<std::string> refusals;
  while (std::getline(lines, line)) refusals.push_back(line);
  ASSERT_EQ(refusals.size(), 3U) << err.str();
  EXPECT_NE(refusals[0].find("not planned: container nul"), std::string::npos) << refusals[0];
  // Nothing beside the plan directory, nothing in /tmp.
  std::set<std::string> beside;
  for (const auto& item : fs::recursive_directory_iterator(root_ / "work")) {
    if (!item.path().string().starts_with((root_ / "work" / "a" / "b" / "plan").string())) {
      beside.insert(item.path().string());
    }
  }
  EXPECT_EQ(beside, (std::set<std::string>{(root_ / "work" / "a").string(),
                                           (root_ / "work" / "a" / "b").string()}));
  EXPECT_FALSE(fs::exists(fs::path("/tmp") / tag_));
  EXPECT_FALSE(fs::exists(root_ / "x"));
}

TEST(FileNames, NamesFromTheEngineBecomeSafeUniqueFileNames) {
  FileNames names;
  EXPECT_EQ(names.claim("web"), "web");
  const std::string web2 = names.claim("web");
  EXPECT_EQ(web2, "web-2");
  for (const std::string& wanted :
       {std::string("../../x"), std::string("../../../../tmp/y"), std::string(".."),
        std::string("."), std::string(""), std::string("-rf"), std::string("a/b"),
        std::string("x\ny"), std::string(100000, 'a')}) {
    const std::string name = names.claim(wanted);
    EXPECT_FALSE(name.empty()) << wanted;
    EXPECT_NE(name, ".");
    EXPECT_NE(name, "..");
    EXPECT_EQ(name.find('/'), std::string::npos) << name;
    EXPECT_EQ(name.find('\n'), std::string::npos) << name;
    EXPECT_NE(name.front(), '.') << name;
    EXPECT_NE(name.front(), '-') << name;
    EXPECT_LE(name.size(), 128U);
  }
  // Two names that map alike still differ.
  FileNames other;
  EXPECT_NE(other.claim("a/b"), other.claim("a_b/"));
}

}  // namespace
}  // namespace hardock::harden

namespace hardock::harden {
namespace {

TEST(PlanRender, DaemonNotesShowRegistryCredentialsAsUserStars) {
  HardeningPlan plan;
  DaemonJsonPlan daemon;
  daemon.path = "/etc/docker/daemon.json\n\x1b[31m";
  daemon.changes.push_back({"registry-mirrors",
                            nlohmann::json::array({"https://mirroruser:mirrorpass@mirror.example"}),
                            nullptr,
                            "a mirror with https://u:p@x in the reason",
                            {"HDK-H-001"}});
  daemon.conflicts.push_back(
      {"proxy", "--http-proxy=http://puser:ppass@proxy in docker.service", "remove it"});
  plan.daemon = daemon;
  const std::string notes = render::daemon_notes(plan);
  for (const char* secret : {"mirrorpass", "ppass", ":p@"}) {
    EXPECT_EQ(notes.find(secret), std::string::npos) << secret << " shown in\n" << notes;
  }
  EXPECT_NE(notes.find("mirroruser:****@mirror.example"), std::string::npos) << notes;
  // Markdown text outside code spans escapes the stars.
  EXPECT_NE(notes.find(R"(puser:\*\*\*\*@proxy)"), std::string::npos) << notes;
  EXPECT_EQ(notes.find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace hardock::harden
