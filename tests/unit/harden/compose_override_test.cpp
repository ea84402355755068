#include "hardock/harden/compose_override.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace hardock::harden {
namespace {

namespace fs = std::filesystem;

std::map<std::string, std::string> compose_labels(const std::string& service) {
  return {{"com.docker.compose.project", "shop"},
          {"com.docker.compose.service", service},
          {"com.docker.compose.project.working_dir", "/srv/shop"},
          {"com.docker.compose.project.config_files", "/srv/shop/compose.yml"}};
}

// web as the base file runs it: port 80 on every interface, an extra capability, SELinux
// labelling off, root; and as hardening leaves it.
HardenedContainer web() {
  HardenedContainer web;
  web.container_id = "c-web";
  web.original.name = "shop-web-1";
  web.original.image = "hardock-test/web:1";
  web.original.labels = compose_labels("web");
  web.original.publish = {{"", "80", "8080", "tcp"}};
  web.original.cap_add = {"NET_ADMIN"};
  web.original.security_opt = {"label=disable"};
  web.original.user = "root";
  web.original.restart_policy = "always";
  web.spec = web.original;
  web.spec.publish = {{"127.0.0.1", "8080", "8080", "tcp"}};
  web.spec.cap_drop = {"ALL"};
  web.spec.cap_add = {"NET_BIND_SERVICE"};
  web.spec.security_opt = {"no-new-privileges:true"};
  web.spec.read_only = true;
  MountSpec tmp;
  tmp.type = "tmpfs";
  tmp.target = "/tmp";
  tmp.tmpfs_options = "rw,noexec,nosuid,size=64m";
  web.spec.mounts = {tmp};
  web.spec.user = "1000";
  web.spec.memory = int64_t{96} << 20;
  web.spec.nano_cpus = 500'000'000;
  web.spec.pids_limit = 64;
  web.spec.restart_policy = "on-failure";
  web.spec.restart_max_retries = 5;
  web.spec.healthcheck = HealthSpec{{"CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/"},
                                    30'000'000'000,
                                    5'000'000'000,
                                    0,
                                    3};
  return web;
}

HardenedContainer db() {
  HardenedContainer db;
  db.container_id = "c-db";
  db.original.name = "shop-db-1";
  db.original.image = "hardock-test/busybox:1";
  db.original.labels = compose_labels("db");
  db.original.privileged = true;
  db.spec = db.original;
  db.spec.privileged = false;
  db.spec.cap_drop = {"ALL"};
  db.spec.security_opt = {"no-new-privileges:true"};
  db.spec.read_only = true;
  db.spec.user = "65534";
  db.spec.memory = int64_t{128} << 20;
  db.spec.pids_limit = 128;
  db.spec.restart_policy = "on-failure";
  db.spec.restart_max_retries = 5;
  return db;
}

HardenedContainer standalone() {
  HardenedContainer plain;
  plain.original.name = "lonely";
  plain.spec = plain.original;
  plain.spec.read_only = true;
  return plain;
}

// web after it was seen writing /var/lib/web: hardening mounts a named volume there.
HardenedContainer web_with_data() {
  HardenedContainer with_data = web();
  with_data.data_paths = {"/var/lib/web"};
  MountSpec data;
  data.type = "volume";
  data.source = volume_for_data_path(with_data.original.name, "/var/lib/web");
  data.target = "/var/lib/web";
  with_data.spec.mounts.push_back(data);
  return with_data;
}

std::vector<std::string> strings(const YAML::Node& node) {
  std::vector<std::string> out;
  for (const auto& item : node) out.push_back(item.as<std::string>());
  return out;
}

bool has_edit(const ComposeOverride& file, const std::string& field, const std::string& value) {
  return std::any_of(file.base_edits.begin(), file.base_edits.end(), [&](const BaseEdit& edit) {
    return edit.field == field && edit.value == value;
  });
}

TEST(ComposeOverride, OneFilePerProjectWithTheHardeningOfEachService) {
  auto files = generate_compose_overrides({web(), db(), standalone()});
  ASSERT_TRUE(files) << files.error().to_string();
  ASSERT_EQ(files->size(), 1U) << "the container without Compose labels is not in any file";
  const ComposeOverride& file = files->front();
  EXPECT_EQ(file.project, "shop");
  EXPECT_EQ(file.working_dir, "/srv/shop");
  EXPECT_EQ(file.config_files, std::vector<std::string>{"/srv/shop/compose.yml"});
  ASSERT_EQ(file.services.size(), 2U);
  EXPECT_EQ(file.services[0].name, "db");

  const YAML::Node doc = YAML::Load(file.text);
  EXPECT_FALSE(doc["version"]) << "v1 and v2 both read a file without version";
  const YAML::Node service = doc["services"]["web"];
  ASSERT_TRUE(service.IsMap()) << file.text;
  EXPECT_EQ(strings(service["cap_drop"]), std::vector<std::string>{"ALL"});
  EXPECT_EQ(strings(service["cap_add"]), std::vector<std::string>{"NET_BIND_SERVICE"});
  EXPECT_EQ(strings(service["security_opt"]), std::vector<std::string>{"no-new-privileges:true"});
  EXPECT_TRUE(service["read_only"].as<bool>());
  EXPECT_EQ(strings(service["tmpfs"]), std::vector<std::string>{"/tmp:rw,noexec,nosuid,size=64m"});
  EXPECT_EQ(service["user"].as<std::string>(), "1000");
  EXPECT_EQ(service["mem_limit"].as<std::string>(), "96m");
  EXPECT_DOUBLE_EQ(service["cpus"].as<double>(), 0.5);
  EXPECT_EQ(service["pids_limit"].as<int>(), 64);
  EXPECT_EQ(strings(service["ports"]), std::vector<std::string>{"127.0.0.1:8080:8080/tcp"});
  EXPECT_EQ(service["restart"].as<std::string>(), "on-failure:5");
  EXPECT_EQ(service["healthcheck"]["interval"].as<std::string>(), "30s");
  EXPECT_EQ(service["healthcheck"]["timeout"].as<std::string>(), "5s");
  EXPECT_EQ(service["healthcheck"]["retries"].as<int>(), 3);
  EXPECT_EQ(strings(service["healthcheck"]["test"]).front(), "CMD-SHELL");

  const YAML::Node database = doc["services"]["db"];
  EXPECT_FALSE(database["privileged"].as<bool>());
  EXPECT_EQ(database["user"].as<std::string>(), "65534");
  EXPECT_FALSE(database["ports"]);
  // A quoted "1000"/"65534" stays a string for PyYAML (v1 rejects a numeric user).
  EXPECT_NE(file.text.find("user: \"65534\""), std::string::npos) << file.text;
}

TEST(ComposeOverride, EntriesAnOverrideCannotRemoveAreBaseEditsInTheHeader) {
  auto files = generate_compose_overrides({web(), db()});
  ASSERT_TRUE(files);
  const ComposeOverride& file = files->front();
  EXPECT_TRUE(has_edit(file, "ports", "0.0.0.0:80:8080/tcp"));
  EXPECT_TRUE(has_edit(file, "cap_add", "NET_ADMIN"));
  EXPECT_TRUE(has_edit(file, "security_opt", "label=disable"));
  EXPECT_EQ(file.base_edits.size(), 3U) << "db's base lists hold nothing the hardening drops";
  const auto header_end = file.text.find("services:");
  const auto port_line = file.text.find(
      "#   services.web.ports: remove the mapping of 8080/tcp to "
      "host port 80 on every interface");
  EXPECT_LT(port_line, header_end) << file.text;
  EXPECT_LT(file.text.find("#   services.web.cap_add: remove \"NET_ADMIN\""), header_end);
}

TEST(ComposeOverride, OverrideTagsDialectReplacesListsInsteadOfListingEdits) {
  auto files =
      generate_compose_overrides({web(), db()}, {.dialect = ComposeDialect::kOverrideTags});
  ASSERT_TRUE(files);
  const ComposeOverride& file = files->front();
  EXPECT_TRUE(file.base_edits.empty());
  const YAML::Node web_node = YAML::Load(file.text)["services"]["web"];
  EXPECT_EQ(web_node["ports"].Tag(), "!override");
  EXPECT_EQ(web_node["cap_add"].Tag(), "!override");
  EXPECT_NE(web_node["cap_drop"].Tag(), "!override") << "nothing to remove from cap_drop";
  EXPECT_NE(file.text.find("v2.24.4"), std::string::npos);
}

TEST(ComposeOverride, ProjectsComposeCouldNotHaveMadeAreRefusedByName) {
  // No service label, a service or project name outside Compose's rules: no file for that
  // project (a refusal naming why), the other projects still get theirs.
  HardenedContainer no_service = web();
  no_service.original.labels.erase("com.docker.compose.service");
  HardenedContainer bad_service = web();
  bad_service.original.labels["com.docker.compose.project"] = "other";
  bad_service.original.labels["com.docker.compose.service"] = "web\n  evil: true";
  HardenedContainer bad_project = web();
  bad_project.original.labels["com.docker.compose.project"] = "../../x";
  HardenedContainer good = db();
  good.original.labels["com.docker.compose.project"] = "good";
  auto files = generate_compose_overrides({no_service, bad_service, bad_project, good});
  ASSERT_TRUE(files) << files.error().to_string();
  std::map<std::string, const ComposeOverride*> by_project;
  for (const auto& file : *files) by_project[file.project] = &file;
  ASSERT_EQ(by_project.size(), 4U);
  EXPECT_TRUE(by_project.at("good")->refused.empty());
  EXPECT_TRUE(YAML::Load(by_project.at("good")->text)["services"]["db"]);
  EXPECT_NE(by_project.at("shop")->refused.find("has no com.docker.compose.service"),
            std::string::npos)
      << by_project.at("shop")->refused;
  EXPECT_TRUE(by_project.at("shop")->text.empty());
  EXPECT_NE(by_project.at("other")->refused.find("not a Compose service name"), std::string::npos);
  EXPECT_NE(by_project.at("../../x")->refused.find("not a Compose project name"),
            std::string::npos);
}

TEST(ComposeOverride, DataPathVolumesAreMountedAndDeclaredByTheirOwnName) {
  auto files = generate_compose_overrides({web_with_data(), db()});
  ASSERT_TRUE(files) << files.error().to_string();
  const ComposeOverride& file = files->front();
  const YAML::Node doc = YAML::Load(file.text);
  const std::string volume = volume_for_data_path("shop-web-1", "/var/lib/web");
  EXPECT_EQ(strings(doc["services"]["web"]["volumes"]),
            std::vector<std::string>{volume + ":/var/lib/web"})
      << file.text;
  EXPECT_FALSE(doc["services"]["db"]["volumes"]) << "db has no data path";
  ASSERT_TRUE(doc["volumes"][volume]) << file.text;
  EXPECT_EQ(doc["volumes"][volume]["name"].as<std::string>(), volume);

  // Without a data path there is nothing to declare.
  auto plain = generate_compose_overrides({web(), db()});
  ASSERT_TRUE(plain);
  EXPECT_FALSE(YAML::Load(plain->front().text)["volumes"]);
}

TEST(ComposeOverride, ReplicasWithDataVolumesAreToldTheyShareThem) {
  HardenedContainer second = web_with_data();
  second.original.name = "shop-web-2";
  second.spec.mounts.back().source = volume_for_data_path("shop-web-2", "/var/lib/web");
  auto files = generate_compose_overrides({web_with_data(), second});
  ASSERT_TRUE(files);
  const auto& service = files->front().services.front();
  ASSERT_EQ(service.notes.size(), 1U) << "volume names differ by replica: not a difference";
  EXPECT_NE(service.notes.front().find("share the data volumes named after shop-web-1"),
            std::string::npos)
      << service.notes.front();
}

TEST(ComposeOverride, ReplicasHardenedDifferentlyGetANote) {
  HardenedContainer second = web();
  second.original.name = "shop-web-2";
  second.spec.memory = int64_t{256} << 20;
  auto files = generate_compose_overrides({web(), second});
  ASSERT_TRUE(files);
  const auto& service = files->front().services.front();
  EXPECT_EQ(service.containers.size(), 2U);
  ASSERT_EQ(service.notes.size(), 1U);
  EXPECT_NE(service.notes.front().find("shop-web-2"), std::string::npos);
}

// --- docker-compose v1 merges the real files -------------------------------------------------

struct Command {
  int status = -1;
  std::string out;
  std::string err;
};

Command run_in(const fs::path& dir, const std::string& args) {
  const fs::path err = dir / "stderr.txt";
  const std::string command =
      "cd '" + dir.string() + "' && docker-compose " + args + " 2>'" + err.string() + "'";
  Command result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t read = 0;
  while ((read = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, read);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err);
  std::stringstream text;
  text << in.rdbuf();
  result.err = text.str();
  return result;
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

struct Port {
  std::string host_ip;  // "" = every interface
  std::string published;
  std::string target;
};

// v1's `config` prints a port as "ip:published:target/proto" or as {published, target, ...}.
Port read_port(const YAML::Node& node) {
  if (node.IsMap()) {
    return {node["host_ip"] ? node["host_ip"].as<std::string>() : "",
            node["published"] ? node["published"].as<std::string>() : "",
            node["target"].as<std::string>()};
  }
  std::string text = node.as<std::string>();
  text = text.substr(0, text.find('/'));
  std::vector<std::string> parts;
  std::stringstream stream(text);
  for (std::string part; std::getline(stream, part, ':');) parts.push_back(part);
  if (parts.size() == 3) return {parts[0] == "0.0.0.0" ? "" : parts[0], parts[1], parts[2]};
  if (parts.size() == 2) return {"", parts[0], parts[1]};
  return {"", "", parts.at(0)};
}

const char* kBaseFile = R"(services:
  web:
    image: hardock-test/web:1
    ports:
      - "80:8080"
    cap_add: [NET_ADMIN]
    security_opt: ["label=disable"]
    user: root
    restart: always
  db:
    image: hardock-test/busybox:1
    command: sleep 3600
    privileged: true
)";

class ComposeV1 : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("docker-compose version >/dev/null 2>&1") != 0) {
      const char* ci = std::getenv("CI");
      if (ci != nullptr && std::string(ci) == "true") FAIL() << "docker-compose is not installed";
      GTEST_SKIP() << "docker-compose (v1) is not installed";
    }
    std::string pattern = (fs::temp_directory_path() / "hardock-compose-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // The merged web service of compose.yml (`base`) and the generated override.
  YAML::Node merged_web(const std::string& base, const ComposeOverride& file) {
    write_file(dir_ / "compose.yml", base);
    write_file(dir_ / file.file_name, file.text);
    const Command result = run_in(dir_, "-f compose.yml -f " + file.file_name + " config");
    EXPECT_EQ(result.status, 0) << result.err << "\n" << file.text;
    const YAML::Node merged = YAML::Load(result.out);
    return merged["services"]["web"];
  }

  fs::path dir_;
};

TEST_F(ComposeV1, MergedServiceIsHardenedAndBaseEditsNameWhatV1Keeps) {
  auto files = generate_compose_overrides({web(), db()});
  ASSERT_TRUE(files);
  const ComposeOverride& file = files->front();
  const YAML::Node merged = merged_web(kBaseFile, file);
  ASSERT_TRUE(merged.IsMap());
  EXPECT_EQ(strings(merged["cap_drop"]), std::vector<std::string>{"ALL"});
  EXPECT_TRUE(merged["read_only"].as<bool>());
  EXPECT_EQ(merged["user"].as<std::string>(), "1000");
  EXPECT_EQ(merged["restart"].as<std::string>(), "on-failure:5");
  EXPECT_EQ(merged["pids_limit"].as<int>(), 64);
  EXPECT_TRUE(merged["healthcheck"]["test"]);

  // v1 appended the base file's port; the header names it (and every other survivor).
  bool every_interface_kept = false;
  for (const auto& node : merged["ports"]) {
    const Port port = read_port(node);
    if (!port.host_ip.empty()) continue;
    every_interface_kept = true;
    EXPECT_TRUE(has_edit(file, "ports", "0.0.0.0:" + port.published + ":" + port.target + "/tcp"))
        << port.published << ":" << port.target;
  }
  EXPECT_TRUE(every_interface_kept) << "docker-compose v1 no longer appends ports: revisit the "
                                       "portable dialect";
  for (const auto& cap : strings(merged["cap_add"])) {
    if (cap != "NET_BIND_SERVICE") {
      EXPECT_TRUE(has_edit(file, "cap_add", cap)) << cap;
    }
  }
  for (const auto& option : strings(merged["security_opt"])) {
    if (option != "no-new-privileges:true") {
      EXPECT_TRUE(has_edit(file, "security_opt", option)) << option;
    }
  }
}

TEST_F(ComposeV1, AfterTheBaseEditsNoPortListensOnEveryInterface) {
  auto files = generate_compose_overrides({web(), db()});
  ASSERT_TRUE(files);
  const ComposeOverride& file = files->front();
  // The base file with the entries named by base_edits removed, as a user would.
  YAML::Node base = YAML::Load(kBaseFile);
  for (const auto& edit : file.base_edits) {
    YAML::Node list = base["services"][edit.service][edit.field];
    YAML::Node kept(YAML::NodeType::Sequence);
    for (const auto& item : list) {
      const Port port = read_port(item);
      const std::string normal = edit.field == "ports"
                                     ? (port.host_ip.empty() ? "0.0.0.0" : port.host_ip) + ":" +
                                           port.published + ":" + port.target + "/tcp"
                                     : item.as<std::string>();
      if (normal != edit.value) kept.push_back(item);
    }
    base["services"][edit.service][edit.field] = kept;
  }
  YAML::Emitter edited;
  edited << base;
  const YAML::Node merged = merged_web(edited.c_str(), file);
  ASSERT_TRUE(merged["ports"]);
  for (const auto& node : merged["ports"]) {
    EXPECT_FALSE(read_port(node).host_ip.empty()) << YAML::Dump(node);
  }
  EXPECT_EQ(strings(merged["cap_add"]), std::vector<std::string>{"NET_BIND_SERVICE"});
  EXPECT_EQ(strings(merged["security_opt"]), std::vector<std::string>{"no-new-privileges:true"});
}

TEST_F(ComposeV1, DataVolumesAreMergedBesideTheBaseFilesVolumes) {
  auto files = generate_compose_overrides({web_with_data(), db()});
  ASSERT_TRUE(files);
  const ComposeOverride& file = files->front();
  YAML::Node base = YAML::Load(kBaseFile);
  base["services"]["web"]["volumes"].push_back("static:/srv/static:ro");
  base["volumes"]["static"] = YAML::Node(YAML::NodeType::Map);
  YAML::Emitter edited;
  edited << base;
  write_file(dir_ / "compose.yml", edited.c_str());
  write_file(dir_ / file.file_name, file.text);
  const Command result = run_in(dir_, "-f compose.yml -f " + file.file_name + " config");
  ASSERT_EQ(result.status, 0) << result.err << "\n" << file.text;
  const YAML::Node merged = YAML::Load(result.out);
  std::map<std::string, std::string> source_at;  // target -> source
  for (const auto& node : merged["services"]["web"]["volumes"]) {
    if (node.IsMap()) {
      source_at[node["target"].as<std::string>()] = node["source"].as<std::string>();
    } else {
      const std::string text = node.as<std::string>();
      const auto colon = text.find(':');
      const auto end = text.find(':', colon + 1);
      source_at[text.substr(colon + 1, end - colon - 1)] = text.substr(0, colon);
    }
  }
  const std::string volume = volume_for_data_path("shop-web-1", "/var/lib/web");
  EXPECT_EQ(source_at["/var/lib/web"], volume) << result.out;
  EXPECT_EQ(source_at["/srv/static"], "static") << result.out;
  EXPECT_EQ(merged["volumes"][volume]["name"].as<std::string>(), volume) << result.out;
}

TEST_F(ComposeV1, V1RejectsTheOverrideTagsDialect) {
  auto files =
      generate_compose_overrides({web(), db()}, {.dialect = ComposeDialect::kOverrideTags});
  ASSERT_TRUE(files);
  const ComposeOverride& file = files->front();
  write_file(dir_ / "compose.yml", kBaseFile);
  write_file(dir_ / file.file_name, file.text);
  const Command result = run_in(dir_, "-f compose.yml -f " + file.file_name + " config");
  EXPECT_NE(result.status, 0);
  EXPECT_NE(result.err.find("!override"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace hardock::harden
