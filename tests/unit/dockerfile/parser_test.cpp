// The parser on small inline Dockerfiles: one behaviour of the Dockerfile reference per case.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "hardock/dockerfile/dockerfile.h"
#include "test_util.h"

namespace hardock::dockerfile {
namespace {

using test::codes;
using test::pos;
using Codes = std::vector<std::string>;

// The typed arguments of `inst`; throws (a test failure) when they are of another type.
template <class T>
const T& typed(const Instruction& inst) {
  const T* args = inst.as<T>();
  if (args == nullptr) throw std::runtime_error("typed arguments of another type");
  return *args;
}

TEST(Keywords, EveryNameInAnyCaseAndNothingElse) {
  for (int k = 0; k < static_cast<int>(Keyword::kUnknown); ++k) {
    const auto keyword = static_cast<Keyword>(k);
    std::string name(keyword_name(keyword));
    ASSERT_FALSE(name.empty());
    EXPECT_EQ(keyword_from(name), keyword) << name;
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(c - 'A' + 'a');
    EXPECT_EQ(keyword_from(lower), keyword) << lower;
    lower[0] = name[0];
    EXPECT_EQ(keyword_from(lower), keyword) << lower;
    EXPECT_EQ(keyword_from(name + "X"), Keyword::kUnknown) << name;
    EXPECT_EQ(keyword_from(name.substr(0, name.size() - 1)), Keyword::kUnknown) << name;
  }
  for (const char* word : {"", "R", "RUNS", "FRO", "CMDX", "ZZZ", "HEALTHCHECKS", "E", "ÉNV"}) {
    EXPECT_EQ(keyword_from(word), Keyword::kUnknown) << word;
  }
}

TEST(Directives, ReadOnlyAtTheTop) {
  const Dockerfile file = parse(
      "# syntax=docker/dockerfile:1.7\n"
      "#ESCAPE = `\n"
      "# check=skip=JSONArgsRecommended,StageNameCasing;error=true\n"
      "FROM a\n");
  EXPECT_TRUE(file.diagnostics.empty());
  EXPECT_EQ(file.directives.size(), 3u);
  EXPECT_EQ(file.escape, '`');
  EXPECT_EQ(file.check_skip, (std::vector<std::string>{"JSONArgsRecommended", "StageNameCasing"}));
  EXPECT_TRUE(file.check_error);
  EXPECT_EQ(pos(file.directives[1].pos), "2:1");

  // After a comment, an empty line or an unknown directive: plain comments.
  for (const char* text : {"# hello\n# escape=`\nFROM a\n", "\n# escape=`\nFROM a\n",
                           "# foo=bar\n# escape=`\nFROM a\n", "FROM a\n# escape=`\n"}) {
    const Dockerfile late = parse(text);
    EXPECT_EQ(late.escape, '\\') << text;
    EXPECT_TRUE(late.diagnostics.empty()) << text;
  }
  EXPECT_EQ(codes(parse("# escape=\\\n# escape=`\nFROM a\n").diagnostics),
            Codes{"2:1 duplicate-directive"});
  EXPECT_EQ(codes(parse("# escape=x\nFROM a\n").diagnostics), Codes{"1:1 invalid-escape"});
}

TEST(Lines, ContinuationWithEitherEscape) {
  const Dockerfile back = parse("FROM a\nRUN a \\\n  b\\\\\nRUN c\n");
  ASSERT_EQ(back.instructions.size(), 2u);  // "b\\" ends in the escape: continues onto RUN c
  EXPECT_EQ(back.instructions[1].args_text(), "a   b\\RUN c");
  const Dockerfile tick = parse("# escape=`\nFROM a\nRUN a `\n  b \\\nRUN c\n");
  ASSERT_EQ(tick.instructions.size(), 3u);
  EXPECT_EQ(tick.instructions[1].args_text(), "a   b \\");
  // A continuation at the end of the file ends the instruction.
  EXPECT_EQ(parse("FROM a\nRUN x \\").instructions[1].args_text(), "x");
}

TEST(Lines, CrlfCommentsAndAttachedComments) {
  const Dockerfile file = parse("FROM a\r\n# about b\r\n#\r\n# really b\r\nRUN b \\\r\n c\r\n");
  ASSERT_EQ(file.instructions.size(), 2u);
  EXPECT_EQ(file.instructions[1].args_text(), "b  c");
  EXPECT_EQ(file.instructions[1].comments, std::vector<std::string>{"really b"});
  EXPECT_EQ(file.instructions[1].end_line, 6u);
}

TEST(Forms, ExecAndShell) {
  const Dockerfile file = parse(
      "FROM a\n"
      "CMD [\"a\", \"b c\"]\n"
      "CMD [\"a\", 'b']\n"
      "CMD [ \"\\u00e9\\n\" ]  \n"
      "CMD []\n"
      "ENTRYPOINT [\"a\"] trailing\n"
      "COPY [\"a b\", \"/c d/\"]\n"
      "VOLUME /a /b\n"
      "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n");
  EXPECT_TRUE(file.diagnostics.empty());
  const auto& in = file.instructions;
  EXPECT_TRUE(in[1].json);
  EXPECT_EQ(in[1].args[1].value(), "b c");
  EXPECT_EQ(pos(in[1].args[1].pos), "2:11");
  EXPECT_FALSE(in[2].json);  // malformed JSON: shell form
  EXPECT_EQ(in[2].args[0].value(), "[\"a\", 'b']");
  EXPECT_TRUE(in[3].json);
  EXPECT_EQ(in[3].args[0].value(), "\xC3\xA9\n");
  EXPECT_TRUE(in[4].json);
  EXPECT_TRUE(in[4].args.empty());
  EXPECT_FALSE(in[5].json);
  EXPECT_EQ(typed<CopyArgs>(in[6]).sources[0].value(), "a b");
  EXPECT_EQ(typed<CopyArgs>(in[6]).destination->value(), "/c d/");
  EXPECT_EQ(in[7].args.size(), 2u);
  EXPECT_EQ(in[8].args.size(), 4u);
  EXPECT_EQ(codes(parse("FROM a\nCMD [\"a\", 1]\nSHELL /bin/sh -c\n").diagnostics),
            (Codes{"2:5 json-not-strings", "3:1 shell-not-json"}));
}

TEST(Arguments, EnvLabelArgAndScopes) {
  const Dockerfile file = parse(
      "ARG V=3.19\n"
      "ARG ONLY_GLOBAL=g\n"
      "FROM alpine:$V\n"
      "ENV A=1 B=\"two words\" C=$A\n"
      "ENV D $A and more\n"
      "LABEL \"com.example.x\"=\"$B\" plain=y\n"
      "ARG V\n"
      "ARG LOCAL=l-$V\n"
      "WORKDIR /w/$V/$LOCAL/$ONLY_GLOBAL\n");
  EXPECT_TRUE(file.diagnostics.empty()) << file.diagnostics.front().to_string("f");
  EXPECT_EQ(file.stages[0].base, "alpine:3.19");
  EXPECT_TRUE(file.stages[0].base_complete);
  const auto& env = typed<std::vector<KeyValue>>(file.instructions[3]);
  ASSERT_EQ(env.size(), 3u);
  EXPECT_EQ(env[1].value.value(), "two words");
  EXPECT_EQ(env[2].value.value(), "");  // A is set by this same ENV: not yet visible
  const auto& legacy = typed<std::vector<KeyValue>>(file.instructions[4]);
  ASSERT_EQ(legacy.size(), 1u);
  EXPECT_TRUE(legacy[0].legacy);
  EXPECT_EQ(legacy[0].key.value(), "D");
  EXPECT_EQ(legacy[0].value.value(), "1 and more");
  EXPECT_EQ(pos(legacy[0].value.pos), "5:7");
  const auto& label = typed<std::vector<KeyValue>>(file.instructions[5]);
  EXPECT_EQ(label[0].key.value(), "com.example.x");
  EXPECT_EQ(label[0].value.value(), "two words");
  EXPECT_EQ(file.instructions[8].args[0].value(), "/w/3.19/l-3.19/");

  EXPECT_EQ(codes(parse("FROM a\nENV\nENV x\nENV =1\nENV a=1 b\nARG\nARG =x\n").diagnostics),
            (Codes{"2:1 missing-argument", "3:1 missing-argument", "4:5 blank-name",
                   "5:9 missing-equals", "6:1 missing-argument", "7:5 blank-name"}));
}

TEST(Arguments, EnvIsInheritedFromAnEarlierStageButArgIsNot) {
  const Dockerfile file =
      parse("FROM a AS one\nENV E=e\nARG L=l\nFROM one\nWORKDIR /$E/$L\nFROM a\nWORKDIR /$E\n");
  EXPECT_EQ(file.instructions[4].args[0].value(), "/e/");
  EXPECT_EQ(file.instructions[6].args[0].value(), "/");
}

TEST(Arguments, FlagsChecked) {
  const Dockerfile ok = parse(
      "FROM --platform=$BUILDPLATFORM a\n"
      "COPY --link --parents --exclude=*.md --exclude=.git --chmod=0755 --chown=u:g a b\n"
      "ADD --keep-git-dir=true --checksum=sha256:ab --unpack=false https://x/y.tgz /y\n"
      "RUN --mount=type=secret,id=npm --mount=type=bind,source=.,target=/src,ro "
      "--network=none --security=insecure make\n");
  EXPECT_TRUE(ok.diagnostics.empty()) << ok.diagnostics.front().to_string("f");
  EXPECT_FALSE(ok.instructions[0].flag("platform")->expanded.complete);
  EXPECT_EQ(ok.instructions[1].flags.size(), 6u);
  EXPECT_EQ(ok.instructions[1].flag("link")->value, std::nullopt);
  EXPECT_EQ(pos(ok.instructions[1].flags[2].pos), "2:23");
  ASSERT_EQ(ok.instructions[3].mounts.size(), 2u);
  EXPECT_EQ(ok.instructions[3].mounts[0].type, "secret");
  EXPECT_EQ(ok.instructions[3].mounts[1].option("source"), std::optional<std::string_view>("."));
  EXPECT_EQ(ok.instructions[3].args_text(), "make");

  EXPECT_EQ(codes(parse("FROM a\n"
                        "WORKDIR --x /a\n"
                        "COPY --chown=a --chown=b a b\n"
                        "COPY --link=maybe a b\n"
                        "RUN --mount=type=weird,target=/x true\n"
                        "RUN --mount=type=cache true\n"
                        "RUN --mount=type=bind,target=/x,bogus=1 true\n"
                        "ADD --from=x a b\n"
                        "RUN --security=root true\n")
                      .diagnostics),
            (Codes{"2:9 unknown-flag", "3:16 duplicate-flag", "4:6 bad-flag", "5:5 bad-mount",
                   "6:5 bad-mount", "7:5 bad-mount", "8:5 unknown-flag", "9:5 bad-flag"}));
  // "--" ends the flags.
  const Dockerfile dashdash = parse("FROM a\nCOPY --link -- --weird-name /d\n");
  EXPECT_TRUE(dashdash.diagnostics.empty());
  EXPECT_EQ(typed<CopyArgs>(dashdash.instructions[1]).sources[0].value(), "--weird-name");
}

TEST(Arguments, Healthcheck) {
  const Dockerfile file = parse(
      "FROM a\n"
      "HEALTHCHECK NONE\n"
      "HEALTHCHECK --interval=30s --timeout=1m30s --start-period=0 --retries=3 "
      "CMD curl -f http://x || exit 1\n"
      "healthcheck cmd [\"curl\", \"x\"]\n");
  EXPECT_TRUE(file.diagnostics.empty()) << file.diagnostics.front().to_string("f");
  EXPECT_TRUE(typed<HealthcheckArgs>(file.instructions[1]).none);
  const auto& shell = typed<HealthcheckArgs>(file.instructions[2]);
  ASSERT_EQ(shell.command.size(), 1u);
  EXPECT_EQ(shell.command[0].value(), "curl -f http://x || exit 1");
  EXPECT_EQ(pos(shell.command[0].pos), "3:77");
  const auto& exec = typed<HealthcheckArgs>(file.instructions[3]);
  EXPECT_TRUE(exec.json);
  EXPECT_EQ(exec.command.size(), 2u);
  EXPECT_EQ(codes(parse("FROM a\nHEALTHCHECK NONE x\nHEALTHCHECK FOO\nHEALTHCHECK CMD\n"
                        "HEALTHCHECK --interval=10us CMD x\nHEALTHCHECK --retries=-1 CMD x\n"
                        "HEALTHCHECK\n")
                      .diagnostics),
            (Codes{"2:18 extra-argument", "3:13 unknown-healthcheck-type", "4:1 missing-argument",
                   "5:13 bad-flag", "6:13 bad-flag", "7:1 missing-argument"}));
}

TEST(Arguments, ExposeUserAndSingleArguments) {
  const Dockerfile file = parse(
      "FROM a\nENV P=9000/SCTP\nEXPOSE 80 443/tcp 53/udp 8000-8010 $P\nUSER app:staff\n"
      "USER 1000\nSTOPSIGNAL SIGTERM\nMAINTAINER someone <a@b>\n");
  EXPECT_TRUE(file.diagnostics.empty()) << file.diagnostics.front().to_string("f");
  const auto& ports = typed<std::vector<PortSpec>>(file.instructions[2]);
  ASSERT_EQ(ports.size(), 5u);
  EXPECT_EQ(ports[1].protocol, "tcp");
  EXPECT_EQ(ports[2].protocol, "udp");
  EXPECT_EQ(ports[3].first, 8000u);
  EXPECT_EQ(ports[3].last, 8010u);
  EXPECT_EQ(ports[4].first, 9000u);
  EXPECT_EQ(ports[4].protocol, "sctp");
  EXPECT_TRUE(ports[4].valid);
  EXPECT_EQ(typed<UserArgs>(file.instructions[3]).group, "staff");
  EXPECT_EQ(typed<UserArgs>(file.instructions[4]).group, "");
  EXPECT_EQ(file.instructions[6].args[0].value(), "someone <a@b>");
  EXPECT_EQ(codes(parse("FROM a\nEXPOSE\nEXPOSE 90-80 70/icmp x\nWORKDIR\n").diagnostics),
            (Codes{"2:1 missing-argument", "3:8 invalid-port", "3:14 invalid-port",
                   "3:22 invalid-port", "4:1 missing-argument"}));
}

TEST(Stages, NamesIndexesAndReferences) {
  EXPECT_EQ(codes(parse("FROM a AS x\nCOPY --from=x a b\nCOPY --from=0 a b\nCOPY --from=5 a b\n"
                        "FROM a AS X\nFROM a AS y.z_1-2\nFROM a AS\nFROM a BS b\n")
                      .diagnostics),
            (Codes{"2:6 self-reference", "3:6 self-reference", "4:6 bad-stage-index",
                   "5:11 duplicate-stage-name", "7:1 bad-from", "8:8 bad-from"}));
  // --from may name a stage defined further down (BuildKit builds a graph).
  const Dockerfile later = parse("FROM a\nCOPY --from=later a b\nFROM b AS later\n");
  EXPECT_TRUE(later.diagnostics.empty());
  EXPECT_EQ(later.stage_refs[0].stage, std::optional<std::size_t>(1));
  EXPECT_EQ(later.find_stage("LATER"), std::optional<std::size_t>(1));
  EXPECT_EQ(later.find_stage("1"), std::optional<std::size_t>(1));
  EXPECT_EQ(later.find_stage("2"), std::nullopt);
}

TEST(Stages, MissingFrom) {
  EXPECT_EQ(codes(parse("").diagnostics), Codes{"1:1 no-instructions"});
  EXPECT_EQ(codes(parse("# only a comment\n\n").diagnostics), Codes{"1:1 no-instructions"});
  EXPECT_EQ(codes(parse("ARG A\nRUN x\n").diagnostics),
            (Codes{"1:1 missing-from", "2:1 missing-from"}));
}

TEST(Onbuild, TriggersAndForbiddenOnes) {
  const Dockerfile file = parse("FROM a\nONBUILD COPY --chown=1 . /app\n");
  EXPECT_TRUE(file.diagnostics.empty());
  const Instruction& trigger = file.instructions[1].trigger.at(0);
  EXPECT_EQ(trigger.keyword, Keyword::kCopy);
  EXPECT_EQ(pos(trigger.flags[0].pos), "2:14");
  EXPECT_EQ(typed<CopyArgs>(trigger).destination->value(), "/app");
  EXPECT_EQ(codes(parse("FROM a\nONBUILD ONBUILD ONBUILD RUN x\nONBUILD FROM b\n"
                        "ONBUILD MAINTAINER m\nONBUILD\nONBUILD FOO\n")
                      .diagnostics),
            (Codes{"2:9 onbuild-chain", "3:9 onbuild-trigger", "4:9 onbuild-trigger",
                   "5:1 missing-argument", "6:9 unknown-instruction"}));
}

TEST(Heredocs, MarkersAndBodies) {
  const Dockerfile file = parse(
      "FROM a\n"
      "RUN 3<<A cat <&3 && cat <<-\"B\" <<'C' # \"<<NOT\"\n"
      "a $x\n"
      "A\n"
      "\t\tb\n"
      "\tB\n"
      "c\\\n"
      "C\n"
      "RUN [\"sh\", \"-c\", \"cat <<EOF\"]\n"
      "RUN echo done\n");
  EXPECT_TRUE(file.diagnostics.empty()) << file.diagnostics.front().to_string("f");
  const auto& docs = file.instructions[1].heredocs;
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].fd, 3u);
  EXPECT_EQ(docs[0].content, "a $x\n");
  EXPECT_TRUE(docs[1].chomp);
  EXPECT_FALSE(docs[1].expand);
  EXPECT_EQ(docs[1].content, "b\n");
  EXPECT_EQ(docs[1].raw_content, "\t\tb\n");
  EXPECT_EQ(docs[2].content, "c\\\n");  // no continuation inside a heredoc
  EXPECT_EQ(pos(docs[2].pos), "2:32");
  EXPECT_EQ(file.instructions[1].end_line, 8u);
  EXPECT_TRUE(file.instructions[2].heredocs.empty());  // exec form: no heredoc
  EXPECT_EQ(file.instructions[3].pos.line, 10u);
  EXPECT_EQ(codes(parse("FROM a\nRUN <<A <<B\nA\n").diagnostics),
            Codes{"2:9 unterminated-heredoc"});
}

TEST(Bounds, LargeInputsGiveDiagnosticsNotCrashes) {
  EXPECT_EQ(codes(parse(std::string(kMaxFileBytes + 1, 'x')).diagnostics),
            Codes{"1:1 file-too-large"});
  const Dockerfile long_line = parse("FROM a\nRUN " + std::string(kMaxLineBytes, 'x') + "\n");
  EXPECT_EQ(codes(long_line.diagnostics), Codes{"2:1 line-too-long"});
  std::string many = "FROM a\nRUN cat";
  for (std::size_t k = 0; k <= kMaxHeredocsPerInstruction; ++k) many += " <<E" + std::to_string(k);
  many += "\n";
  for (std::size_t k = 0; k < kMaxHeredocsPerInstruction; ++k)
    many += "E" + std::to_string(k) + "\n";
  EXPECT_EQ(codes(parse(many).diagnostics), Codes{"2:1 too-many-heredocs"});
  // Linear: 4 MiB of continuation lines, then 100,000 one-line instructions.
  std::string continued = "FROM a\nRUN true";
  while (continued.size() < (4u << 20)) continued += " \\\n && true";
  EXPECT_TRUE(parse(continued).diagnostics.empty());
  std::string lines = "FROM a\n";
  for (int k = 0; k < 60000; ++k) lines += "RUN x\n";
  EXPECT_EQ(codes(parse(lines).diagnostics).back(), "50001:1 too-many-instructions");
  std::string noisy;
  for (int k = 0; k < 2000; ++k) noisy += "BOGUS\n";
  EXPECT_EQ(parse(noisy).diagnostics.size(), kMaxDiagnostics + 1);
}

}  // namespace
}  // namespace hardock::dockerfile
