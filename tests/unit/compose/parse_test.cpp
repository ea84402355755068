#include <gtest/gtest.h>

#include <algorithm>

#include "compose_test_util.h"
#include "hardock/compose/project.h"

namespace hardock::compose {
namespace {

using testing::clean_options;
using testing::fixture;
using testing::TempDir;

ComposeProject load(const std::vector<std::string>& paths, const LoadOptions& options = {}) {
  auto project = load_project(paths, options);
  EXPECT_TRUE(project) << (project ? "" : project.error().to_string());
  return project ? std::move(*project) : ComposeProject{};
}

void expect_pos(Pos pos, std::uint32_t line, std::uint32_t column) {
  EXPECT_EQ(pos.line, line);
  EXPECT_EQ(pos.column, column);
}

TEST(ComposeParse, KeysAndItemsCarryTheirPositions) {
  const auto project = load({fixture("bad/compose.yml")}, clean_options());
  EXPECT_EQ(project.name, "shop");
  ASSERT_EQ(project.services.size(), 2U);
  const Service* web = project.find_service("web");
  ASSERT_NE(web, nullptr);
  expect_pos(web->pos, 3, 3);
  expect_pos(web->keys.at("cap_add"), 5, 5);
  ASSERT_EQ(web->cap_add.size(), 1U);
  expect_pos(web->cap_add[0].pos, 6, 9);
  ASSERT_EQ(web->volumes.size(), 3U);
  expect_pos(web->volumes[1].pos, 9, 9);
  expect_pos(web->volumes[2].pos, 10, 9);  // the long syntax: its first key
  EXPECT_EQ(web->volumes[0].type, "bind");
  EXPECT_TRUE(web->volumes[0].read_only);
  EXPECT_EQ(web->volumes[0].source, project.working_dir + "/html");
  EXPECT_EQ(web->volumes[2].source, "/etc");
  ASSERT_EQ(web->ports.size(), 3U);
  expect_pos(web->ports[1].pos, 15, 9);
  EXPECT_EQ(web->ports[0].host_ip, "127.0.0.1");
  EXPECT_EQ(web->ports[1].host_ip, "");
  EXPECT_EQ(web->ports[1].published, "8080");
  EXPECT_EQ(web->ports[2].target, "80");
  expect_pos(web->environment.at("DB_PASSWORD").pos, 21, 7);
  ASSERT_TRUE(web->user);
  EXPECT_EQ(*web->user, "root");
  const Service* tool = project.find_service("tool");
  ASSERT_NE(tool, nullptr);
  EXPECT_TRUE(tool->privileged);
  expect_pos(tool->keys.at("privileged"), 26, 5);
  EXPECT_FALSE(tool->user);
  const auto location = project.location(tool->keys.at("pid"));
  EXPECT_EQ(location.file, fixture("bad/compose.yml"));
  EXPECT_EQ(location.line, 28U);
}

TEST(ComposeParse, PortSyntaxes) {
  TempDir dir;
  dir.write("compose.yml", R"(services:
  web:
    image: x
    ports:
      - 80
      - "8000-8002:9000-9002/udp"
      - "[::1]:8443:443"
      - target: 53
        published: "5353"
        host_ip: 10.0.0.1
        protocol: udp
)");
  const auto project = load({(dir.path() / "compose.yml").string()});
  const auto& ports = project.services.at(0).ports;
  ASSERT_EQ(ports.size(), 4U);
  EXPECT_EQ(ports[0].target, "80");
  EXPECT_EQ(ports[0].published, "");
  EXPECT_EQ(ports[1].published, "8000-8002");
  EXPECT_EQ(ports[1].protocol, "udp");
  EXPECT_EQ(ports[2].host_ip, "::1");
  EXPECT_EQ(ports[2].published, "8443");
  EXPECT_EQ(ports[3].host_ip, "10.0.0.1");
  EXPECT_EQ(ports[3].protocol, "udp");
  expect_pos(ports[3].pos, 8, 9);
}

TEST(ComposeParse, ExtendsInTheSameFileAndAnother) {
  const auto project = load({fixture("extends/compose.yml")});
  const Service* web = project.find_service("web");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->image, "alpine:3.19");
  EXPECT_TRUE(web->privileged);
  EXPECT_EQ(web->mem_limit, 128 << 20);
  ASSERT_EQ(web->cap_add.size(), 1U);
  expect_pos(web->cap_add[0].pos, 4, 15);  // where base declares it
  const Service* api = project.find_service("api");
  ASSERT_NE(api, nullptr);
  EXPECT_TRUE(api->read_only);
  EXPECT_EQ(api->user.value_or(""), "1000");
  ASSERT_EQ(api->ports.size(), 2U);  // appended
  // The extended file's items point into that file; its relative paths resolve against it.
  const auto location = project.location(api->ports[0].pos);
  EXPECT_NE(location.file.find("common/common.yml"), std::string::npos) << location.file;
  EXPECT_EQ(location.line, 7U);
  EXPECT_EQ(api->volumes.at(0).source, project.working_dir + "/common/conf");
}

TEST(ComposeParse, ExtendsCycleAndDepthAreErrors) {
  TempDir dir;
  dir.write("compose.yml", R"(services:
  a:
    image: x
    extends: b
  b:
    image: x
    extends: a
)");
  auto cycle = load_project({(dir.path() / "compose.yml").string()});
  ASSERT_FALSE(cycle);
  EXPECT_NE(cycle.error().message.find("cycle"), std::string::npos) << cycle.error().message;
  EXPECT_NE(cycle.error().message.find("compose.yml:"), std::string::npos);

  std::string chain = "services:\n";
  for (int idx = 0; idx < 40; ++idx) {
    chain += "  s" + std::to_string(idx) + ":\n    image: x\n";
    if (idx + 1 < 40) chain += "    extends: s" + std::to_string(idx + 1) + "\n";
  }
  dir.write("deep.yml", chain);
  auto deep = load_project({(dir.path() / "deep.yml").string()});
  ASSERT_FALSE(deep);
  EXPECT_NE(deep.error().message.find("chain longer"), std::string::npos) << deep.error().message;
}

TEST(ComposeParse, ExtendsFileOutsideTheProjectIsRefused) {
  TempDir dir;
  dir.write("outside.yml", "services:\n  x:\n    image: x\n");
  dir.write("project/compose.yml",
            "services:\n  web:\n    extends:\n      file: ../outside.yml\n      service: x\n");
  auto project = load_project({(dir.path() / "project/compose.yml").string()});
  ASSERT_FALSE(project);
  EXPECT_NE(project.error().message.find("outside the project directory"), std::string::npos)
      << project.error().message;
  EXPECT_NE(project.error().message.find("compose.yml:3:5:"), std::string::npos)
      << project.error().message;
}

TEST(ComposeParse, FilesMergeInOrderByComposeRules) {
  const auto project = load({fixture("merge/base.yml"), fixture("merge/override.yml")});
  ASSERT_EQ(project.services.size(), 2U);
  const Service* web = project.find_service("web");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->user.value_or(""), "1000");  // scalar replaced
  expect_pos(web->keys.at("user"), 3, 5);
  EXPECT_EQ(project.files.at(web->keys.at("user").file), fixture("merge/override.yml"));
  ASSERT_EQ(web->ports.size(), 2U);    // distinct {ip, target, published, protocol}: appended
  ASSERT_EQ(web->volumes.size(), 1U);  // same target: replaced
  EXPECT_EQ(web->volumes[0].source, "/srv/b");
  EXPECT_EQ(web->environment.at("MODE").value.value_or(""), "prod");  // list and map merged
  EXPECT_EQ(web->environment.at("KEEP").value.value_or(""), "1");
  ASSERT_EQ(web->cap_add.size(), 2U);
  EXPECT_EQ(project.config_file_count, 2U);
}

TEST(ComposeParse, OverrideAndResetTagsReplaceInsteadOfMerging) {
  TempDir dir;
  dir.write("compose.yml", R"(services:
  web:
    image: x
    user: root
    ports: ["80:80", "443:443"]
    cap_add: [NET_ADMIN]
    environment: {A: "1", B: "2"}
)");
  dir.write("override.yml", R"(services:
  web:
    user: !reset null
    ports: !override ["127.0.0.1:8080:80"]
    cap_add: !reset []
    environment: !override {C: "3"}
)");
  const auto project =
      load({(dir.path() / "compose.yml").string(), (dir.path() / "override.yml").string()});
  const Service& web = project.services.at(0);
  EXPECT_FALSE(web.user);
  ASSERT_EQ(web.ports.size(), 1U);
  EXPECT_EQ(web.ports[0].host_ip, "127.0.0.1");
  EXPECT_TRUE(web.cap_add.empty());
  EXPECT_EQ(web.environment.size(), 1U);
  EXPECT_TRUE(web.environment.contains("C"));
}

TEST(ComposeParse, InterpolationFromEnvironmentAndDotEnv) {
  LoadOptions options;
  options.environment = {{"PORT", "9999"}, {"ONLY_ENV", ""}};
  const auto project = load({fixture("interp/compose.yml")}, options);
  const Service& web = project.services.at(0);
  EXPECT_EQ(web.image, "nginx:1.25");
  EXPECT_EQ(web.user.value_or(""), "1000");       // from .env
  EXPECT_EQ(web.ports.at(0).published, "9999");   // the environment wins over .env
  EXPECT_EQ(web.ports.at(0).host_ip, "0.0.0.0");  // .env BIND
  EXPECT_EQ(web.environment.at("COST").value.value_or(""), "$5");
  EXPECT_EQ(web.environment.at("FROM_ENV").value.value_or("?"), "");  // set, empty: no default
  EXPECT_EQ(web.environment.at("EMPTY_DEFAULT").value.value_or(""), "fallback");
  EXPECT_EQ(web.environment.at("EMPTY_DASH").value.value_or("?"), "");
  EXPECT_EQ(web.environment.at("PORT").value.value_or("?"), "9999");  // `- PORT`: the shell's
  EXPECT_FALSE(web.environment.at("NOT_ANYWHERE").value);
}

TEST(ComposeParse, InterpolationErrorsNameFileAndLine) {
  TempDir dir;
  dir.write("compose.yml", "services:\n  web:\n    image: x\n    user: ${NEEDED:?set NEEDED}\n");
  auto missing = load_project({(dir.path() / "compose.yml").string()});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("compose.yml:4:11: services.web.user: required "
                                         "variable NEEDED is unset: set NEEDED"),
            std::string::npos)
      << missing.error().message;
  dir.write("bad.yml", "services:\n  web:\n    image: x\n    user: \"a $ b\"\n");
  auto malformed = load_project({(dir.path() / "bad.yml").string()});
  ASSERT_FALSE(malformed);
  EXPECT_NE(malformed.error().message.find("bad.yml:4:11:"), std::string::npos)
      << malformed.error().message;
  dir.write("unset.yml", "services:\n  web:\n    image: \"x:${NOPE}\"\n");
  auto unset = load_project({(dir.path() / "unset.yml").string()});
  ASSERT_TRUE(unset);
  EXPECT_EQ(unset->services.at(0).image, "x:");
  ASSERT_EQ(unset->warnings.size(), 1U);
  EXPECT_NE(unset->warnings[0].find("NOPE"), std::string::npos);
}

void expect_one_line_error(const core::Result<ComposeProject>& result, const std::string& where) {
  ASSERT_FALSE(result);
  const std::string message = result.error().to_string();
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_NE(message.find(where), std::string::npos) << message;
}

TEST(ComposeHostile, BadTypeNamesFileLineAndField) {
  expect_one_line_error(load_project({fixture("hostile/bad_type.yml")}),
                        "bad_type.yml:5:7: services.web.privileged: expected a string");
}

TEST(ComposeHostile, NonUtf8IsRefusedWithItsPosition) {
  expect_one_line_error(load_project({fixture("hostile/non_utf8.yml")}),
                        "non_utf8.yml:3:15: not valid UTF-8");
}

TEST(ComposeHostile, AnchorBombIsNeverExpanded) {
  // yaml-cpp shares an alias's node; the reader only walks a Compose file's own shape, so the
  // bomb costs nothing: the labels' first item is a sequence, not a string.
  expect_one_line_error(load_project({fixture("hostile/anchors.yml")}),
                        "services.web.labels[0]: expected a string");
}

TEST(ComposeHostile, AliasesCountTowardsTheNodeBound) {
  TempDir dir;
  std::string text = "x-a: &a NET_ADMIN\nservices:\n  web:\n    image: x\n    cap_add: [";
  for (size_t idx = 0; idx < kMaxNodes + 10; ++idx) text += idx == 0 ? "*a" : ",*a";
  text += "]\n";
  dir.write("aliases.yml", text);
  expect_one_line_error(load_project({(dir.path() / "aliases.yml").string()}), "YAML nodes");
}

TEST(ComposeHostile, DeepFlowNestingIsRefused) {
  expect_one_line_error(load_project({fixture("hostile/deep_flow.yml")}),
                        "YAML: nested too deeply");
}

TEST(ComposeHostile, DeepBlockNestingIsRefused) {
  TempDir dir;
  std::string text = "services:\n  web:\n    image: x\n    labels:\n";
  std::string indent = "      ";
  for (int depth = 0; depth < 1000; ++depth) {  // 0.5 MB: under the size limit
    text += indent + "k:\n";
    indent += " ";
  }
  dir.write("deep.yml", text);
  auto result = load_project({(dir.path() / "deep.yml").string()});
  expect_one_line_error(result, "deep.yml:");
  expect_one_line_error(result, "nested too deeply");
}

TEST(ComposeHostile, TenMegabyteFileIsRefused) {
  TempDir dir;
  std::string text = "services:\n  web:\n    image: x\n# ";
  text.append(10 << 20, 'x');
  dir.write("big.yml", text);
  auto result = load_project({(dir.path() / "big.yml").string()});
  expect_one_line_error(result, "big.yml");
}

TEST(ComposeHostile, ManyShapesNeverCrash) {
  const std::vector<std::string> inputs = {
      "",
      "---",
      "[]",
      "services: 3",
      "services: [a]",
      "services:\n  a: 3",
      "services:\n  a:\n    ports: 80",
      "services:\n  a:\n    ports: [\"x:y:z:w\"]",
      "services:\n  a:\n    volumes: [\"a:b:c:d\"]",
      "services:\n  a:\n    mem_limit: lots",
      "services:\n  a:\n    image: x\n    <<: 3",
      "{{{{",
      "services:\n  a: &x\n    <<: *x",
      "services:\n  a:\n    image: x\n    environment: [[1]]",
      "services:\n  a:\n    image: x\n    healthcheck: yes",
  };
  for (const auto& input : inputs) {
    auto result = load_project_texts({{"t.yml", input}});
    if (!result) {
      EXPECT_EQ(result.error().message.find('\n'), std::string::npos) << input;
      EXPECT_EQ(result.error().message.rfind("t.yml", 0), 0U) << result.error().message;
    }
  }
}

}  // namespace
}  // namespace hardock::compose
