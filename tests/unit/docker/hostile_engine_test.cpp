// The collector and the HTTP client against an engine that lies (issue 9, part 3): bodies nested
// 100,000 deep, numbers out of range, fields of the wrong type in one container, a container
// list that does not parse, bodies over the memory caps. Each one bad object is "could not
// check" named by its request; the rest of the engine is collected; nothing crashes and nothing
// is a silent pass. The engine is a FakeEngine on a unix socket whose answers each test writes.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "fake_engine.h"
#include "hardock/docker/collector.h"
#include "hardock/docker/engine_client.h"
#include "hardock/docker/http_client.h"

namespace hardock::docker {
namespace {

using nlohmann::json;
using testing::Action;
using testing::FakeEngine;
using testing::http_chunked_reply;
using testing::http_reply;

const std::string kApi = "/v1.41";

// A minimal engine: /info, /version, the two lists, and the answers in `bodies` by path
// (without the /v1.41 prefix); anything else is a 404 as dockerd gives it.
struct Scripted {
  std::map<std::string, Action> answers;
  std::string container_list = R"([{"Id":"good"},{"Id":"bad"}])";

  Action operator()(const std::string& path) const {
    if (path == "/_ping") return http_reply(200, "OK");
    if (path == "/version" || path == kApi + "/version") {
      return http_reply(200, R"({"Version":"20.10.0","ApiVersion":"1.41","MinAPIVersion":"1.12"})");
    }
    const std::string rest = path.rfind(kApi, 0) == 0 ? path.substr(kApi.size()) : path;
    if (auto found = answers.find(rest); found != answers.end()) return found->second;
    if (rest == "/info") return http_reply(200, R"({"ID":"e","OSType":"linux"})");
    if (rest == "/containers/json?all=1") return http_reply(200, container_list);
    if (rest == "/networks") return http_reply(200, "[]");
    if (rest == "/system/df") return http_reply(200, "{}");
    if (rest == "/containers/good/json") {
      return http_reply(200, R"({"Id":"good","Name":"/good","Image":"sha256:i1",
                                 "State":{"Running":false},"HostConfig":{"Privileged":true}})");
    }
    if (rest == "/images/sha256:i1/json") return http_reply(200, R"({"Id":"sha256:i1"})");
    if (rest == "/images/sha256:i1/history") return http_reply(200, "[]");
    return http_reply(404, R"({"message":"No such object"})");
  }
};

Endpoint endpoint_for(const FakeEngine& engine, size_t max_body = 0, size_t max_total = 0) {
  EndpointOptions options;
  options.host = engine.url();
  options.parallelism = 4;
  options.max_body_bytes = max_body;
  options.max_total_bytes = max_total;
  auto endpoint = resolve_endpoint(options, [](const std::string&) { return std::nullopt; });
  EXPECT_TRUE(endpoint.has_value()) << endpoint.error().to_string();
  return *endpoint;
}

CollectOptions options() {
  CollectOptions out;
  out.allow_proc = false;
  out.collected_at = "2026-01-02T03:04:05Z";
  return out;
}

std::vector<std::string> error_lines(const EngineSnapshot& snapshot) {
  std::vector<std::string> out;
  for (const auto& error : snapshot.errors) out.push_back(error.what + " | " + error.message);
  return out;
}

// Both collection paths, and the document decoded again, must agree on what could not be read.
struct Collected {
  EngineSnapshot typed;
  EngineSnapshot decoded;
};

Collected collect_both(const Scripted& script) {
  FakeEngine engine(std::cref(script));
  auto client = EngineClient::connect(endpoint_for(engine));
  EXPECT_TRUE(client.has_value()) << client.error().to_string();
  auto typed = collect_snapshot(*client, options());
  EXPECT_TRUE(typed.has_value()) << typed.error().to_string();
  auto document = collect_snapshot_document(*client, options());
  EXPECT_TRUE(document.has_value()) << document.error().to_string();
  // What `collect -o` writes and `audit --from` reads back.
  auto decoded = decode_snapshot_text(document->dump());
  EXPECT_TRUE(decoded.has_value()) << decoded.error().to_string();
  EXPECT_EQ(error_lines(*typed), error_lines(*decoded));
  return {std::move(*typed), std::move(*decoded)};
}

void expect_only_good_collected(const Collected& collected) {
  for (const EngineSnapshot* snapshot : {&collected.typed, &collected.decoded}) {
    ASSERT_EQ(snapshot->containers.size(), 1u);
    EXPECT_EQ(snapshot->containers[0].id, "good");
    EXPECT_TRUE(snapshot->containers[0].privileged);
    EXPECT_EQ(snapshot->images.size(), 1u);
  }
}

TEST(HostileEngine, AWrongTypeInOneInspectMakesThatContainerAnErrorNamingIt) {
  Scripted script;
  script.answers["/containers/bad/json"] =
      http_reply(200, R"({"Id":"bad","Name":"/bad","HostConfig":{"Privileged":"yes"}})");
  auto collected = collect_both(script);
  expect_only_good_collected(collected);
  EXPECT_EQ(error_lines(collected.typed),
            std::vector<std::string>{"GET /containers/bad/json | container: field "
                                     "HostConfig.Privileged: expected a boolean"});
}

TEST(HostileEngine, AnInspectNested100000DeepIsAnErrorNotACrash) {
  // `collect` of such a body reached 3.9 GB, then SIGSEGV.
  Scripted script;
  script.answers["/containers/bad/json"] = http_reply(
      200, R"({"Id":"bad","Unknown":)" + std::string(100000, '[') + std::string(100000, ']') + "}");
  auto collected = collect_both(script);
  expect_only_good_collected(collected);
  EXPECT_EQ(error_lines(collected.typed),
            std::vector<std::string>{
                "GET /containers/bad/json | JSON nested deeper than 128 levels at byte 149"});
}

TEST(HostileEngine, ANumberOutOfRangeIsAnErrorNotAnInternalFailure) {
  Scripted script;
  script.answers["/containers/bad/json"] =
      http_reply(200, R"({"Id":"bad","HostConfig":{"Memory":1e999999}})");
  auto collected = collect_both(script);
  expect_only_good_collected(collected);
  EXPECT_EQ(
      error_lines(collected.typed),
      std::vector<std::string>{"GET /containers/bad/json | number overflow parsing '1e999999'"});
}

TEST(HostileEngine, AnInspectThatIsNotAnObjectIsAnError) {
  Scripted script;
  script.answers["/containers/bad/json"] = http_reply(200, R"(["bad"])");
  auto collected = collect_both(script);
  expect_only_good_collected(collected);
  EXPECT_EQ(error_lines(collected.typed),
            std::vector<std::string>{"GET /containers/bad/json | expected a JSON object"});
}

TEST(HostileEngine, AContainerListThatDoesNotParseIsARecordedErrorNeverAnEmptyEngine) {
  Scripted script;
  script.container_list = R"([{"Id":"good"},)";
  auto collected = collect_both(script);
  EXPECT_TRUE(collected.typed.containers.empty());
  EXPECT_EQ(error_lines(collected.typed),
            std::vector<std::string>{"GET /containers/json?all=1 | invalid JSON at byte 16 of 15"});
}

TEST(HostileEngine, ListItemsWithoutAnIdAreRecordedAndDuplicatesInspectedOnce) {
  Scripted script;
  script.container_list = R"([{"Id":"good"},{"Id":5},"x",{"Id":"good"}])";
  auto collected = collect_both(script);
  ASSERT_EQ(collected.typed.containers.size(), 1u);
  EXPECT_EQ(error_lines(collected.typed),
            std::vector<std::string>{
                "GET /containers/json?all=1 | 2 item(s) without an Id string (the first is [1]); "
                "they could not be inspected"});
}

TEST(HostileEngine, InfoOfTheWrongShapeFailsNamingTheRequest) {
  Scripted script;
  script.answers["/info"] = http_reply(200, R"({"Debug":"yes"})");
  FakeEngine engine(std::cref(script));
  auto client = EngineClient::connect(endpoint_for(engine));
  ASSERT_TRUE(client.has_value());
  auto typed = collect_snapshot(*client, options());
  ASSERT_FALSE(typed.has_value());
  EXPECT_EQ(typed.error().to_string(), "GET /info: info: field Debug: expected a boolean");
  auto document = collect_snapshot_document(*client, options());
  ASSERT_FALSE(document.has_value());
  EXPECT_EQ(document.error().to_string(), typed.error().to_string());
}

// Disk use of the wrong shape is an error entry naming the field, never "0 bytes".
TEST(HostileEngine, DiskUseOfTheWrongShapeIsAnErrorEntry) {
  Scripted script;
  script.answers["/system/df"] = http_reply(200, R"({"Volumes":[{"UsageData":{"Size":"big"}}]})");
  auto collected = collect_both(script);
  expect_only_good_collected(collected);
  EXPECT_FALSE(collected.typed.disk_usage.has_value());
  EXPECT_FALSE(collected.decoded.disk_usage.has_value());
  const CollectionError* disk = nullptr;
  for (const auto& error : collected.typed.errors) {
    if (error.what == "GET /system/df") disk = &error;
  }
  ASSERT_NE(disk, nullptr);
  EXPECT_NE(disk->message.find("Volumes[0].UsageData.Size"), std::string::npos) << disk->message;
}

TEST(HostileEngine, AnErrorAnswerNested100000DeepIsShownAsText) {
  Scripted script;
  script.answers["/containers/bad/json"] =
      http_reply(500, std::string(100000, '[') + std::string(100000, ']'));
  auto collected = collect_both(script);
  expect_only_good_collected(collected);
  ASSERT_EQ(collected.typed.errors.size(), 1u);
  EXPECT_EQ(collected.typed.errors[0].message,
            "engine answered HTTP 500: " + std::string(200, '[') + "...");
}

// Exec sessions (CIS 5.23, 5.24): each ExecID is inspected; one that ended (404) is gone, not
// unread; one whose inspect failed otherwise is an error entry (could not look).
TEST(HostileEngine, ExecSessionsAreInspectedAndAnEndedOneIsNotAnError) {
  Scripted script;
  script.container_list = R"([{"Id":"good"},{"Id":"ex"}])";
  script.answers["/containers/ex/json"] =
      http_reply(200, R"({"Id":"ex","Name":"/ex","ExecIDs":["e1","e2","e3","e4"],
                         "State":{"Running":true}})");
  script.answers["/containers/ex/top?ps_args=-eo%20uid%2Cpid%2Cargs"] =
      http_reply(200, R"({"Titles":["UID","PID","CMD"],"Processes":[["0","7","sleep"]]})");
  script.answers["/exec/e1/json"] =
      http_reply(200, R"({"ID":"e1","Running":true,"ProcessConfig":{"privileged":true,"user":"root",
              "entrypoint":"sleep","arguments":["600"]}})");
  script.answers["/exec/e2/json"] = http_reply(404, R"({"message":"No such exec instance"})");
  script.answers["/exec/e3/json"] = http_reply(500, R"({"message":"injected"})");
  script.answers["/exec/e4/json"] =
      http_reply(200, R"({"ID":"e4","ProcessConfig":{"privileged":"yes"}})");
  auto collected = collect_both(script);
  for (const EngineSnapshot* snapshot : {&collected.typed, &collected.decoded}) {
    const Container* ex = snapshot->find_container("ex");
    ASSERT_NE(ex, nullptr);
    EXPECT_TRUE(ex->execs_read);
    EXPECT_EQ(ex->exec_ids, (std::vector<std::string>{"e1", "e3", "e4"}));
    ASSERT_EQ(ex->execs.size(), 1u);
    EXPECT_EQ(ex->execs[0].id, "e1");
    EXPECT_TRUE(ex->execs[0].privileged);
    EXPECT_EQ(ex->execs[0].user, "root");
    EXPECT_EQ(ex->execs[0].command, "sleep 600");
    ASSERT_EQ(ex->processes.size(), 1u);
    EXPECT_TRUE(snapshot->find_container("good")->execs_read);
  }
  EXPECT_EQ(error_lines(collected.typed),
            (std::vector<std::string>{
                "GET /exec/e3/json | engine answered HTTP 500: injected",
                "GET /exec/e4/json | exec session: field ProcessConfig.privileged: expected a "
                "boolean"}));
}

TEST(HostileEngine, ExecInspectsAreKeptInTheDocument) {
  Scripted script;
  script.container_list = R"([{"Id":"ex"}])";
  script.answers["/containers/ex/json"] =
      http_reply(200, R"({"Id":"ex","Name":"/ex","ExecIDs":["e1","e2"]})");
  script.answers["/exec/e1/json"] =
      http_reply(200, R"({"ID":"e1","Running":true,"ProcessConfig":{"user":"root"}})");
  FakeEngine engine(std::cref(script));
  auto client = EngineClient::connect(endpoint_for(engine));
  ASSERT_TRUE(client.has_value());
  auto document = collect_snapshot_document(*client, options());
  ASSERT_TRUE(document.has_value()) << document.error().to_string();
  const json& entry = (*document)["containers"][0];
  ASSERT_EQ(entry["execs"].size(), 1u);
  EXPECT_EQ(entry["execs"][0]["ProcessConfig"]["user"], "root");
  EXPECT_EQ(entry["execs_ended"], json::array({"e2"}));
  EXPECT_EQ((*document)["errors"], json::array());
}

// Memory caps: one answer over the per-body cap is an error naming the request and the cap,
// whether it announced its length or streamed it in chunks.
TEST(HostileEngine, AnAnswerOverTheBodyCapIsRefusedNamingRequestAndCap) {
  const std::string big = R"({"Id":"bad","Name":")" + std::string(3 << 20, 'x') + R"("})";
  for (bool chunked : {false, true}) {
    FakeEngine engine([&](const std::string&) {
      return chunked ? http_chunked_reply(200, big) : http_reply(200, big);
    });
    auto client = HttpClient::create(endpoint_for(engine, size_t{1} << 20, size_t{4} << 20));
    ASSERT_TRUE(client.has_value());
    auto single = client->get("/v1.41/containers/bad/json");
    ASSERT_FALSE(single.has_value()) << chunked;
    EXPECT_EQ(single.error().to_string(),
              "GET /v1.41/containers/bad/json: the answer from " + engine.url() +
                  " is larger than the cap of 1 MiB per answer (HARDOCK_MAX_BODY_MB raises it)");
    auto many = client->get_many({"/v1.41/containers/bad/json"});
    ASSERT_FALSE(many[0].has_value());
    EXPECT_EQ(many[0].error().to_string(), single.error().to_string());
    EXPECT_LE(client->peak_body_bytes(), size_t{1} << 20);
  }
}

// Bodies in flight stay under the total cap (plus one body): transfers wait for memory rather
// than fail, and every answer arrives whole.
TEST(HostileEngine, ParallelBodiesStayUnderTheTotalCapAndAllArrive) {
  const size_t body_size = 700 << 10;
  FakeEngine engine([&](const std::string& path) {
    const std::string body = "\"" + path + std::string(body_size, '.') + "\"";
    return http_chunked_reply(200, body, 16384);
  });
  const size_t cap = size_t{1} << 20;
  auto client = HttpClient::create(endpoint_for(engine, cap, cap));
  ASSERT_TRUE(client.has_value());
  std::vector<std::string> paths;
  for (int index = 0; index < 16; ++index) paths.push_back("/item/" + std::to_string(index));
  auto results = client->get_many(paths);
  for (size_t index = 0; index < paths.size(); ++index) {
    ASSERT_TRUE(results[index].has_value()) << results[index].error().to_string();
    EXPECT_EQ(results[index]->size(), body_size + paths[index].size() + 2);
  }
  EXPECT_GT(client->peak_body_bytes(), body_size);
  EXPECT_LE(client->peak_body_bytes(), 2 * cap);
}

TEST(HostileEngine, MemoryCapsComeFromTheEnvironmentAndAreChecked) {
  EndpointOptions options;
  options.host = "unix:///x.sock";
  auto env = [](std::map<std::string, std::string> values) {
    return [values](const std::string& name) -> std::optional<std::string> {
      auto found = values.find(name);
      if (found == values.end()) return std::nullopt;
      return found->second;
    };
  };
  auto endpoint = resolve_endpoint(options, env({{"HARDOCK_MAX_BODY_MB", "8"}}));
  ASSERT_TRUE(endpoint.has_value());
  EXPECT_EQ(endpoint->max_body_bytes, size_t{8} << 20);
  EXPECT_EQ(endpoint->max_total_bytes, kDefaultMaxTotalBytes);
  auto large = resolve_endpoint(options, env({{"HARDOCK_MAX_BODY_MB", "512"}}));
  ASSERT_TRUE(large.has_value());
  EXPECT_EQ(large->max_total_bytes, size_t{512} << 20);  // the total is never below one body
  auto bad = resolve_endpoint(options, env({{"HARDOCK_MAX_TOTAL_MB", "lots"}}));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message,
            "HARDOCK_MAX_TOTAL_MB='lots': expected a whole number of MiB between 1 and 1048576");
  auto below =
      resolve_endpoint(options, env({{"HARDOCK_MAX_BODY_MB", "8"}, {"HARDOCK_MAX_TOTAL_MB", "4"}}));
  ASSERT_FALSE(below.has_value());
  EXPECT_EQ(below.error().message,
            "the total memory cap (4 MiB) is below the per-answer cap (8 MiB)");
}

}  // namespace
}  // namespace hardock::docker
