// decode_snapshot on documents recorded from a private dockerd 20.10 (see
// tests/data/docker/README.md).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "fake_engine.h"
#include "hardock/docker/snapshot.h"
#include "hardock/io/json_guard.h"

namespace hardock::docker {
namespace {

using core::ErrorCode;

std::string fixture(const std::string& name) {
  return testing::read_text(std::string(HARDOCK_TEST_DATA) + "/docker/" + name);
}

TEST(SnapshotDecode, RecordedSnapshotDecodes) {
  auto snapshot = decode_snapshot_text(fixture("snapshot-dockerd-20.10.json"));
  ASSERT_TRUE(snapshot.has_value()) << snapshot.error().to_string();
  EXPECT_EQ(snapshot->endpoint, "unix:///tmp/client-engine/docker.sock");
  EXPECT_TRUE(snapshot->local);
  EXPECT_EQ(snapshot->version.api_version, "1.41");
  EXPECT_EQ(snapshot->info.storage_driver, "vfs");
  ASSERT_EQ(snapshot->containers.size(), 6u);
  EXPECT_TRUE(snapshot->errors.empty());

  const Container* web = snapshot->find_container("web");
  ASSERT_NE(web, nullptr);
  EXPECT_TRUE(web->running);
  EXPECT_TRUE(web->readonly_rootfs);
  EXPECT_EQ(web->cap_drop, std::vector<std::string>{"ALL"});
  EXPECT_EQ(web->pids_limit, 100);
  EXPECT_EQ(web->memory, 64 << 20);
  EXPECT_EQ(web->restart_policy.name, "on-failure");
  EXPECT_EQ(web->process_source, ProcessSource::kProc);
  ASSERT_EQ(web->processes.size(), 1u);
  EXPECT_EQ(web->processes[0].user, "root");

  const Container* c2 = snapshot->find_container("c2");
  ASSERT_NE(c2, nullptr);
  ASSERT_EQ(c2->processes.size(), 2u);
  EXPECT_EQ(c2->processes[0].user, "1000");

  const Container* created = snapshot->find_container("priv");
  ASSERT_NE(created, nullptr);
  EXPECT_TRUE(created->privileged);
  EXPECT_FALSE(created->running);
  EXPECT_EQ(created->process_source, ProcessSource::kNone);

  const Network* backend = snapshot->find_network("backend");
  ASSERT_NE(backend, nullptr);
  EXPECT_TRUE(backend->internal);
  ASSERT_EQ(backend->containers.size(), 1u);
  EXPECT_EQ(backend->containers[0].name, "db");
  ASSERT_EQ(snapshot->images.size(), 1u);
  EXPECT_NE(snapshot->find_image(web->image_id), nullptr);
}

TEST(SnapshotDecode, RecordedInspectDecodes) {
  auto container = decode_container(nlohmann::json::parse(fixture("inspect-web.json")));
  ASSERT_TRUE(container.has_value()) << container.error().to_string();
  EXPECT_EQ(container->name, "web");
  EXPECT_EQ(container->cap_add, std::vector<std::string>{"CAP_NET_BIND_SERVICE"});
  EXPECT_EQ(container->security_opt, std::vector<std::string>{"no-new-privileges"});
  ASSERT_EQ(container->mounts.size(), 1u);
  EXPECT_FALSE(container->mounts[0].rw);
  EXPECT_EQ(container->labels.at("tier"), "front");
}

TEST(SnapshotDecode, OtherMajorSchemaIsUnsupported) {
  auto snapshot = decode_snapshot_text(R"({"schema":"hardock.engine-snapshot/2"})");
  ASSERT_FALSE(snapshot.has_value());
  EXPECT_EQ(snapshot.error().code, ErrorCode::kUnsupportedVersion);
}

// One container that lies about its shape is "could not check", named by its id; the others
// are audited (issue 9: "Privileged": "yes" used to abort the whole audit).
TEST(SnapshotDecode, AWrongTypeInOneContainerIsAnErrorEntryNamingItAndTheField) {
  auto document = nlohmann::json::parse(fixture("snapshot-dockerd-20.10.json"));
  const std::string id = document["containers"][1]["inspect"]["Id"];
  document["containers"][1]["inspect"]["HostConfig"]["Privileged"] = "yes";
  auto snapshot = decode_snapshot(document);
  ASSERT_TRUE(snapshot.has_value()) << snapshot.error().to_string();
  EXPECT_EQ(snapshot->containers.size(), 5u);
  EXPECT_EQ(snapshot->find_container(id), nullptr);
  ASSERT_EQ(snapshot->errors.size(), 1u);
  EXPECT_EQ(snapshot->errors[0].what, "GET /containers/" + id + "/json");
  EXPECT_EQ(snapshot->errors[0].message,
            "container: field HostConfig.Privileged: expected a boolean");
}

TEST(SnapshotDecode, BadNetworkImageAndEntryWithoutIdAreErrorEntries) {
  auto document = nlohmann::json::parse(fixture("snapshot-dockerd-20.10.json"));
  const std::string network = document["networks"][0]["Id"];
  document["networks"][0]["Internal"] = 1;
  document["images"][0]["Size"] = "big";
  const std::string image = document["images"][0]["Id"];
  document["containers"].push_back(42);
  document["containers"].push_back({{"inspect", {{"Id", "a/b"}}}, {"processes", "none"}});
  auto snapshot = decode_snapshot(document);
  ASSERT_TRUE(snapshot.has_value()) << snapshot.error().to_string();
  EXPECT_EQ(snapshot->containers.size(), 6u);
  EXPECT_EQ(snapshot->find_network(network), nullptr);
  EXPECT_TRUE(snapshot->images.empty());
  std::vector<std::string> what;
  for (const auto& error : snapshot->errors) what.push_back(error.what + " | " + error.message);
  // Sorted by what: parallel collection fails in no stable order.
  EXPECT_EQ(what, (std::vector<std::string>{
                      "GET /containers/a%2Fb/json | container: field processes: expected an "
                      "object",
                      "GET /images/" + image + "/json | image: field Size: expected an integer",
                      "GET /networks/" + network + " | network: field Internal: expected a boolean",
                      "snapshot containers[6] | container: expected an object",
                  }));
}

TEST(SnapshotDecode, InfoOfTheWrongShapeFailsTheWholeSnapshot) {
  auto document = nlohmann::json::parse(fixture("snapshot-dockerd-20.10.json"));
  document["info"]["Debug"] = "yes";
  auto snapshot = decode_snapshot(document);
  ASSERT_FALSE(snapshot.has_value());
  EXPECT_EQ(snapshot.error().code, ErrorCode::kMalformedInput);
  EXPECT_EQ(snapshot.error().message, "snapshot: field info.Debug: expected a boolean");
}

TEST(SnapshotDecode, DeepNestingIsRefusedBeforeParsing) {
  // 100,000 levels inside an unknown field: parsing and destroying that tree recursed until the
  // stack ran out.
  std::string deep = R"({"containers":[{"inspect":{"Id":"c1","X":)" + std::string(100000, '[') +
                     std::string(100000, ']') + "}}]}";
  auto snapshot = decode_snapshot_text(deep);
  ASSERT_FALSE(snapshot.has_value());
  EXPECT_EQ(snapshot.error().code, ErrorCode::kMalformedInput);
  EXPECT_NE(snapshot.error().message.find("nested deeper than 128 levels"), std::string::npos)
      << snapshot.error().message;
}

TEST(SnapshotDecode, ANumberOutOfRangeIsMalformedNotInternal) {
  auto snapshot = decode_snapshot_text(R"({"containers":[{"inspect":{"Id":"c1",
      "HostConfig":{"Memory":1e999999}}}]})");
  ASSERT_FALSE(snapshot.has_value());
  EXPECT_EQ(snapshot.error().code, ErrorCode::kMalformedInput);
  EXPECT_NE(snapshot.error().message.find("number overflow parsing '1e999999'"), std::string::npos)
      << snapshot.error().message;
  // A large number that does parse (as a double) is a wrong type in that one container.
  auto wide = decode_snapshot_text(R"({"containers":[{"inspect":{"Id":"c1",
      "HostConfig":{"Memory":1e300}}}, {"inspect":{"Id":"c2"}}]})");
  ASSERT_TRUE(wide.has_value()) << wide.error().to_string();
  EXPECT_EQ(wide->containers.size(), 1u);
  ASSERT_EQ(wide->errors.size(), 1u);
  EXPECT_EQ(wide->errors[0].message, "container: field HostConfig.Memory: expected an integer");
}

TEST(SnapshotDecode, EndedExecSessionsAreNotListedAsUnread) {
  auto snapshot = decode_snapshot_text(R"({"containers":[{
      "inspect":{"Id":"c1","ExecIDs":["e1","e2","e3"]},
      "execs":[{"ID":"e1","Running":true,"ProcessConfig":{"privileged":true,"user":"root",
                "entrypoint":"sh","arguments":["-c","sleep 1"]}}],
      "execs_ended":["e2"]}]})");
  ASSERT_TRUE(snapshot.has_value()) << snapshot.error().to_string();
  const Container& container = snapshot->containers.at(0);
  EXPECT_TRUE(container.execs_read);
  EXPECT_EQ(container.exec_ids, (std::vector<std::string>{"e1", "e3"}));
  ASSERT_EQ(container.execs.size(), 1u);
  EXPECT_TRUE(container.execs[0].privileged);
  EXPECT_EQ(container.execs[0].user, "root");
  EXPECT_EQ(container.execs[0].command, "sh -c sleep 1");
}

// decode_snapshot_stream (what audit --from reads a file with: 1 MiB chunks, containers decoded
// on a second thread) gives what the tree decoder gives, errors and a repeated member included.
TEST(SnapshotDecode, StreamingAndTreeDecodersAgree) {
  nlohmann::json containers = nlohmann::json::array();
  for (int index = 0; index < 700; ++index) {
    containers.push_back({{"inspect",
                           {{"Id", "c" + std::to_string(index)},
                            {"Name", "/n" + std::to_string(index)},
                            {"HostConfig", {{"Privileged", index % 7 == 0}}}}}});
  }
  containers[350]["inspect"]["HostConfig"]["Privileged"] = "yes";
  // Long enough to span several 1 MiB chunks.
  containers[10]["inspect"]["Config"]["Env"] = {"PAD=" + std::string(3 << 20, 'x')};
  nlohmann::json document = {{"schema", std::string(kSnapshotSchema)},
                             {"endpoint", "unix:///x.sock"},
                             {"containers", containers},
                             {"networks", {{{"Id", "n1"}, {"Name", "net"}}, {{"Id", 5}}}},
                             {"images", {{{"Id", "sha256:i"}}}}};
  // A member given twice: the tree parser keeps the last one, and so must the stream.
  const std::string text =
      R"({"containers":[{"inspect":{"Id":"dropped"}}],)" + document.dump().substr(1);
  auto tree = decode_snapshot(nlohmann::json::parse(text));
  ASSERT_TRUE(tree.has_value()) << tree.error().to_string();
  std::istringstream in(text);
  nlohmann::json rest;
  auto streamed = decode_snapshot_stream(in, &rest);
  ASSERT_TRUE(streamed.has_value()) << streamed.error().to_string();
  ASSERT_EQ(streamed->containers.size(), 699u);
  ASSERT_EQ(streamed->containers.size(), tree->containers.size());
  for (size_t index = 0; index < tree->containers.size(); ++index) {
    EXPECT_EQ(streamed->containers[index].id, tree->containers[index].id);
    EXPECT_EQ(streamed->containers[index].privileged, tree->containers[index].privileged);
  }
  EXPECT_EQ(streamed->containers[10].env.at(0).size(), (3u << 20) + 4);
  ASSERT_EQ(streamed->errors.size(), 2u);
  for (size_t index = 0; index < tree->errors.size(); ++index) {
    EXPECT_EQ(streamed->errors[index].what, tree->errors[index].what);
    EXPECT_EQ(streamed->errors[index].message, tree->errors[index].message);
  }
  EXPECT_EQ(streamed->errors[0].what, "GET /containers/c350/json");
  EXPECT_EQ(streamed->errors[1].what, "snapshot networks[1]");
  EXPECT_EQ(streamed->networks.size(), 1u);
  EXPECT_EQ(streamed->images.size(), 1u);
  // The rest of the document, without what was streamed.
  EXPECT_EQ(rest["endpoint"], "unix:///x.sock");
  EXPECT_EQ(rest["containers"], nlohmann::json::array());
}

TEST(SnapshotDecode, StreamingRefusesDeepNestingAndBadNumbers) {
  const std::string deep_text =
      R"({"containers":[{"inspect":{"X":)" + std::string(200, '[') + std::string(200, ']') + "}}]}";
  std::istringstream deep(deep_text);
  auto nested = decode_snapshot_stream(deep);
  // The same place the text guard names.
  EXPECT_EQ(io::json_nesting_error(deep_text), "nested deeper than 128 levels at byte 155");
  ASSERT_FALSE(nested.has_value());
  EXPECT_EQ(nested.error().message, "snapshot: JSON nested deeper than 128 levels at byte 155");
  std::istringstream number(R"({"containers":[{"inspect":{"HostConfig":{"Memory":1e999999}}}]})");
  auto overflow = decode_snapshot_stream(number);
  ASSERT_FALSE(overflow.has_value());
  EXPECT_EQ(overflow.error().code, ErrorCode::kMalformedInput);
  EXPECT_EQ(overflow.error().message, "snapshot: number overflow parsing '1e999999'");
}

TEST(SnapshotDecode, TruncatedTextGivesBytePosition) {
  std::string text = fixture("snapshot-dockerd-20.10.json").substr(0, 500);
  auto snapshot = decode_snapshot_text(text);
  ASSERT_FALSE(snapshot.has_value());
  EXPECT_EQ(snapshot.error().code, ErrorCode::kMalformedInput);
  EXPECT_NE(snapshot.error().message.find("at byte 501"), std::string::npos)
      << snapshot.error().message;
}

}  // namespace
}  // namespace hardock::docker
