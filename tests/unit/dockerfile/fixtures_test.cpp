// The parser on the fixture Dockerfiles of tests/data/dockerfile, with expected values taken
// from the Dockerfile reference (BuildKit's documented behaviour).
#include <gtest/gtest.h>

#include <algorithm>

#include "hardock/dockerfile/dockerfile.h"
#include "hardock/dockerfile/shell_split.h"
#include "test_util.h"

namespace hardock::dockerfile {
namespace {

using test::codes;
using test::fixture;
using test::pos;

std::vector<std::string> names(const ShellScript& script) {
  std::vector<std::string> out;
  for (const auto& cmd : script.commands) out.emplace_back(cmd.name());
  return out;
}

TEST(Fixtures, WindowsBacktickEscapeWithCrlf) {
  const Dockerfile file = parse(fixture("windows-escape.Dockerfile"));
  EXPECT_TRUE(file.diagnostics.empty()) << file.diagnostics.front().to_string("f");
  EXPECT_EQ(file.escape, '`');
  EXPECT_TRUE(file.crlf);
  ASSERT_EQ(file.instructions.size(), 4u);
  const Instruction& run = file.instructions[1];
  EXPECT_EQ(pos(run.pos), "4:1");
  EXPECT_EQ(run.end_line, 6u);
  EXPECT_EQ(run.args_text(),
            "powershell -Command     New-Item -ItemType Directory C:\\app ;     Write-Host done");
  const ShellScript script = split_run(run);
  ASSERT_EQ(script.commands.size(), 2u);
  EXPECT_EQ(pos(script.commands[1].pos), "6:5");  // Write-Host, after the continuation
  const auto* copy = file.instructions[2].as<CopyArgs>();
  ASSERT_NE(copy, nullptr);
  ASSERT_TRUE(copy->destination);
  EXPECT_EQ(copy->destination->value(), "C:\\app\\");  // backslash is no escape here
  EXPECT_EQ(file.instructions[3].args[0].value(), "C:\\app");
  // The original text of the RUN, continuation lines included, for fixes.
  EXPECT_EQ(file.text.substr(run.begin, run.end - run.begin),
            "RUN powershell -Command `\r\n    New-Item -ItemType Directory C:\\app ; `\r\n"
            "    Write-Host done");
}

TEST(Fixtures, BomAndLowerCase) {
  const Dockerfile file = parse(fixture("bom-lowercase.Dockerfile"));
  EXPECT_TRUE(file.diagnostics.empty()) << file.diagnostics.front().to_string("f");
  EXPECT_TRUE(file.bom);
  ASSERT_EQ(file.instructions.size(), 4u);
  EXPECT_EQ(file.instructions[0].keyword, Keyword::kFrom);
  EXPECT_EQ(file.instructions[0].keyword_text, "from");
  EXPECT_EQ(pos(file.instructions[0].pos), "2:1");
  ASSERT_EQ(file.stages.size(), 2u);
  EXPECT_EQ(file.stages[0].name, "base");
  ASSERT_EQ(file.stage_refs.size(), 1u);
  EXPECT_EQ(file.stage_refs[0].stage, std::optional<std::size_t>(0));
  EXPECT_EQ(pos(file.stage_refs[0].pos), "5:6");
}

TEST(Fixtures, ContinuationsSkipCommentsAndEmptyLines) {
  const Dockerfile file = parse(fixture("continuation.Dockerfile"));
  EXPECT_EQ(codes(file.diagnostics), std::vector<std::string>{"4:1 empty-continuation-line"});
  ASSERT_EQ(file.instructions.size(), 3u);
  const Instruction& run = file.instructions[1];
  EXPECT_EQ(run.end_line, 9u);
  EXPECT_EQ(run.args_text(),
            "apt-get update     && apt-get install -y        curl     && rm -rf "
            "/var/lib/apt/lists/*");
  const ShellScript script = split_run(run);
  EXPECT_EQ(names(script), (std::vector<std::string>{"apt-get", "apt-get", "rm"}));
  EXPECT_EQ(pos(script.commands[1].pos), "6:8");
  EXPECT_EQ(pos(script.commands[1].words[3].pos), "8:8");  // curl
  EXPECT_EQ(pos(script.commands[2].pos), "9:8");
  const ShellScript second = split_run(file.instructions[2]);
  ASSERT_EQ(names(second), (std::vector<std::string>{"echo", "true"}));
  EXPECT_EQ(second.commands[0].words[1].text, "# not a comment");
  EXPECT_EQ(pos(second.commands[1].pos), "12:8");
}

TEST(Fixtures, Heredocs) {
  const Dockerfile file = parse(fixture("heredocs.Dockerfile"));
  EXPECT_TRUE(file.diagnostics.empty()) << file.diagnostics.front().to_string("f");
  ASSERT_NE(file.directive("syntax"), nullptr);
  EXPECT_EQ(file.directive("syntax")->value, "docker/dockerfile:1");
  ASSERT_EQ(file.instructions.size(), 5u);

  const Instruction& script_run = file.instructions[1];
  ASSERT_EQ(script_run.heredocs.size(), 1u);
  EXPECT_EQ(script_run.heredocs[0].name, "EOF");
  EXPECT_EQ(script_run.heredocs[0].content, "set -e\napk add --no-cache git \\\n  make\n");
  EXPECT_EQ(script_run.heredocs[0].body_line, 6u);
  EXPECT_EQ(script_run.end_line, 9u);
  const ShellScript script = split_run(script_run);
  EXPECT_EQ(names(script), (std::vector<std::string>{"set", "apk"}));
  EXPECT_EQ(pos(script.commands[1].pos), "7:1");
  EXPECT_EQ(script.commands[1].words.back().text, "make");

  const Instruction& copy = file.instructions[2];
  ASSERT_EQ(copy.heredocs.size(), 2u);
  EXPECT_TRUE(copy.heredocs[0].expand);
  EXPECT_FALSE(copy.heredocs[1].expand);  // <<"two.txt"
  EXPECT_EQ(copy.heredocs[0].content, "first $HOME\n");
  EXPECT_EQ(copy.heredocs[1].content, "second $HOME\n");
  const auto* copy_args = copy.as<CopyArgs>();
  ASSERT_NE(copy_args, nullptr);
  EXPECT_EQ(copy_args->source_heredoc,
            (std::vector<std::optional<std::size_t>>{std::size_t{0}, std::size_t{1}}));
  EXPECT_EQ(copy_args->destination->value(), "/dst/");

  const Instruction& chomped = file.instructions[3];
  ASSERT_EQ(chomped.heredocs.size(), 1u);
  EXPECT_TRUE(chomped.heredocs[0].chomp);
  EXPECT_FALSE(chomped.heredocs[0].expand);
  EXPECT_EQ(chomped.heredocs[0].content, "echo tabs stripped\n");
  const ShellScript bash = split_run(chomped);
  EXPECT_EQ(names(bash), (std::vector<std::string>{"bash", "echo"}));
  EXPECT_EQ(pos(bash.commands[1].pos), "16:2");

  EXPECT_EQ(names(split_run(file.instructions[4])), std::vector<std::string>{"python3"});
}

TEST(Fixtures, StagesArgsAndReferences) {
  const Dockerfile file = parse(fixture("stages.Dockerfile"));
  EXPECT_TRUE(file.diagnostics.empty()) << file.diagnostics.front().to_string("f");
  EXPECT_EQ(file.meta_args, (std::vector<std::size_t>{0, 1}));
  ASSERT_EQ(file.stages.size(), 3u);
  EXPECT_EQ(file.stages[0].base, "golang:1.22");
  EXPECT_FALSE(file.stages[0].base_complete);  // TAG may come from --build-arg
  EXPECT_EQ(file.stages[0].name, "build");
  EXPECT_EQ(file.stages[1].name, "test");
  EXPECT_EQ(file.stages[1].base_stage, std::optional<std::size_t>(0));
  EXPECT_EQ(file.stages[2].base, "gcr.io/distroless/static:nonroot");
  EXPECT_EQ(file.stages[2].from_instruction, 7u);

  const auto* env = file.instructions[3].as<std::vector<KeyValue>>();
  ASSERT_NE(env, nullptr);
  ASSERT_EQ(env->size(), 2u);
  EXPECT_EQ((*env)[1].value.value(), "-trimpath");
  EXPECT_EQ(pos((*env)[1].value.pos), "6:27");

  const Instruction& run = file.instructions[4];
  ASSERT_EQ(run.mounts.size(), 1u);
  EXPECT_EQ(run.mounts[0].type, "cache");
  EXPECT_EQ(run.mounts[0].option("target"), std::optional<std::string_view>("/root/.cache"));
  EXPECT_EQ(run.args_text(), "go build -o /out/app ./...");
  EXPECT_EQ(pos(run.flags[0].pos), "7:5");

  // FROM build, --from=BUILD, --from=0, --from=nginx:1.25
  ASSERT_EQ(file.stage_refs.size(), 4u);
  EXPECT_EQ(file.stage_refs[0].stage, std::optional<std::size_t>(0));
  EXPECT_EQ(file.stage_refs[1].stage, std::optional<std::size_t>(0));
  EXPECT_EQ(file.stage_refs[2].stage, std::optional<std::size_t>(0));
  EXPECT_EQ(file.stage_refs[3].stage, std::nullopt);
  EXPECT_EQ(file.stage_refs[3].value, "nginx:1.25");
  EXPECT_EQ(file.instructions[8].flag("chown")->expanded.value(), "65532:65532");

  const Instruction& onbuild = file.instructions[11];
  ASSERT_EQ(onbuild.trigger.size(), 1u);
  EXPECT_EQ(onbuild.trigger[0].keyword, Keyword::kRun);
  EXPECT_EQ(pos(onbuild.trigger[0].pos), "14:9");
  const ShellScript triggered = split_run(onbuild);
  ASSERT_EQ(names(triggered), std::vector<std::string>{"echo"});
  EXPECT_EQ(pos(triggered.commands[0].pos), "14:13");

  const auto* user = file.instructions[12].as<UserArgs>();
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(user->name, "65532");
  EXPECT_EQ(user->group, "65532");
  const Instruction& entrypoint = file.instructions[13];
  EXPECT_TRUE(entrypoint.json);
  ASSERT_EQ(entrypoint.args.size(), 1u);
  EXPECT_EQ(entrypoint.args[0].value(), "/app");
  EXPECT_EQ(pos(entrypoint.args[0].pos), "16:13");
  EXPECT_EQ(*file.instructions[13].stage, 2u);
}

TEST(Fixtures, ErrorsAreListedWithPositionsAndParsingGoesOn) {
  const Dockerfile file = parse(fixture("errors.Dockerfile"));
  EXPECT_EQ(codes(file.diagnostics), (std::vector<std::string>{
                                         "2:1 missing-from",
                                         "3:16 bad-stage-name",
                                         "4:1 unknown-instruction",
                                         "5:6 bad-flag",
                                         "6:5 bad-flag",
                                         "7:15 invalid-port",
                                         "7:21 invalid-port",
                                         "8:13 bad-flag",
                                         "9:9 onbuild-chain",
                                         "11:16 duplicate-stage-name",
                                         "13:1 missing-argument",
                                         "14:5 unterminated-heredoc",
                                     }));
  // Everything after the errors is still read.
  EXPECT_EQ(file.instructions.back().keyword, Keyword::kRun);
  for (const auto& d : file.diagnostics) {
    const std::string line = d.to_string("errors.Dockerfile");
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_EQ(line.rfind("errors.Dockerfile:" + pos(d.pos) + ": error: ", 0), 0u) << line;
  }
  const auto unknown =
      std::find_if(file.diagnostics.begin(), file.diagnostics.end(),
                   [](const Diagnostic& d) { return d.code == "unknown-instruction"; });
  ASSERT_NE(unknown, file.diagnostics.end());
  EXPECT_EQ(unknown->message, "unknown instruction: FORM (did you mean FROM?)");
}

}  // namespace
}  // namespace hardock::dockerfile
