#include "hardock/harden/daemon_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "hardock/audit/registry.h"

namespace hardock::harden {
namespace {

constexpr const char* kPath = "/etc/docker/daemon.json";
constexpr const char* kUnit = "/lib/systemd/system/docker.service:ExecStart";

host::DaemonSetting flag(std::string key, std::string flag_text, std::vector<std::string> values,
                         std::string source = kUnit) {
  return {std::move(key), std::move(values), host::SettingOrigin::kFlag, std::move(flag_text),
          std::move(source)};
}

// A host whose dockerd is started by a unit with `flags` on its command line.
host::DaemonConfig with_flags(std::vector<host::DaemonSetting> flags) {
  host::DaemonConfig config;
  config.sources = {"/lib/systemd/system/docker.service"};
  config.settings = std::move(flags);
  return config;
}

const host::DaemonConfig kNoFlags = with_flags({flag("hosts", "-H", {"fd://"})});

nlohmann::json parse_output(const DaemonJsonPlan& plan) {
  return nlohmann::json::parse(plan.text);  // throws (fails the test) when not JSON
}

const DaemonJsonChange* change_for(const DaemonJsonPlan& plan, const std::string& key) {
  for (const auto& change : plan.changes) {
    if (change.key == key) return &change;
  }
  return nullptr;
}

TEST(DaemonJson, MergeKeepsUnrelatedKeysAndTheirValuesExactly) {
  const std::string current = R"({
  "data-root": "/srv/docker",
  "log-driver": "journald",
  "log-opts": {"tag": "{{.Name}}", "labels": "a,b"},
  "registry-mirrors": ["https://mirror.example:5000"],
  "max-concurrent-downloads": 3,
  "default-address-pools": [{"base": "10.99.0.0/16", "size": 24}],
  "icc": true
})";
  auto plan = plan_daemon_json(current, kPath, kNoFlags, Level::kBaseline);
  ASSERT_TRUE(plan) << plan.error().to_string();
  const auto before = nlohmann::ordered_json::parse(current);
  const auto after = nlohmann::ordered_json::parse(plan->text);
  for (const auto& [key, value] : before.items()) {
    if (key == "icc") continue;
    ASSERT_TRUE(after.contains(key)) << key;
    EXPECT_EQ(after[key], value) << key;
  }
  // Unrelated keys keep their place; new ones come after them.
  std::vector<std::string> order;
  for (const auto& [key, value] : after.items()) order.push_back(key);
  EXPECT_EQ(order[0], "data-root");
  EXPECT_EQ(order[6], "icc");
  EXPECT_EQ(after["icc"], false);
  EXPECT_EQ(plan->text.back(), '\n');
  EXPECT_NE(plan->text.find("\n  \"data-root\": \"/srv/docker\""), std::string::npos)
      << "2-space indentation";
}

TEST(DaemonJson, BaselineWritesTheHardenedSettingsWithoutUsernsRemap) {
  auto plan = plan_daemon_json(std::string("{}"), kPath, kNoFlags, Level::kBaseline);
  ASSERT_TRUE(plan) << plan.error().to_string();
  const auto out = parse_output(*plan);
  EXPECT_EQ(out["icc"], false);
  EXPECT_EQ(out["no-new-privileges"], true);
  EXPECT_EQ(out["live-restore"], true);
  EXPECT_EQ(out["userland-proxy"], false);
  EXPECT_EQ(out["log-level"], "info");
  EXPECT_EQ(out["default-ulimits"]["nofile"]["Soft"], 64000);
  EXPECT_FALSE(out.contains("userns-remap"));
  EXPECT_FALSE(out.contains("seccomp-profile")) << "Docker's default profile is kept";
  EXPECT_FALSE(out.contains("debug"));
}

TEST(DaemonJson, StrictAddsUsernsRemapWithANote) {
  auto baseline = plan_daemon_json(std::string("{}"), kPath, kNoFlags, Level::kBaseline);
  auto strict = plan_daemon_json(std::string("{}"), kPath, kNoFlags, Level::kStrict);
  ASSERT_TRUE(baseline && strict);
  EXPECT_EQ(parse_output(*strict)["userns-remap"], "default");
  EXPECT_EQ(strict->changes.size(), baseline->changes.size() + 1);
  const auto* change = change_for(*strict, "userns-remap");
  ASSERT_NE(change, nullptr);
  EXPECT_TRUE(change->before.is_null());
  bool noted = false;
  for (const auto& note : strict->notes)
    noted |=
        note.find("userns-remap") != std::string::npos && note.find("volumes") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(DaemonJson, EveryChangeSaysWhyAndNamesChecksThatExist) {
  auto plan = plan_daemon_json(std::string(R"({"debug": true, "seccomp-profile": "unconfined"})"),
                               kPath, kNoFlags, Level::kStrict);
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_GE(plan->changes.size(), 9U);
  for (const auto& change : plan->changes) {
    EXPECT_FALSE(change.why.empty()) << change.key;
    ASSERT_FALSE(change.fixes.empty()) << change.key;
    for (const auto& code : change.fixes) {
      EXPECT_NE(audit::find_check(code), nullptr) << change.key << " names unknown " << code;
    }
  }
  EXPECT_EQ(change_for(*plan, "icc")->fixes.front(), "HDK-H-002");
}

TEST(DaemonJson, ValuesAlreadyAsStrictStayAndAreNotChanges) {
  const std::string current =
      R"({"icc": false, "log-level": "info", "userns-remap": "builder",
          "default-ulimits": {"nproc": {"Name": "nproc", "Soft": 512, "Hard": 1024}},
          "seccomp-profile": "/etc/docker/seccomp.json"})";
  auto plan = plan_daemon_json(current, kPath, kNoFlags, Level::kStrict);
  ASSERT_TRUE(plan) << plan.error().to_string();
  const auto out = parse_output(*plan);
  EXPECT_EQ(out["userns-remap"], "builder");
  EXPECT_EQ(out["default-ulimits"]["nproc"]["Hard"], 1024);
  EXPECT_FALSE(out["default-ulimits"].contains("nofile"));
  EXPECT_EQ(out["seccomp-profile"], "/etc/docker/seccomp.json");
  for (const char* key :
       {"icc", "log-level", "userns-remap", "default-ulimits", "seccomp-profile"}) {
    EXPECT_EQ(change_for(*plan, key), nullptr) << key;
  }
}

TEST(DaemonJson, WeakValuesAreReplacedOrRemoved) {
  const std::string current =
      R"({"debug": true, "log-level": "debug", "seccomp-profile": "unconfined", "icc": "false"})";
  auto plan = plan_daemon_json(current, kPath, kNoFlags, Level::kBaseline);
  ASSERT_TRUE(plan) << plan.error().to_string();
  const auto out = parse_output(*plan);
  EXPECT_EQ(out["debug"], false);
  EXPECT_EQ(out["log-level"], "info");
  EXPECT_FALSE(out.contains("seccomp-profile"));
  EXPECT_EQ(out["icc"], false) << "a string is not a boolean to dockerd";
  const auto* seccomp = change_for(*plan, "seccomp-profile");
  ASSERT_NE(seccomp, nullptr);
  EXPECT_EQ(seccomp->before, "unconfined");
  EXPECT_TRUE(seccomp->after.is_null());
}

TEST(DaemonJson, KeyOfAnInsecureFlagIsNotWrittenAndTheConflictNamesTheFlagsSource) {
  const auto effective = with_flags({flag("hosts", "-H", {"fd://"}), flag("icc", "--icc", {"true"}),
                                     flag("live-restore", "--live-restore", {"true"})});
  auto plan = plan_daemon_json(std::string("{}"), kPath, effective, Level::kBaseline);
  ASSERT_TRUE(plan) << plan.error().to_string();
  const auto out = parse_output(*plan);
  EXPECT_FALSE(out.contains("icc"));
  EXPECT_FALSE(out.contains("live-restore")) << "set by a hardened flag: left there";
  ASSERT_EQ(plan->conflicts.size(), 1U);
  const auto& conflict = plan->conflicts.front();
  EXPECT_EQ(conflict.key, "icc");
  EXPECT_NE(conflict.flag_source.find(std::string("--icc in ") + kUnit), std::string::npos);
  EXPECT_NE(conflict.advice.find("remove --icc=true from " + std::string(kUnit)), std::string::npos)
      << conflict.advice;
  EXPECT_NE(conflict.advice.find("\"icc\": false"), std::string::npos) << conflict.advice;
}

TEST(DaemonJson, FileThatAlreadyConflictsWithAFlagIsRefused) {
  const auto effective = with_flags({flag("log-level", "--log-level", {"warn"})});
  auto plan = plan_daemon_json(std::string("{\n  \"log-level\": \"debug\"\n}"), kPath, effective,
                               Level::kBaseline);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(plan.error().message.find(std::string(kPath) + ":2"), std::string::npos)
      << plan.error().message;
  EXPECT_NE(plan.error().message.find(std::string("--log-level in ") + kUnit), std::string::npos)
      << plan.error().message;
}

TEST(DaemonJson, MalformedTextIsRefusedWithLineAndColumnAndNoText) {
  const std::string current = "{\n  \"icc\": true,\n  \"debug\" false\n}\n";
  auto plan = plan_daemon_json(current, kPath, kNoFlags, Level::kBaseline);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, core::ErrorCode::kMalformedInput);
  EXPECT_NE(plan.error().message.find(std::string(kPath) + ": line 3, column"), std::string::npos)
      << plan.error().message;
}

TEST(DaemonJson, TopLevelThatIsNotAnObjectIsRefused) {
  auto plan = plan_daemon_json(std::string("[1, 2]"), kPath, kNoFlags, Level::kBaseline);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, core::ErrorCode::kMalformedInput);
}

TEST(DaemonJson, MissingOrEmptyFileGivesANewFile) {
  auto missing = plan_daemon_json(std::nullopt, kPath, kNoFlags, Level::kBaseline);
  auto empty = plan_daemon_json(std::string(" \n"), kPath, kNoFlags, Level::kBaseline);
  ASSERT_TRUE(missing && empty);
  EXPECT_EQ(missing->text, empty->text);
  EXPECT_EQ(parse_output(*missing)["icc"], false);
  ASSERT_FALSE(missing->notes.empty());
  EXPECT_NE(missing->notes.front().find("new"), std::string::npos);
}

// Whatever the flags, no key of the output is also set on the command line: dockerd would refuse
// to start.
TEST(DaemonJson, OutputNeverHoldsAKeyAFlagSets) {
  const std::vector<std::vector<host::DaemonSetting>> flag_sets = {
      {},
      {flag("icc", "--icc", {"false"}), flag("debug", "-D", {"true"})},
      {flag("userns-remap", "--userns-remap", {"default"}),
       flag("default-ulimits", "--default-ulimit", {"nofile=1024:1024"})},
      {flag("log-level", "-l", {"debug"}, "/proc/812/cmdline"),
       flag("seccomp-profile", "--seccomp-profile", {"unconfined"}, "/etc/default/docker:3"),
       flag("userland-proxy", "--userland-proxy", {"true"}),
       flag("no-new-privileges", "--no-new-privileges", {"false"})},
  };
  for (const auto& flags : flag_sets) {
    const auto effective = with_flags(flags);
    for (Level level : {Level::kBaseline, Level::kStrict}) {
      auto plan = plan_daemon_json(std::string(R"({"storage-driver": "overlay2"})"), kPath,
                                   effective, level);
      ASSERT_TRUE(plan) << plan.error().to_string();
      const auto out = parse_output(*plan);
      std::set<std::string> flagged;
      for (const auto& setting : flags) flagged.insert(setting.key);
      for (const auto& [key, value] : out.items()) {
        EXPECT_FALSE(flagged.contains(key)) << key << " is both a flag and in the file";
      }
      for (const auto& conflict : plan->conflicts) {
        EXPECT_TRUE(flagged.contains(conflict.key));
      }
    }
  }
}

TEST(DaemonJson, FlagFromTheRunningProcessPointsAtWhatStartsDockerd) {
  const auto effective = with_flags({flag("debug", "-D", {"true"}, "/proc/812/cmdline")});
  auto plan = plan_daemon_json(std::string("{}"), kPath, effective, Level::kBaseline);
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->conflicts.size(), 1U);
  EXPECT_EQ(plan->conflicts.front().key, "debug");
  EXPECT_NE(plan->conflicts.front().advice.find("the unit or script that starts dockerd"),
            std::string::npos)
      << plan->conflicts.front().advice;
}

}  // namespace
}  // namespace hardock::harden
