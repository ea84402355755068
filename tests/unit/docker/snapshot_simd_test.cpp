// decode_snapshot_text (simdjson, snapshot_simd.cpp) against decode_snapshot_text_reference
// (nlohmann's streaming parser): the same EngineSnapshot, the same rest of the document and the
// same error for every document: recorded snapshots, documents made to differ from the usual
// shape in every way a reader sees (members given twice, wrong types, nulls, odd numbers and
// strings) and texts simdjson refuses, which must still give the reference decoder's error.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "fake_engine.h"
#include "hardock/docker/snapshot.h"
#include "hardock/docker/snapshot_simd.h"

namespace hardock::docker {
namespace {

// Decodes `text` with both decoders (and the stream reader, which takes the fast path for a
// text this small) and expects the same outcome; returns the fast decoder's.
core::Result<EngineSnapshot> expect_agree(const std::string& text) {
  nlohmann::json fast_rest;
  nlohmann::json reference_rest;
  auto fast = decode_snapshot_text(text, &fast_rest);
  auto reference = decode_snapshot_text_reference(text, &reference_rest);
  EXPECT_EQ(fast.has_value(), reference.has_value()) << text.substr(0, 200);
  if (fast && reference) {
    EXPECT_TRUE(*fast == *reference) << text.substr(0, 200);
    EXPECT_EQ(fast_rest, reference_rest) << text.substr(0, 200);
    EXPECT_EQ(fast_rest.dump(), reference_rest.dump());
  } else if (!fast && !reference) {
    EXPECT_EQ(fast.error().code, reference.error().code);
    EXPECT_EQ(fast.error().message, reference.error().message);
  }
  // The stream reader: whole (simdjson), and streaming from the first byte (threshold 0).
  for (size_t whole : {kSnapshotWholeBytes, size_t{0}}) {
    std::istringstream in(text);
    nlohmann::json stream_rest;
    auto streamed = decode_snapshot_stream(in, &stream_rest, whole);
    EXPECT_EQ(streamed.has_value(), reference.has_value()) << whole;
    if (streamed && reference) {
      EXPECT_TRUE(*streamed == *reference) << whole;
      EXPECT_EQ(stream_rest, reference_rest) << whole;
    } else if (!streamed && !reference) {
      EXPECT_EQ(streamed.error().message, reference.error().message) << whole;
    }
  }
  return fast;
}

std::string fixture(const std::string& path) {
  return testing::read_text(std::string(HARDOCK_TEST_DATA) + "/" + path);
}

TEST(SnapshotSimd, RecordedSnapshotsAgree) {
  for (const char* path :
       {"docker/snapshot-dockerd-20.10.json", "cli/two-containers.json", "cli/inspect-failed.json",
        "cli/wrong-type.json", "cli/schema-only.json", "cli/truncated.json",
        "cli/future-schema.json", "harden/network/mixed-levels.json"}) {
    SCOPED_TRACE(path);
    expect_agree(fixture(path));
  }
  auto snapshot = expect_agree(fixture("docker/snapshot-dockerd-20.10.json"));
  ASSERT_TRUE(snapshot.has_value());
  EXPECT_EQ(snapshot->containers.size(), 6u);  // the test can fail: the fast path decoded them
}

// A container whose every member the readers visit has the wrong type, one at a time: each
// gives an error entry naming the same field in both decoders.
TEST(SnapshotSimd, EveryWrongTypeNamesTheSameField) {
  const nlohmann::json good = nlohmann::json::parse(fixture("docker/snapshot-dockerd-20.10.json"));
  const nlohmann::json container = good["containers"][0];
  std::vector<nlohmann::json::json_pointer> pointers;
  // Every object member and array element under the first container, in a flat walk.
  std::vector<nlohmann::json::json_pointer> pending{nlohmann::json::json_pointer()};
  while (!pending.empty()) {
    auto pointer = pending.back();
    pending.pop_back();
    const auto& value = container.at(pointer);
    if (value.is_object()) {
      for (const auto& [key, unused] : value.items()) pending.push_back(pointer / key);
    } else if (value.is_array()) {
      for (size_t index = 0; index < value.size(); ++index) pending.push_back(pointer / index);
    }
    if (!pointer.empty()) pointers.push_back(pointer);
  }
  ASSERT_GT(pointers.size(), 100u);
  size_t errors = 0;
  for (const auto& pointer : pointers) {
    for (const nlohmann::json& wrong :
         {nlohmann::json(7), nlohmann::json("text"), nlohmann::json::array({1}),
          nlohmann::json::object({{"x", 1}}), nlohmann::json(true), nlohmann::json(1.5)}) {
      nlohmann::json document = good;
      document["containers"][0][pointer] = wrong;
      SCOPED_TRACE(pointer.to_string() + " = " + wrong.dump());
      auto decoded = expect_agree(document.dump());
      if (decoded && !decoded->errors.empty()) ++errors;
    }
  }
  EXPECT_GT(errors, 100u);  // most of the replacements are errors, named alike
}

TEST(SnapshotSimd, OddDocumentsAgree) {
  const std::vector<std::string> documents = {
      // Members given twice, at the top and inside an entry; the last counts.
      R"({"containers":[{"inspect":{"Id":"a"}}],"containers":[{"inspect":{"Id":"b","Id":"c"}}]})",
      R"({"containers":[{"inspect":{"Id":"a"}}],"containers":"no"})",
      R"({"containers":"no","containers":[{"inspect":{"Id":"a"}}]})",
      R"({"containers":[{"inspect":{"Id":"a","Config":{"Labels":{"k":"1","k":"2","a":"0"},
          "ExposedPorts":{"80/tcp":{},"22/tcp":{},"80/tcp":{}}},
          "NetworkSettings":{"Networks":{"z":{"NetworkID":"1"},"a":{"NetworkID":"2"},"z":{"NetworkID":"3"}},
          "Ports":{"80/tcp":[{"HostIp":"","HostPort":"80"}],"22/tcp":null,"80/tcp":null}}}}]})",
      R"({"containers":[{"inspect":{"Id":"a","Config":{"Labels":{"b":1,"a":2}}}}]})",
      R"({"containers":[{"inspect":{"Id":"a","NetworkSettings":{"Ports":{"80/tcp":[{"HostIp":1}],"1/tcp":5}}}}]})",
      // Entries that are not objects, or empty, or null.
      R"({"containers":[null,1,"x",[],{},{"inspect":null},{"inspect":5},{"inspect":{"Id":""}}]})",
      R"({"networks":[null,{"Id":5},{"Id":"n","Containers":{"b":{},"a":{"Name":"x"},"b":{"Name":"y"}}}],
          "images":[{"Id":"i","History":[{"Created":1}]},{"Id":"j","History":null},{"Id":7}]})",
      // Numbers: unsigned beyond int64, negative, -0, floats and exponents where integers go.
      R"({"containers":[{"inspect":{"Id":"a","HostConfig":{"Memory":18446744073709551615,
          "MemorySwap":-1,"CpuShares":-0,"NanoCpus":1.0,"PidsLimit":null}}}]})",
      R"({"containers":[{"inspect":{"Id":"a","HostConfig":{"Memory":1e3}}}]})",
      R"({"info":{"Containers":-9223372036854775808,"Images":9223372036854775807},"x":[1.5e300,-0.0,0]})",
      // Strings: escapes, surrogate pairs, NUL, non-ASCII.
      R"({"endpoint":"a\u0000b\"\\\/\b\f\n\r\t","containers":[{"inspect":{"Id":"\ud83d\ude00",
          "Name":"/caf\u00e9 \u2603","Config":{"Env":["A=\u00ff"]}}}]})",
      // The envelope: schema, info, version, errors, extra members, host kept in rest.
      R"({"schema":"hardock.engine-snapshot/1.4","endpoint":"unix:///x","local":true,
          "info":{"SecurityOptions":["name=seccomp,profile=default","name=rootless"],
          "RegistryConfig":{"IndexConfigs":{"a":{"Secure":false},"a":{"Secure":true}}}},
          "errors":[{"what":"GET /x","message":"m"}],"host":{"daemon":{"a":[1,2,{"b":null}]}},
          "extra":{"nested":[[[]]]}})",
      R"({"schema":"hardock.engine-snapshot/2"})",
      R"({"schema":5})",
      R"({"info":[]})",
      R"({"errors":[{"what":1}]})",
      R"({"containers":{}})",
      R"({})",
      // Texts simdjson refuses, each given the reference decoder's error (or result).
      "\xEF\xBB\xBF{\"endpoint\":\"bom\"}",
      R"({"containers":[{"inspect":{"HostConfig":{"Memory":18446744073709551616}}}]})",
      R"({"containers":[{"inspect":{"HostConfig":{"Memory":1e999999}}}]})",
      R"({"containers":[{"inspect":{"Name":"\ud800"}}]})",
      R"({"containers":[{"inspect":{"Name":"\udc00x"}}]})",
      "{\"endpoint\":\"\xff\"}",
      R"({"containers":[}]})",
      R"({"a":1} x)",
      "",
      "[]",
      "5",
      "null",
      "{\"containers\":[{\"inspect\":{\"X\":" + std::string(126, '[') + std::string(126, ']') +
          "}}]}",
      "{\"containers\":[{\"inspect\":{\"X\":" + std::string(200, '[') + std::string(200, ']') +
          "}}]}",
  };
  for (const auto& text : documents) expect_agree(text);
  // Depth at and around the bound (io::kMaxJsonDepth = 128) given the same answer.
  for (size_t depth = 120; depth <= 132; ++depth) {
    expect_agree(std::string(depth, '[').insert(0, "{\"x\":") + std::string(depth, ']') + "}");
  }
}

// Enough containers for the stream reader's second thread, with errors in both halves.
TEST(SnapshotSimd, ManyContainersOnTwoThreadsKeepTheirOrder) {
  nlohmann::json containers = nlohmann::json::array();
  for (int index = 0; index < 3000; ++index) {
    nlohmann::json entry = {{"inspect",
                             {{"Id", "c" + std::to_string(index)},
                              {"Name", "/n" + std::to_string(index)},
                              {"HostConfig", {{"Privileged", index % 7 == 0}}}}}};
    if (index % 501 == 0) entry["inspect"]["HostConfig"]["Privileged"] = "yes";
    containers.push_back(entry);
  }
  const std::string text =
      nlohmann::json{{"schema", std::string(kSnapshotSchema)}, {"containers", containers}}.dump();
  auto fast = expect_agree(text);
  ASSERT_TRUE(fast.has_value());
  EXPECT_EQ(fast->containers.size(), 2994u);
  EXPECT_EQ(fast->errors.size(), 6u);
  EXPECT_EQ(fast->containers.at(1).id, "c2");
  EXPECT_EQ(fast->containers.back().id, "c2999");
}

// Past the threshold, the stream reader hands what it has read to the streaming parser and reads
// on a chunk at a time: a text of several MiB, the threshold at 1 MiB (cut inside a string).
TEST(SnapshotSimd, TheStreamPastItsThresholdReadsOnFromWhatItRead) {
  nlohmann::json containers = nlohmann::json::array();
  for (int index = 0; index < 400; ++index) {
    containers.push_back({{"inspect",
                           {{"Id", "c" + std::to_string(index)},
                            {"Config", {{"Env", {"PAD=" + std::string(10'000, 'x')}}}},
                            {"HostConfig", {{"Privileged", index % 9 == 0}}}}}});
  }
  containers[200]["inspect"]["HostConfig"]["Memory"] = "lots";
  const std::string text =
      nlohmann::json{{"schema", std::string(kSnapshotSchema)}, {"containers", containers}}.dump();
  ASSERT_GT(text.size(), size_t{3} << 20);
  nlohmann::json reference_rest;
  auto reference = decode_snapshot_text_reference(text, &reference_rest);
  ASSERT_TRUE(reference.has_value()) << reference.error().to_string();
  EXPECT_EQ(reference->containers.size(), 399u);
  for (size_t whole : {size_t{1} << 20, (size_t{1} << 20) + 17, text.size(), text.size() + 1}) {
    std::istringstream in(text);
    nlohmann::json rest;
    auto streamed = decode_snapshot_stream(in, &rest, whole);
    ASSERT_TRUE(streamed.has_value()) << whole << ": " << streamed.error().to_string();
    EXPECT_TRUE(*streamed == *reference) << whole;
    EXPECT_EQ(rest, reference_rest) << whole;
  }
  // Malformed past the threshold: the streaming parser's error, its byte counted from the start.
  const std::string cut = text.substr(0, (size_t{3} << 20) + 5);
  std::istringstream in(cut);
  auto truncated = decode_snapshot_stream(in, nullptr, size_t{1} << 20);
  ASSERT_FALSE(truncated.has_value());
  EXPECT_EQ(truncated.error().message, decode_snapshot_text_reference(cut).error().message);
}

}  // namespace
}  // namespace hardock::docker
