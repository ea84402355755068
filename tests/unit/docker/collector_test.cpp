// The collector against a fake engine that replays the recorded snapshot
// (tests/data/docker/snapshot-dockerd-20.10.json) object by object.
#include "hardock/docker/collector.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "fake_engine.h"
#include "hardock/docker/snapshot.h"

namespace hardock::docker {
namespace {

using nlohmann::json;
using testing::FakeEngine;
using testing::http_reply;
using testing::TempDir;

json recorded() {
  return json::parse(
      testing::read_text(std::string(HARDOCK_TEST_DATA) + "/docker/snapshot-dockerd-20.10.json"));
}

// GET /system/df as dockerd 24 answers it (recorded snapshots predate it), cut to a few objects.
const json kSystemDf = json::parse(R"({
  "LayersSize": 5000,
  "Images": [{"Id": "sha256:aaa", "RepoTags": ["web:1"], "Size": 4000, "SharedSize": 1000,
              "Containers": 1, "VirtualSize": 4000, "Labels": {}},
             {"Id": "sha256:bbb", "RepoTags": null, "Size": 1000, "SharedSize": 0,
              "Containers": 0}],
  "Containers": [{"Id": "c1", "Names": ["/up"], "State": "running", "SizeRw": 10},
                 {"Id": "c2", "Names": ["/down"], "State": "exited", "SizeRw": 300}],
  "Volumes": [{"Name": "v1", "UsageData": {"Size": 70, "RefCount": 0}},
              {"Name": "v2", "UsageData": {"Size": -1, "RefCount": -1}}],
  "BuildCache": [{"ID": "b1", "Size": 20, "InUse": false, "Shared": false}]})");

struct Replay {
  json snapshot = recorded();
  std::set<std::string> failing;  // paths answered with HTTP 500
  bool announce = false;          // send Api-Version on /_ping, as engines since API 1.25 do

  testing::Action operator()(const std::string& path) const {
    if (failing.count(path) != 0) return http_reply(500, R"({"message":"injected failure"})");
    if (path == "/_ping") {
      if (!announce) return http_reply(200, "OK");
      return {"HTTP/1.1 200 OK\r\nApi-Version: " +
                  snapshot["version"]["ApiVersion"].get<std::string>() +
                  "\r\nContent-Length: 2\r\n\r\nOK",
              false, false};
    }
    if (path == "/version") return http_reply(200, snapshot["version"].dump());
    const std::string prefix = "/v1.41";
    if (path.rfind(prefix, 0) != 0) return http_reply(400, R"({"message":"unversioned"})");
    const std::string rest = path.substr(prefix.size());
    if (rest == "/info") return http_reply(200, snapshot["info"].dump());
    if (rest == "/version") return http_reply(200, snapshot["version"].dump());
    if (rest == "/containers/json?all=1") {
      json list = json::array();
      for (const auto& item : snapshot["containers"])
        list.push_back({{"Id", item["inspect"]["Id"]}});
      return http_reply(200, list.dump());
    }
    for (const auto& item : snapshot["containers"]) {
      const std::string base = "/containers/" + item["inspect"]["Id"].get<std::string>();
      if (rest == base + "/json") return http_reply(200, item["inspect"].dump());
      if (rest == base + "/top?ps_args=-eo%20uid%2Cpid%2Cargs") {
        json rows = json::array();
        for (const auto& process : item["processes"]["list"]) {
          std::string user = process["user"];
          rows.push_back({user == "root" ? "0" : user, std::to_string(process["pid"].get<int>()),
                          process["command"]});
        }
        return http_reply(200,
                          json{{"Titles", {"UID", "PID", "COMMAND"}}, {"Processes", rows}}.dump());
      }
    }
    if (rest == "/system/df") {
      return http_reply(200, snapshot.value("system_df", kSystemDf).dump());
    }
    if (rest == "/networks") {
      json list = json::array();
      for (const auto& network : snapshot["networks"]) list.push_back({{"Id", network["Id"]}});
      return http_reply(200, list.dump());
    }
    for (const auto& network : snapshot["networks"]) {
      if (rest == "/networks/" + network["Id"].get<std::string>()) {
        return http_reply(200, network.dump());
      }
    }
    for (const auto& image : snapshot["images"]) {
      // A snapshot keeps the history inside the inspect; the engine answers it apart.
      const std::string image_path = "/images/" + image["Id"].get<std::string>();
      if (rest == image_path + "/json") {
        json inspect = image;
        inspect.erase("History");
        return http_reply(200, inspect.dump());
      }
      if (rest == image_path + "/history") {
        return http_reply(200, image.value("History", json::array()).dump());
      }
    }
    return http_reply(404, R"({"message":"no such object"})");
  }
};

EngineClient connect_to(const FakeEngine& engine) {
  EndpointOptions options;
  options.host = engine.url();
  options.parallelism = 3;
  auto endpoint = resolve_endpoint(options, [](const std::string&) { return std::nullopt; });
  EXPECT_TRUE(endpoint.has_value());
  auto client = EngineClient::connect(*endpoint);
  EXPECT_TRUE(client.has_value()) << client.error().to_string();
  return std::move(*client);
}

CollectOptions without_proc() {
  CollectOptions options;
  options.allow_proc = false;
  options.collected_at = "2026-01-02T03:04:05Z";
  return options;
}

const json* container_named(const json& document, const std::string& name) {
  for (const auto& item : document["containers"]) {
    if (item["inspect"]["Name"] == "/" + name) return &item;
  }
  return nullptr;
}

TEST(Collector, ReplaysTheRecordedEngineAndRoundTrips) {
  Replay replay;
  FakeEngine engine(std::cref(replay));
  EngineClient client = connect_to(engine);
  auto document = collect_snapshot_document(client, without_proc());
  ASSERT_TRUE(document.has_value()) << document.error().to_string();

  EXPECT_EQ((*document)["schema"], std::string(kSnapshotSchema));
  EXPECT_EQ((*document)["endpoint"], engine.url());
  EXPECT_EQ((*document)["collected_at"], "2026-01-02T03:04:05Z");
  EXPECT_EQ((*document)["local"], true);
  EXPECT_EQ((*document)["info"], replay.snapshot["info"]);
  EXPECT_EQ((*document)["version"], replay.snapshot["version"]);
  EXPECT_EQ((*document)["networks"], replay.snapshot["networks"]);
  EXPECT_EQ((*document)["images"], replay.snapshot["images"]);
  EXPECT_EQ((*document)["errors"], json::array());
  const json& containers = (*document)["containers"];
  ASSERT_EQ(containers.size(), replay.snapshot["containers"].size());
  for (size_t index = 0; index < containers.size(); ++index) {
    const json& want = replay.snapshot["containers"][index];
    EXPECT_EQ(containers[index]["inspect"], want["inspect"]);
    EXPECT_EQ(containers[index]["processes"]["list"], want["processes"]["list"]);
    bool running = want["inspect"]["State"]["Running"];
    EXPECT_EQ(containers[index]["processes"]["source"], running ? "top" : "none");
  }

  auto snapshot = decode_snapshot(*document);
  ASSERT_TRUE(snapshot.has_value()) << snapshot.error().to_string();
  EXPECT_EQ(snapshot->containers.size(), 6u);
  const Container* c2 = snapshot->find_container("c2");
  ASSERT_NE(c2, nullptr);
  EXPECT_EQ(c2->process_source, ProcessSource::kTop);
  EXPECT_EQ(c2->processes.size(), 2u);
}

TEST(Collector, AFailedTopIsRecordedAndNeverReadsAsNoProcesses) {
  Replay replay;
  const json* c2 = container_named(replay.snapshot, "c2");
  ASSERT_NE(c2, nullptr);
  const std::string top = "/containers/" + (*c2)["inspect"]["Id"].get<std::string>() +
                          "/top?ps_args=-eo%20uid%2Cpid%2Cargs";
  replay.failing.insert("/v1.41" + top);
  FakeEngine engine(std::cref(replay));
  EngineClient client = connect_to(engine);
  auto document = collect_snapshot_document(client, without_proc());
  ASSERT_TRUE(document.has_value());

  const json* collected = container_named(*document, "c2");
  ASSERT_NE(collected, nullptr);
  EXPECT_EQ((*collected)["processes"]["source"], "top");
  EXPECT_EQ((*collected)["processes"]["error"], "engine answered HTTP 500: injected failure");
  ASSERT_EQ((*document)["errors"].size(), 1u);
  EXPECT_EQ((*document)["errors"][0]["what"], "GET " + top);
  EXPECT_EQ((*container_named(*document, "c1"))["processes"]["list"].size(), 1u);

  auto snapshot = decode_snapshot(*document);
  ASSERT_TRUE(snapshot.has_value());
  EXPECT_FALSE(snapshot->find_container("c2")->process_error.empty());
  EXPECT_EQ(snapshot->errors.size(), 1u);
}

// The streaming path (audit) and the document path (collect -o, then audit --from) must give the
// same typed snapshot: findings are identical only if these are.
void expect_same_snapshot(const EngineSnapshot& typed, const EngineSnapshot& decoded) {
  EXPECT_EQ(typed.endpoint, decoded.endpoint);
  EXPECT_EQ(typed.collected_at, decoded.collected_at);
  EXPECT_EQ(typed.local, decoded.local);
  EXPECT_EQ(typed.info.server_version, decoded.info.server_version);
  EXPECT_EQ(typed.version.api_version, decoded.version.api_version);
  ASSERT_EQ(typed.containers.size(), decoded.containers.size());
  for (size_t i = 0; i < typed.containers.size(); ++i) {
    const Container& a = typed.containers[i];
    const Container& b = decoded.containers[i];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.cap_add, b.cap_add);
    EXPECT_EQ(a.privileged, b.privileged);
    EXPECT_EQ(a.process_source, b.process_source) << a.name;
    EXPECT_EQ(a.process_error, b.process_error) << a.name;
    ASSERT_EQ(a.processes.size(), b.processes.size()) << a.name;
    for (size_t p = 0; p < a.processes.size(); ++p) {
      EXPECT_EQ(a.processes[p].pid, b.processes[p].pid);
      EXPECT_EQ(a.processes[p].user, b.processes[p].user);
      EXPECT_EQ(a.processes[p].command, b.processes[p].command);
    }
  }
  ASSERT_EQ(typed.networks.size(), decoded.networks.size());
  for (size_t i = 0; i < typed.networks.size(); ++i) {
    EXPECT_EQ(typed.networks[i].id, decoded.networks[i].id);
    EXPECT_EQ(typed.networks[i].containers.size(), decoded.networks[i].containers.size());
  }
  ASSERT_EQ(typed.images.size(), decoded.images.size());
  for (size_t i = 0; i < typed.images.size(); ++i) {
    EXPECT_EQ(typed.images[i].id, decoded.images[i].id);
  }
  ASSERT_EQ(typed.errors.size(), decoded.errors.size());
  for (size_t i = 0; i < typed.errors.size(); ++i) {
    EXPECT_EQ(typed.errors[i].what, decoded.errors[i].what);
    EXPECT_EQ(typed.errors[i].message, decoded.errors[i].message);
  }
}

TEST(Collector, StreamingCollectionEqualsTheDecodedDocument) {
  Replay replay;
  const json* c2 = container_named(replay.snapshot, "c2");
  ASSERT_NE(c2, nullptr);
  // A failing /top too, so error entries and process errors are compared as well.
  replay.failing.insert("/v1.41/containers/" + (*c2)["inspect"]["Id"].get<std::string>() +
                        "/top?ps_args=-eo%20uid%2Cpid%2Cargs");
  FakeEngine engine(std::cref(replay));
  EngineClient client = connect_to(engine);
  auto document = collect_snapshot_document(client, without_proc());
  ASSERT_TRUE(document.has_value());
  auto decoded = decode_snapshot(*document);
  ASSERT_TRUE(decoded.has_value());
  auto typed = collect_snapshot(client, without_proc());
  ASSERT_TRUE(typed.has_value()) << typed.error().to_string();
  EXPECT_EQ(typed->containers.size(), 6u);
  EXPECT_EQ(typed->errors.size(), 1u);
  expect_same_snapshot(*typed, *decoded);
}

TEST(Collector, VersionAnnouncedOnPingIsReadAlongsideInfo) {
  Replay replay;
  replay.announce = true;
  FakeEngine engine(std::cref(replay));
  EngineClient client = connect_to(engine);
  EXPECT_TRUE(client.version().is_null());
  auto typed = collect_snapshot(client, without_proc());
  ASSERT_TRUE(typed.has_value()) << typed.error().to_string();
  EXPECT_EQ(typed->version.api_version, replay.snapshot["version"]["ApiVersion"]);
  EXPECT_EQ(typed->version.version, replay.snapshot["version"]["Version"]);
  auto paths = engine.paths();
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/version"), 0);
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/v1.41/version"), 1);

  // The document path reads it the same way, and both decode alike.
  EngineClient other = connect_to(engine);
  auto document = collect_snapshot_document(other, without_proc());
  ASSERT_TRUE(document.has_value()) << document.error().to_string();
  EXPECT_EQ((*document)["version"], replay.snapshot["version"]);
  auto decoded = decode_snapshot(*document);
  ASSERT_TRUE(decoded.has_value());
  expect_same_snapshot(*typed, *decoded);
}

TEST(Collector, AFailingVersionFailsTheCollection) {
  Replay replay;
  replay.announce = true;
  replay.failing.insert("/v1.41/version");
  FakeEngine engine(std::cref(replay));
  EngineClient client = connect_to(engine);
  auto typed = collect_snapshot(client, without_proc());
  ASSERT_FALSE(typed.has_value());
  EXPECT_NE(typed.error().to_string().find("injected failure"), std::string::npos);
}

TEST(Collector, NetworksAreOrderedByNameWhateverOrderTheEngineLists) {
  Replay replay;
  json& networks = replay.snapshot["networks"];
  ASSERT_GE(networks.size(), 2u);
  // The engine lists them in reverse name order here.
  std::sort(networks.begin(), networks.end(),
            [](const json& a, const json& b) { return a["Name"] > b["Name"]; });
  FakeEngine engine(std::cref(replay));
  EngineClient client = connect_to(engine);
  auto typed = collect_snapshot(client, without_proc());
  ASSERT_TRUE(typed.has_value()) << typed.error().to_string();
  auto document = collect_snapshot_document(client, without_proc());
  ASSERT_TRUE(document.has_value());
  auto decoded = decode_snapshot(*document);
  ASSERT_TRUE(decoded.has_value());
  for (const auto* snapshot : {&*typed, &*decoded}) {
    ASSERT_EQ(snapshot->networks.size(), networks.size());
    EXPECT_TRUE(std::is_sorted(snapshot->networks.begin(), snapshot->networks.end(),
                               [](const Network& a, const Network& b) { return a.name < b.name; }));
  }
}

TEST(Collector, AVanishedContainerIsAnErrorEntryAndTheRestIsCollected) {
  Replay replay;
  const json* c1 = container_named(replay.snapshot, "c1");
  ASSERT_NE(c1, nullptr);
  const std::string path = "/containers/" + (*c1)["inspect"]["Id"].get<std::string>() + "/json";
  replay.failing.insert("/v1.41" + path);
  FakeEngine engine(std::cref(replay));
  EngineClient client = connect_to(engine);
  auto document = collect_snapshot_document(client, without_proc());
  ASSERT_TRUE(document.has_value());
  EXPECT_EQ((*document)["containers"].size(), 5u);
  ASSERT_EQ((*document)["errors"].size(), 1u);
  EXPECT_EQ((*document)["errors"][0]["what"], "GET " + path);
}

TEST(Collector, LocalEngineReadsProcAndNeverCallsTop) {
  Replay replay;
  TempDir dir;
  for (const auto& item : replay.snapshot["containers"]) {
    if (!item["inspect"]["State"]["Running"].get<bool>()) continue;
    const std::string id = item["inspect"]["Id"];
    std::string procs;
    for (const auto& process : item["processes"]["list"]) {
      const std::string pid = std::to_string(process["pid"].get<int>());
      std::string user = process["user"];
      std::string uid = user == "root" ? "0" : user;
      dir.write("proc/" + pid + "/status",
                "Uid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\n");
      dir.write("proc/" + pid + "/cmdline", process["command"].get<std::string>());
      procs += pid + "\n";
    }
    dir.write("proc/" + std::to_string(item["inspect"]["State"]["Pid"].get<int>()) + "/cgroup",
              "8:pids:/docker/" + id + "\n");
    dir.write("cgroup/pids/docker/" + id + "/cgroup.procs", procs);
  }
  FakeEngine engine(std::cref(replay));
  EngineClient client = connect_to(engine);
  CollectOptions options = without_proc();
  options.allow_proc = true;
  options.roots = {dir.file("proc"), dir.file("cgroup")};
  auto document = collect_snapshot_document(client, options);
  ASSERT_TRUE(document.has_value());
  for (size_t index = 0; index < (*document)["containers"].size(); ++index) {
    const json& want = replay.snapshot["containers"][index];
    EXPECT_EQ((*document)["containers"][index]["processes"], want["processes"]);
  }
  for (const auto& path : engine.paths()) EXPECT_EQ(path.find("/top"), std::string::npos) << path;
}

TEST(Collector, EngineGoneAtInfoFailsTheCollection) {
  Replay replay;
  replay.failing.insert("/v1.41/info");
  FakeEngine engine(std::cref(replay));
  EngineClient client = connect_to(engine);
  auto document = collect_snapshot_document(client, without_proc());
  ASSERT_FALSE(document.has_value());
  EXPECT_EQ(document.error().code, core::ErrorCode::kProtocol);
}

}  // namespace
}  // namespace hardock::docker

namespace hardock::docker {
namespace {

// GET /system/df goes into the document cut down ("system_df") and decodes to the totals
// `docker system df` shows; the streaming collection gives the same.
TEST(Collector, DiskUseIsCollectedTrimmedAndDecoded) {
  Replay replay;
  FakeEngine engine(std::cref(replay));
  EngineClient client = connect_to(engine);
  auto document = collect_snapshot_document(client, without_proc());
  ASSERT_TRUE(document.has_value());
  ASSERT_TRUE(document->contains("system_df"));
  const json& kept = (*document)["system_df"];
  EXPECT_FALSE(kept["Images"][0].contains("VirtualSize"));  // trimmed to what is read
  EXPECT_FALSE(kept["Images"][0].contains("Labels"));
  auto decoded = decode_snapshot(*document);
  ASSERT_TRUE(decoded.has_value());
  ASSERT_TRUE(decoded->disk_usage.has_value());
  const DiskUsage& usage = *decoded->disk_usage;
  EXPECT_EQ(usage.layers_size, 5000);
  EXPECT_EQ(usage.images.count, 2);
  EXPECT_EQ(usage.images.active, 1);
  EXPECT_EQ(usage.images.reclaimable, 2000);  // 5000 less the 3000 unshared bytes in use
  ASSERT_EQ(usage.dangling_images.size(), 1u);
  EXPECT_EQ(usage.dangling_images[0].id, "sha256:bbb");
  EXPECT_EQ(usage.containers.count, 2);
  EXPECT_EQ(usage.containers.active, 1);
  EXPECT_EQ(usage.containers.size, 310);
  EXPECT_EQ(usage.containers.reclaimable, 300);
  ASSERT_EQ(usage.stopped_containers.size(), 1u);
  EXPECT_EQ(usage.stopped_containers[0].name, "down");
  EXPECT_EQ(usage.volumes.count, 2);
  EXPECT_FALSE(usage.volumes.size_known);  // -1: not computed, never read as 0 bytes
  EXPECT_EQ(usage.volumes.reclaimable, 70);
  EXPECT_EQ(usage.build_cache.reclaimable, 20);

  auto typed = collect_snapshot(client, without_proc());
  ASSERT_TRUE(typed.has_value());
  ASSERT_TRUE(typed->disk_usage.has_value());
  EXPECT_EQ(typed->disk_usage->containers.reclaimable, 300);
}

TEST(Collector, DiskUseThatFailsIsAnErrorNotZero) {
  Replay replay;
  replay.failing.insert("/v1.41/system/df");
  FakeEngine engine(std::cref(replay));
  EngineClient client = connect_to(engine);
  auto document = collect_snapshot_document(client, without_proc());
  ASSERT_TRUE(document.has_value());
  EXPECT_FALSE(document->contains("system_df"));
  auto decoded = decode_snapshot(*document);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_FALSE(decoded->disk_usage.has_value());
  bool recorded = false;
  for (const auto& error : decoded->errors) recorded = recorded || error.what == "GET /system/df";
  EXPECT_TRUE(recorded);
}

TEST(SnapshotDecode, DiskUseIsOptionalAndABadOneIsAnErrorEntry) {
  json snapshot = recorded();
  auto without = decode_snapshot(snapshot);
  ASSERT_TRUE(without.has_value());
  EXPECT_FALSE(without->disk_usage.has_value());  // an older snapshot: not collected
  snapshot["system_df"] = {{"Containers", "many"}};
  auto bad = decode_snapshot(snapshot);
  ASSERT_TRUE(bad.has_value());
  EXPECT_FALSE(bad->disk_usage.has_value());
  ASSERT_FALSE(bad->errors.empty());
  EXPECT_EQ(bad->errors[0].what, "GET /system/df");
  EXPECT_NE(bad->errors[0].message.find("Containers"), std::string::npos);
  EXPECT_EQ(bad->containers.size(), without->containers.size());
}

}  // namespace
}  // namespace hardock::docker
