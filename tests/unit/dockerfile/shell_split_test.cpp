// RUN commands split into simple commands.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hardock/dockerfile/dockerfile.h"
#include "hardock/dockerfile/shell_split.h"
#include "test_util.h"

namespace hardock::dockerfile {
namespace {

ShellScript split(std::string_view script) {
  return split_shell(script, [](std::size_t off) {
    return Position{1, static_cast<std::uint32_t>(off + 1)};
  });
}

// Each command as "word word ..." (assignments and redirections left out).
std::vector<std::string> commands(const ShellScript& script) {
  std::vector<std::string> out;
  for (const auto& cmd : script.commands) {
    std::string line;
    for (const auto& word : cmd.words) line.append(line.empty() ? "" : " ").append(word.text);
    out.push_back(line);
  }
  return out;
}

using Lines = std::vector<std::string>;

TEST(ShellSplit, Table) {
  const std::pair<const char*, Lines> cases[] = {
      {"set -e; cd x && apt-get install -y curl | tee log || true",
       {"set -e", "cd x", "apt-get install -y curl", "tee log", "true"}},
      {"(cd /a && make) && { echo a; echo b; }", {"cd /a", "make", "echo a", "echo b"}},
      {"echo \"a && b\" 'c;d' $(echo x; echo y) `date; ls` && ls",
       {"echo a && b c;d $(echo x; echo y) `date; ls`", "ls"}},
      {"echo \"$(cmd \"in ) quotes\")\" && next", {"echo $(cmd \"in ) quotes\")", "next"}},
      {"x=$((1 + (2 * 3))); echo ${x:-a;b}", {"", "echo ${x:-a;b}"}},
      {"if [ -f x ]; then apt-get update; else true; fi", {"[ -f x ]", "apt-get update", "true"}},
      {"for p in a b; do pip install $p; done", {"for p in a b", "pip install $p"}},
      {"echo a # && rm -rf /", {"echo a"}},
      {"echo a\\ b c\\\nd", {"echo a b cd"}},
      {"a &&\n b\nc & d", {"a", "b", "c", "d"}},
      {"cat <<EOF > f\nrm -rf /\nEOF\necho done", {"cat", "echo done"}},
      {"! grep -q x f |& tee", {"grep -q x f", "tee"}},
      {"curl -fsSL https://x | sh -s -- -y", {"curl -fsSL https://x", "sh -s -- -y"}},
  };
  for (const auto& [script, expected] : cases) {
    const ShellScript result = split(script);
    EXPECT_TRUE(result.diagnostics.empty()) << script;
    EXPECT_EQ(commands(result), expected) << script;
  }
}

// The words are views into a buffer the script owns: a copy shares it, and its words stay valid
// when the original is gone.
TEST(ShellSplit, CopiesKeepTheirWords) {
  ShellScript copy;
  {
    const ShellScript original = split("apt-get install -y 'a quoted word' \"x$(y z)\" plain");
    copy = original;
  }
  ASSERT_EQ(copy.commands.size(), 1U);
  ASSERT_EQ(copy.commands[0].words.size(), 6U);
  EXPECT_EQ(copy.commands[0].words[3].text, "a quoted word");
  EXPECT_EQ(copy.commands[0].words[4].text, "x$(y z)");
  EXPECT_EQ(copy.commands[0].words[5].text, "plain");
}

TEST(ShellSplit, SeparatorsDepthsAssignmentsRedirects) {
  const ShellScript s =
      split("DEBIAN_FRONTEND=noninteractive apt-get install -y x >/dev/null 2>&1 && (a || b)");
  ASSERT_EQ(s.commands.size(), 3u);
  const SimpleCommand& apt = s.commands[0];
  ASSERT_EQ(apt.assignments.size(), 1u);
  EXPECT_EQ(apt.assignments[0].text, "DEBIAN_FRONTEND=noninteractive");
  EXPECT_EQ(apt.name(), "apt-get");
  EXPECT_EQ(apt.pos.column, 32u);
  ASSERT_EQ(apt.redirects.size(), 2u);
  EXPECT_EQ(apt.redirects[0].op, ">");
  EXPECT_EQ(apt.redirects[0].target.text, "/dev/null");
  EXPECT_EQ(apt.redirects[1].op, "2>&");
  EXPECT_EQ(apt.separator, "&&");
  EXPECT_EQ(apt.depth, 0u);
  EXPECT_EQ(s.commands[1].depth, 1u);
  EXPECT_EQ(s.commands[1].separator, "||");
  EXPECT_EQ(s.commands[2].separator, ")");
  EXPECT_TRUE(split("! false").commands[0].negated);
}

TEST(ShellSplit, UnbalancedInputGivesDiagnostics) {
  for (const char* script :
       {"echo 'open", "echo \"open", "echo $(open", "echo `open", "echo ${open"}) {
    const ShellScript result = split(script);
    ASSERT_EQ(result.diagnostics.size(), 1u) << script;
    EXPECT_EQ(result.diagnostics[0].pos.column, 6u) << script;
  }
}

TEST(ShellSplit, LongAndDeepInputIsLinear) {
  std::string deep(200000, '(');
  EXPECT_TRUE(split(deep).commands.empty());
  std::string subst;
  for (int k = 0; k < 100000; ++k) subst += "$(";
  EXPECT_EQ(split("echo " + subst).diagnostics.size(), 1u);
  std::string many;
  for (int k = 0; k < 100000; ++k) many += "a && ";
  EXPECT_EQ(split(many).commands.size(), 100000u);
}

TEST(ShellSplit, RunPositionsInTheDockerfile) {
  const Dockerfile file = parse(
      "FROM debian\n"
      "RUN set -e; \\\n"
      "    cd /src && apt-get install -y \\\n"
      "      curl\n"
      "RUN [\"sh\", \"-c\", \"apt-get update && apt-get install -y x\"]\n"
      "RUN [\"apt-get\", \"update\"]\n");
  ASSERT_TRUE(file.diagnostics.empty());
  const ShellScript shell = split_run(file.instructions[1]);
  ASSERT_EQ(commands(shell), (Lines{"set -e", "cd /src", "apt-get install -y curl"}));
  EXPECT_EQ(test::pos(shell.commands[0].pos), "2:5");
  EXPECT_EQ(test::pos(shell.commands[1].pos), "3:5");
  EXPECT_EQ(test::pos(shell.commands[2].pos), "3:16");
  EXPECT_EQ(test::pos(shell.commands[2].words[3].pos), "4:7");
  const ShellScript exec = split_run(file.instructions[2]);
  ASSERT_EQ(commands(exec), (Lines{"apt-get update", "apt-get install -y x"}));
  EXPECT_EQ(test::pos(exec.commands[1].pos), "5:37");
  EXPECT_TRUE(split_run(file.instructions[3]).commands.empty());  // no shell
  EXPECT_TRUE(split_run(file.instructions[0]).commands.empty());  // not a RUN
}

}  // namespace
}  // namespace hardock::dockerfile
