// Each fix: the exact text before and after, idempotence, and the cases it must leave alone.
#include <gtest/gtest.h>

#include "fix_test_util.h"

namespace hardock::fix::test {
namespace {

TEST(FixAddLocal, AddBecomesCopy) {
  expect_fix("FROM debian:12\nADD --chown=1:1 app.py /app/\n", {finding("HDK-B-005", 2)},
             "FROM debian:12\nCOPY --chown=1:1 app.py /app/\n");
  expect_fix("from debian:12\nadd . /src\n", {finding("HDK-B-005", 2)},
             "from debian:12\ncopy . /src\n");
}

TEST(FixAddLocal, LeavesWhatCopyCannotDo) {
  for (const char* text :
       {"FROM debian:12\nADD rootfs.tar.gz /\n", "FROM debian:12\nADD https://example.com/x /x\n",
        "FROM debian:12\nADD --checksum=sha256:00 x /x\n", "FROM debian:12\nADD files/* /x/\n",
        "FROM debian:12\nARG SRC\nADD $SRC /x\n"}) {
    const auto result =
        run(text, {finding("HDK-B-005", text[16] == 'A' && text[17] == 'R' ? 3 : 2)});
    EXPECT_EQ(result.text, text);
    EXPECT_TRUE(result.applied.empty());
    EXPECT_FALSE(result.notes.empty()) << text;
  }
}

TEST(FixExposeSsh, RemovesThePortOrTheLine) {
  expect_fix("FROM debian:12\nEXPOSE 22\nCMD [\"x\"]\n", {finding("HDK-B-007", 2)},
             "FROM debian:12\nCMD [\"x\"]\n");
  expect_fix("FROM debian:12\nEXPOSE 80 22/tcp 443\n", {finding("HDK-B-007", 2)},
             "FROM debian:12\nEXPOSE 80 443\n");
  expect_fix("FROM debian:12\nEXPOSE 22 8080\n", {finding("HDK-B-007", 2)},
             "FROM debian:12\nEXPOSE 8080\n");
  const auto range = run("FROM debian:12\nEXPOSE 20-25\n", {finding("HDK-B-007", 2)});
  EXPECT_EQ(range.text, "FROM debian:12\nEXPOSE 20-25\n");
  EXPECT_TRUE(has_note(range, "20-25"));
}

TEST(FixUpdateAlone, MergesIntoTheNextRun) {
  expect_fix(
      "FROM debian:12\n# index\nRUN apt-get update\nRUN apt-get install -y curl && rm -rf "
      "/var/lib/apt/lists/*\n",
      {finding("HDK-B-042", 3)},
      "FROM debian:12\n# index\nRUN apt-get update && apt-get install -y curl && rm -rf "
      "/var/lib/apt/lists/*\n");
}

TEST(FixUpdateAlone, LeavesWhatWouldChangeMeaning) {
  for (const char* text :
       {"FROM debian:12\nRUN apt-get update\nRUN apt-get install -y a; true\n",
        "FROM debian:12\nRUN apt-get update\nENV A=1\n",
        "FROM debian:12\nRUN apt-get update && echo hi\nRUN apt-get install -y a\n",
        "FROM debian:12\nRUN apt-get update\nRUN a || b\n"}) {
    const auto result = run(text, {finding("HDK-B-042", 2)});
    EXPECT_EQ(result.text, text);
    EXPECT_FALSE(result.notes.empty()) << text;
  }
}

TEST(FixAssumeYes, AddsYAfterTheSubcommand) {
  expect_fix("FROM debian:12\nRUN apt-get update && apt-get install curl\n",
             {finding("HDK-B-043", 2)},
             "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n");
  expect_fix("FROM fedora:40\nRUN dnf install git && microdnf -q install make\n",
             {finding("HDK-B-043", 2)},
             "FROM fedora:40\nRUN dnf install -y git && microdnf -q install -y make\n");
  expect_fix("FROM opensuse/leap\nRUN zypper install curl\n", {finding("HDK-B-043", 2)},
             "FROM opensuse/leap\nRUN zypper install -y curl\n");
  // Already there in any spelling: nothing to do.
  for (const char* text : {"FROM debian:12\nRUN apt-get -qy install curl\n",
                           "FROM debian:12\nRUN apt-get install --yes curl\n",
                           "FROM debian:12\nRUN apt-get -qq install curl\n",
                           "FROM fedora:40\nRUN yum --assumeyes install x\n",
                           "FROM opensuse/leap\nRUN zypper -n install x\n"}) {
    EXPECT_EQ(run(text, {finding("HDK-B-043", 2)}).text, text);
  }
}

TEST(FixAptRecommends, AddsNoInstallRecommends) {
  expect_fix("FROM debian:12\nRUN apt-get install -y \\\n    curl\n", {finding("HDK-B-044", 2)},
             "FROM debian:12\nRUN apt-get install --no-install-recommends -y \\\n    curl\n");
  const char* set = "FROM debian:12\nRUN apt-get -o APT::Install-Recommends=false install -y x\n";
  EXPECT_EQ(run(set, {finding("HDK-B-044", 2)}).text, set);
}

TEST(FixAptLists, AppendsTheCleanup) {
  expect_fix("FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
             {finding("HDK-B-045", 2)},
             "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf "
             "/var/lib/apt/lists/*\n");
  // After a continuation, before a trailing ';', after a closing `fi`.
  expect_fix("FROM debian:12\nRUN apt-get update \\\n && apt-get install -y curl ;\n",
             {finding("HDK-B-045", 2)},
             "FROM debian:12\nRUN apt-get update \\\n && apt-get install -y curl && rm -rf "
             "/var/lib/apt/lists/* ;\n");
  expect_fix("FROM debian:12\nRUN if true; then apt-get update && apt-get install -y a; fi\n",
             {finding("HDK-B-045", 2)},
             "FROM debian:12\nRUN if true; then apt-get update && apt-get install -y a; fi && rm "
             "-rf /var/lib/apt/lists/*\n");
}

TEST(FixAptLists, LeavesUnsureEnds) {
  for (const char* text :
       {"FROM debian:12\nRUN apt-get update && apt-get install -y a # note\n",
        "FROM debian:12\nRUN apt-get update && apt-get install -y a &\n",
        "FROM debian:12\nRUN [\"sh\", \"-c\", \"apt-get update && apt-get install -y a\"]\n",
        // The lists are needed by a later RUN.
        "FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y b\n",
        // An update alone: its lists are for the next RUN.
        "FROM debian:12\nRUN apt-get update\nRUN echo\n"}) {
    const auto result = run(text, {finding("HDK-B-045", 2)});
    EXPECT_EQ(result.text, text);
    EXPECT_FALSE(result.notes.empty()) << text;
  }
}

TEST(FixAptLists, FollowsAMergedUpdate) {
  expect_fix("FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n",
             {finding("HDK-B-042", 2), finding("HDK-B-045", 2)},
             "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf "
             "/var/lib/apt/lists/*\n");
}

TEST(FixAptLists, InAHeredoc) {
  expect_fix("FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y a\nEOF\n",
             {finding("HDK-B-045", 2)},
             "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y a && rm -rf "
             "/var/lib/apt/lists/*\nEOF\n");
}

TEST(FixApkCache, AddsNoCache) {
  expect_fix("FROM alpine:3.20\nRUN apk update && apk add curl\n", {finding("HDK-B-046", 2)},
             "FROM alpine:3.20\nRUN apk update && apk add --no-cache curl\n");
}

TEST(FixYumDnfCache, AppendsCleanAll) {
  expect_fix("FROM rockylinux:9\nRUN dnf install -y git\n", {finding("HDK-B-047", 2)},
             "FROM rockylinux:9\nRUN dnf install -y git && dnf clean all\n");
  expect_fix("FROM ubi9/ubi-minimal\nRUN microdnf install -y a && yum install -y b\n",
             {finding("HDK-B-047", 2)},
             "FROM ubi9/ubi-minimal\nRUN microdnf install -y a && yum install -y b && microdnf "
             "clean all && yum clean all\n");
}

TEST(FixZypperCache, AppendsClean) {
  expect_fix("FROM opensuse/leap:15\nRUN zypper -n install curl\n", {finding("HDK-B-048", 2)},
             "FROM opensuse/leap:15\nRUN zypper -n install curl && zypper clean\n");
}

TEST(FixPipCache, AddsNoCacheDir) {
  expect_fix("FROM python:3.12\nRUN pip install -r req.txt && python3 -m pip install x\n",
             {finding("HDK-B-049", 2)},
             "FROM python:3.12\nRUN pip install --no-cache-dir -r req.txt && python3 -m pip "
             "install --no-cache-dir x\n");
}

TEST(FixSshServer, RemovesThePackage) {
  expect_fix("FROM debian:12\nRUN apt-get install -y openssh-server curl\n",
             {finding("HDK-B-051", 2)}, "FROM debian:12\nRUN apt-get install -y curl\n");
  expect_fix("FROM debian:12\nRUN apt-get install -y \\\n    openssh-server \\\n    curl\n",
             {finding("HDK-B-051", 2)}, "FROM debian:12\nRUN apt-get install -y \\\n    curl\n");
  // The last word, alone on a continuation line: the escape before it goes too.
  expect_fix(
      "FROM debian:12\nRUN apt-get install -y \\\n    curl \\\n    openssh-server\nEXPOSE 80\n",
      {finding("HDK-B-051", 2)},
      "FROM debian:12\nRUN apt-get install -y \\\n    curl\nEXPOSE 80\n");
  expect_fix("FROM alpine:3\nRUN apk add --no-cache openssh bash\n", {finding("HDK-B-051", 2)},
             "FROM alpine:3\nRUN apk add --no-cache bash\n");
  const auto only =
      run("FROM alpine:3\nRUN apk add --no-cache openssh\n", {finding("HDK-B-051", 2)});
  EXPECT_EQ(only.text, "FROM alpine:3\nRUN apk add --no-cache openssh\n");
  EXPECT_TRUE(has_note(only, "only package"));
  const auto cmd = run(
      "FROM debian:12\nRUN apt-get install -y openssh-server\nCMD [\"/usr/sbin/sshd\", \"-D\"]\n",
      {finding("HDK-B-051", 2)});
  EXPECT_EQ(cmd.text, "FROM debian:12\nRUN apt-get install -y\nCMD [\"/usr/sbin/sshd\", \"-D\"]\n");
  EXPECT_TRUE(has_note(cmd, "still starts sshd"));
}

TEST(FixPipefail, ShellAfterFromByBase) {
  expect_fix("FROM debian:12 AS build\nRUN curl -s x | tar x\n", {finding("HDK-B-054", 2)},
             "FROM debian:12 AS build\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN "
             "curl -s x | tar x\n");
  expect_fix("FROM alpine:3.20\nRUN wget -O- x | tar x\n", {finding("HDK-B-054", 2)},
             "FROM alpine:3.20\nSHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN wget "
             "-O- x | tar x\n");
  // Through a stage built FROM another.
  expect_fix("FROM ubuntu:24.04 AS base\nFROM base\nRUN a | b\n", {finding("HDK-B-054", 3)},
             "FROM ubuntu:24.04 AS base\nFROM base\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", "
             "\"-c\"]\nRUN a | b\n");
  for (const char* text :
       {"FROM debian:12\nRUN set -o pipefail; a | b\n", "FROM debian:12\nRUN a || b\n"}) {
    EXPECT_EQ(run(text, {finding("HDK-B-054", 2)}).text, text);
  }
  for (const char* text : {"FROM example.com/custom\nRUN a | b\n",
                           "FROM debian:12\nSHELL [\"/bin/sh\", \"-c\"]\nRUN a | b\n"}) {
    const auto result = run(text, {finding("HDK-B-054", text[23] == 'R' ? 2 : 3)});
    EXPECT_EQ(result.text, text);
    EXPECT_FALSE(result.notes.empty()) << text;
  }
}

TEST(FixPinDigest, PinsWithAValidDigest) {
  const std::string digest = "sha256:" + std::string(64, 'a');
  FixOptions options;
  options.resolve_digest = [&](std::string_view ref) -> std::optional<std::string> {
    if (ref == "debian:12") return digest;
    if (ref == "evil:1") return std::string("sha256:xyz\nRUN rm -rf /");
    return std::nullopt;
  };
  expect_fix("FROM debian:12 AS b\nFROM b\n", {finding("HDK-B-003", 1), finding("HDK-B-003", 2)},
             "FROM debian:12@" + digest + " AS b\nFROM b\n", options);
  const auto evil = run("FROM evil:1\n", {finding("HDK-B-003", 1)}, options);
  EXPECT_EQ(evil.text, "FROM evil:1\n");
  EXPECT_TRUE(has_note(evil, "not sha256"));
  const auto none = run("FROM other:1\n", {finding("HDK-B-003", 1)}, options);
  EXPECT_EQ(none.text, "FROM other:1\n");
  EXPECT_TRUE(has_note(none, "not known"));
  const auto no_lookup = run("FROM debian:12\n", {finding("HDK-B-003", 1)});
  EXPECT_TRUE(has_note(no_lookup, "no digest lookup"));
}

TEST(FixUserRoot, CreatesAUserWhereTheBaseIsKnown) {
  expect_fix(
      "FROM golang:1.22 AS build\nRUN go build\nFROM debian:12-slim\nCOPY --from=build /x /x\n",
      {finding("HDK-B-001", 3)},
      "FROM golang:1.22 AS build\nRUN go build\nFROM debian:12-slim\nCOPY --from=build /x "
      "/x\nRUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin "
      "appuser\nUSER 10001\n");
  expect_fix("FROM alpine:3.20\nCMD [\"sh\"]", {finding("HDK-B-001", 1)},
             "FROM alpine:3.20\nCMD [\"sh\"]\nRUN adduser -D -H -u 10001 -s /sbin/nologin "
             "appuser\nUSER 10001");
  expect_fix("FROM busybox:1.36\nCMD [\"sh\"]\n", {finding("HDK-B-001", 1)},
             "FROM busybox:1.36\nCMD [\"sh\"]\nUSER 10001:10001\n");
  expect_fix("FROM scratch\nCOPY app /app\n", {finding("HDK-B-001", 1)},
             "FROM scratch\nCOPY app /app\nUSER 10001:10001\n");
  // An earlier non-root user is switched back to.
  expect_fix("FROM node:20\nUSER node\nRUN npm ci\nUSER root\nRUN apt-get -y purge x\n",
             {finding("HDK-B-001", 4)},
             "FROM node:20\nUSER node\nRUN npm ci\nUSER root\nRUN apt-get -y purge x\nUSER node\n");
  const auto unknown = run("FROM example.com/base:1\nRUN x\n", {finding("HDK-B-001", 1)});
  EXPECT_EQ(unknown.text, "FROM example.com/base:1\nRUN x\n");
  EXPECT_TRUE(has_note(unknown, "not known"));
  const auto minimal =
      run("FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN x\n", {finding("HDK-B-001", 1)});
  EXPECT_TRUE(minimal.applied.empty());
}

TEST(FixHealthcheck, OnlyWithACommand) {
  const char* text = "FROM debian:12\nCMD [\"srv\"]\n";
  const auto without = run(text, {finding("HDK-B-014", 1)});
  EXPECT_EQ(without.text, text);
  EXPECT_TRUE(has_note(without, "--fix-healthcheck"));
  FixOptions options;
  options.healthcheck_command = "curl -fsS http://localhost:8080/health || exit 1";
  expect_fix(text, {finding("HDK-B-014", 1)},
             "FROM debian:12\nCMD [\"srv\"]\nHEALTHCHECK CMD curl -fsS "
             "http://localhost:8080/health || exit 1\n",
             options);
  for (const char* bad : {"a\nRUN rm -rf /", "[\"x\"]", "x \\", ""}) {
    options.healthcheck_command = bad;
    const auto result = run(text, {finding("HDK-B-014", 1)}, options);
    EXPECT_EQ(result.text, text) << bad;
  }
}

TEST(Fix, SeveralFixesOnOneCommand) {
  expect_fix(
      "FROM debian:12\nRUN apt-get update\nRUN apt-get install openssh-server curl\nEXPOSE 22\n",
      {finding("HDK-B-042", 2), finding("HDK-B-043", 3), finding("HDK-B-044", 3),
       finding("HDK-B-045", 3), finding("HDK-B-051", 3), finding("HDK-B-007", 4)},
      "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && "
      "rm -rf /var/lib/apt/lists/*\n");
}

TEST(Fix, KeepsCrlfAndTheBom) {
  expect_fix(
      "\xEF\xBB\xBF"
      "FROM debian:12\r\nRUN apt-get update\r\nRUN apt-get install curl | tee /log\r\n",
      {finding("HDK-B-042", 2), finding("HDK-B-043", 3), finding("HDK-B-054", 3),
       finding("HDK-B-001", 1)},
      "\xEF\xBB\xBF"
      "FROM debian:12\r\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", "
      "\"-c\"]\r\nRUN apt-get update && apt-get install -y curl | tee /log\r\nRUN "
      "useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin "
      "appuser\r\nUSER 10001\r\n");
}

TEST(Fix, KeepsABacktickEscape) {
  expect_fix(
      "# escape=`\nFROM debian:12\nRUN apt-get update && `\n    apt-get install `\n    curl\n",
      {finding("HDK-B-043", 3), finding("HDK-B-044", 3), finding("HDK-B-045", 3)},
      "# escape=`\nFROM debian:12\nRUN apt-get update && `\n    apt-get install -y "
      "--no-install-recommends `\n    curl && rm -rf /var/lib/apt/lists/*\n");
  expect_fix(
      "# escape=`\nFROM debian:12\nRUN apt-get install -y `\n    openssh-server `\n    curl\n",
      {finding("HDK-B-051", 3)},
      "# escape=`\nFROM debian:12\nRUN apt-get install -y `\n    curl\n");
}

TEST(Fix, IgnoresOtherFilesAndCodes) {
  const char* text = "FROM debian:12\nRUN apt-get install curl\n";
  auto other = finding("HDK-B-043", 2, "other/Dockerfile");
  EXPECT_EQ(run(text, {other}).text, text);
  const auto result = run(text, {finding("HDK-B-040", 2), finding("HDK-B-040", 2)});
  EXPECT_EQ(result.text, text);
  ASSERT_EQ(result.notes.size(), 1u);
  EXPECT_NE(result.notes[0].find("HDK-B-040 has no automatic fix"), std::string::npos);
  auto passed = finding("HDK-B-043", 2);
  passed.status = core::FindingStatus::kError;
  EXPECT_EQ(run(text, {passed}).text, text);
}

TEST(Fix, AppliedFixesNameCodeAndLine) {
  const auto result = run("FROM debian:12\nRUN apt-get install curl\n",
                          {finding("HDK-B-043", 2), finding("HDK-B-043", 2)});
  ASSERT_EQ(result.applied.size(), 1u);
  EXPECT_EQ(result.applied[0].code, "HDK-B-043");
  EXPECT_EQ(result.applied[0].line, 2u);
}

}  // namespace
}  // namespace hardock::fix::test
