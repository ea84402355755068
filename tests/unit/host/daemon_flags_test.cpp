// dockerd flag parsing and word splitting.
#include <gtest/gtest.h>

#include "hardock/host/daemon_flags.h"
#include "hardock/host/daemon_sources.h"

namespace hardock::host {
namespace {

std::vector<DaemonSetting> parse(const std::string& command) {
  std::vector<WordSource> words;
  for (auto& word : split_words(command)) words.push_back({std::move(word), "src"});
  return parse_dockerd_flags(words);
}

TEST(SplitWords, QuotesAndEscapes) {
  EXPECT_EQ(split_words(R"(a "b c" 'd "e"' f\ g  )"),
            (std::vector<std::string>{"a", "b c", "d \"e\"", "f g"}));
  EXPECT_TRUE(split_words("   ").empty());
}

TEST(DockerdFlags, FormsOfFlags) {
  const auto settings = parse(
      "--icc=false --live-restore -H tcp://0.0.0.0:2375 -Hfd:// -H=unix:///x "
      "--log-level debug --insecure-registry a --insecure-registry=b --unknown-flag v --other");
  std::vector<std::string> got;
  for (const auto& setting : settings)
    got.push_back(setting.key + "=" + setting.values.at(0) + " " + setting.flag);
  EXPECT_EQ(got, (std::vector<std::string>{"icc=false --icc", "live-restore=true --live-restore",
                                           "hosts=tcp://0.0.0.0:2375 -H", "hosts=fd:// -H",
                                           "hosts=unix:///x -H", "log-level=debug --log-level",
                                           "insecure-registries=a --insecure-registry",
                                           "insecure-registries=b --insecure-registry",
                                           "unknown-flag=v --unknown-flag", "other=true --other"}));
}

TEST(DockerdFlags, BooleanDoesNotSwallowTheNextWord) {
  const auto settings = parse("--tlsverify -D --tlscacert /ca.pem");
  ASSERT_EQ(settings.size(), 3u);
  EXPECT_EQ(settings[0].values.at(0), "true");
  EXPECT_EQ(settings[1].key, "debug");
  EXPECT_EQ(settings[2].values.at(0), "/ca.pem");
}

TEST(DaemonJson, LineColumnOfAnOffset) {
  EXPECT_EQ(line_column("ab\ncd", 0), (std::pair<size_t, size_t>{1, 1}));
  EXPECT_EQ(line_column("ab\ncd", 4), (std::pair<size_t, size_t>{2, 2}));
}

TEST(DaemonJson, NonObjectIsAnError) {
  auto parsed = parse_daemon_json("[1]", "/d.json");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().message, "/d.json: expected a JSON object at the top level");
}

TEST(SystemdUnit, ResetAndSections) {
  UnitKeys keys;
  apply_unit_file("[Service]\nExecStart=/a\n[Socket]\nListenStream=2375\n", "/u", keys);
  apply_unit_file("[Service]\nExecStart=\nExecStart=/b \\\n  --x\n", "/d", keys);
  ASSERT_EQ(keys.exec_start.size(), 1u);
  EXPECT_EQ(keys.exec_start[0].value, "/b    --x");
  EXPECT_EQ(keys.exec_start[0].source, "/d:ExecStart");
  ASSERT_EQ(keys.listen_stream.size(), 1u);
}

TEST(EnvFile, QuotesExportAndComments) {
  const auto env = parse_env_file("# c\nexport A='x y'\nB=\"p q\" # note\nC=r#s\n", "/e");
  ASSERT_EQ(env.size(), 3u);
  EXPECT_EQ(env[0].value, "x y");
  EXPECT_EQ(env[0].source, "/e:2");
  EXPECT_EQ(env[1].value, "p q");
  EXPECT_EQ(env[2].value, "r#s");
}

}  // namespace
}  // namespace hardock::host
