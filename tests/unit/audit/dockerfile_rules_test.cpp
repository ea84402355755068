// The instruction rules HDK-B-002 .. HDK-B-027 beyond their registry examples: multi-stage
// builds, build arguments, heredocs, continuations (findings asserted at line AND column), and
// hostile input that must never crash or leak raw control characters into evidence.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hardock/audit/checks/dockerfile/instr_util.h"
#include "hardock/audit/registry.h"
#include "hardock/dockerfile/subject.h"

namespace hardock::audit {
namespace {

using Positions = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

std::vector<core::Finding> lint(std::string_view code, std::string_view text,
                                const AuditConfig& config = {}) {
  const Check* check = find_check(code);
  if (check == nullptr) {
    ADD_FAILURE() << code << ": no such check";
    return {};
  }
  std::vector<dockerfile::DockerfileSubject> subjects;
  subjects.push_back(dockerfile::make_subject("Dockerfile", text));
  const docker::EngineSnapshot engine;
  return check->run(*check, AuditContext{engine, config, nullptr, false, nullptr, &subjects});
}

Positions at(std::string_view code, std::string_view text, const AuditConfig& config = {}) {
  Positions out;
  for (const auto& finding : lint(code, text, config)) {
    EXPECT_EQ(finding.location.file, "Dockerfile");
    out.emplace_back(finding.location.line, finding.location.column);
  }
  return out;
}

std::string evidence(std::string_view code, std::string_view text, const AuditConfig& config = {}) {
  const auto findings = lint(code, text, config);
  return findings.empty() ? "" : findings.front().evidence;
}

const Positions kNone;

// HDK-B-002 base-latest
TEST(DockerfileBaseLatest, UntaggedAndLatestOnlyForImages) {
  EXPECT_EQ(at("HDK-B-002", "FROM debian\n"), (Positions{{1, 6}}));
  EXPECT_EQ(at("HDK-B-002", "FROM debian:latest AS b\nRUN true\nFROM b\n"), (Positions{{1, 6}}));
  EXPECT_EQ(at("HDK-B-002", "FROM scratch\nCOPY x /\n"), kNone);
  EXPECT_EQ(at("HDK-B-002", "FROM debian:latest@sha256:abcd\n"), kNone);
  EXPECT_EQ(at("HDK-B-002", "FROM localhost:5000/app\n"), (Positions{{1, 6}}));
  EXPECT_EQ(at("HDK-B-002", "FROM localhost:5000/app:1.2\n"), kNone);
}

TEST(DockerfileBaseLatest, BuildArgumentsAndContinuations) {
  EXPECT_EQ(at("HDK-B-002", "ARG TAG\nFROM debian:${TAG}\n"), kNone);  // unknown: not judged
  EXPECT_EQ(at("HDK-B-002", "ARG TAG=latest\nFROM debian:${TAG}\n"), (Positions{{2, 6}}));
  EXPECT_EQ(at("HDK-B-002", "FROM debian:${TAG:-latest}\n"), (Positions{{1, 6}}));
  EXPECT_EQ(at("HDK-B-002", "FROM \\\n   debian \\\n  AS base\n"), (Positions{{2, 4}}));
  EXPECT_EQ(at("HDK-B-002", "FROM --platform=$BUILDPLATFORM golang AS build\n"),
            (Positions{{1, 32}}));
}

// HDK-B-003 base-not-pinned
TEST(DockerfileBaseNotPinned, DigestPins) {
  EXPECT_EQ(at("HDK-B-003", "FROM debian:12\n"), (Positions{{1, 6}}));
  EXPECT_EQ(at("HDK-B-003", "FROM debian:12@sha256:0123\nFROM scratch\n"), kNone);
  EXPECT_EQ(at("HDK-B-003", "FROM debian@sha256:0123 AS a\nFROM a\n"), kNone);
  EXPECT_EQ(at("HDK-B-003", "FROM a:1 AS x\nFROM b:2\n"), (Positions{{1, 6}, {2, 6}}));
}

// HDK-B-004 base-untrusted
TEST(DockerfileBaseUntrusted, AllowList) {
  AuditConfig config;
  config.trusted_registries = {"registry.example.com", "*.corp.example"};
  EXPECT_EQ(at("HDK-B-004", "FROM debian:12\n", config), (Positions{{1, 6}}));
  EXPECT_EQ(at("HDK-B-004", "FROM registry.example.com/base:1\n", config), kNone);
  EXPECT_EQ(at("HDK-B-004", "FROM REGISTRY.Example.com/base:1\n", config), kNone);
  EXPECT_EQ(at("HDK-B-004", "FROM eu.corp.example/base:1\n", config), kNone);
  EXPECT_EQ(at("HDK-B-004", "FROM corp.example/base:1\n", config), (Positions{{1, 6}}));
  EXPECT_EQ(at("HDK-B-004", "FROM registry.example.com.evil.io/base:1\n", config),
            (Positions{{1, 6}}));
  EXPECT_EQ(at("HDK-B-004", "FROM registry.example.com/b:1 AS a\nFROM a\nFROM scratch\n", config),
            kNone);
  EXPECT_NE(evidence("HDK-B-004", "FROM quay.io/x:1\n", config).find("quay.io"), std::string::npos);
}

TEST(DockerfileBaseUntrusted, NoListNoJudgement) {
  // Without an allow list the rule cannot judge: skipped, with the reason; never a pass.
  const auto unjudged = lint("HDK-B-004", "FROM quay.io/x:1\n", {});
  ASSERT_EQ(unjudged.size(), 1u);
  EXPECT_EQ(unjudged[0].status, core::FindingStatus::kSkipped);
  EXPECT_NE(unjudged[0].evidence.find("no trusted registries are configured"), std::string::npos);
  AuditConfig hub;
  hub.trusted_registries = {"docker.io"};
  EXPECT_EQ(at("HDK-B-004", "FROM index.docker.io/library/debian:12\nFROM debian:12\n", hub),
            kNone);
}

// HDK-B-005 add-local
TEST(DockerfileAddLocal, LocalFilesNotArchivesNorUrls) {
  EXPECT_EQ(at("HDK-B-005", "FROM debian:12\nADD app.py /srv/\n"), (Positions{{2, 1}}));
  EXPECT_EQ(at("HDK-B-005", "FROM debian:12\nADD rootfs.tar.xz /\nADD https://x.io/a /a\n"), kNone);
  EXPECT_EQ(at("HDK-B-005", "FROM debian:12\nADD a.tgz b.txt /x/\n"), (Positions{{2, 1}}));
  EXPECT_EQ(at("HDK-B-005", "FROM debian:12\nCOPY app.py /srv/\n"), kNone);
  EXPECT_EQ(at("HDK-B-005", "FROM debian:12\nONBUILD ADD . /app\n"), (Positions{{2, 9}}));
  EXPECT_EQ(at("HDK-B-005", "FROM debian:12\nADD <<EOF /etc/motd\nhello\nEOF\n"),
            (Positions{{2, 1}}));
}

// HDK-B-006 add-url
TEST(DockerfileAddUrl, UrlsWithoutChecksum) {
  EXPECT_EQ(at("HDK-B-006", "FROM debian:12\nADD --chown=1 http://x.io/t.tgz /opt/\n"),
            (Positions{{2, 15}}));
  EXPECT_EQ(at("HDK-B-006", "FROM debian:12\nADD --checksum=sha256:00 https://x.io/t /t\n"), kNone);
  EXPECT_EQ(at("HDK-B-006", "FROM debian:12\nADD git@github.com:o/r.git /src\n"),
            (Positions{{2, 5}}));
  EXPECT_EQ(at("HDK-B-006", "FROM debian:12\nADD a.tgz /\nCOPY https.txt /\n"), kNone);
  EXPECT_EQ(at("HDK-B-006", "FROM debian:12\nADD \\\n  https://x.io/a \\\n  /a\n"),
            (Positions{{3, 3}}));
  EXPECT_NE(evidence("HDK-B-006", "FROM d:1\nADD http://x.io/a /a\n").find("plain HTTP"),
            std::string::npos);
}

// HDK-B-007 expose-ssh, HDK-B-008 expose-privileged
TEST(DockerfileExposeSsh, StageAwareAndRanges) {
  EXPECT_EQ(at("HDK-B-007", "FROM debian:12\nEXPOSE 8080 22\n"), (Positions{{2, 13}}));
  EXPECT_EQ(at("HDK-B-007", "FROM debian:12\nEXPOSE 20-30/tcp\n"), (Positions{{2, 8}}));
  EXPECT_EQ(at("HDK-B-007", "FROM debian:12\nEXPOSE 22/udp\n"), kNone);
  // Only a build stage exposes it: not in the image.
  EXPECT_EQ(at("HDK-B-007", "FROM debian:12 AS build\nEXPOSE 22\nFROM debian:12\n"), kNone);
  // The final stage is built FROM the stage that exposes it: in the image.
  EXPECT_EQ(at("HDK-B-007", "FROM debian:12 AS base\nEXPOSE 22\nFROM base\n"), (Positions{{2, 8}}));
  EXPECT_EQ(at("HDK-B-007", "FROM debian:12\nARG P\nEXPOSE $P\n"), kNone);
  EXPECT_EQ(at("HDK-B-007", "FROM debian:12\nARG P=22\nEXPOSE $P\n"), (Positions{{3, 8}}));
}

TEST(DockerfileExposePrivileged, BelowOneThousandTwentyFour) {
  EXPECT_EQ(at("HDK-B-008", "FROM nginx:1\nEXPOSE 80 443/tcp 8080\n"),
            (Positions{{2, 8}, {2, 11}}));
  EXPECT_EQ(at("HDK-B-008", "FROM debian:12\nEXPOSE 22 1024 0\n"), kNone);
  EXPECT_EQ(at("HDK-B-008", "FROM debian:12\nEXPOSE 20-30\n"), (Positions{{2, 8}}));
  EXPECT_EQ(at("HDK-B-008", "FROM debian:12 AS b\nEXPOSE 80\nFROM debian:12\n"), kNone);
}

// HDK-B-009 expose-invalid
TEST(DockerfileExposeInvalid, NotPorts) {
  EXPECT_EQ(at("HDK-B-009", "FROM debian:12\nEXPOSE 80000 8080:80 80/xyz 0 9-8 abc\n"),
            (Positions{{2, 8}, {2, 14}, {2, 22}, {2, 29}, {2, 31}, {2, 35}}));
  EXPECT_EQ(at("HDK-B-009", "FROM debian:12\nEXPOSE 1 65535 1-2/udp 5/sctp\n"), kNone);
  EXPECT_EQ(at("HDK-B-009", "FROM debian:12\nARG P\nEXPOSE $P\n"), kNone);  // unknown value
  // An undeclared variable is empty, as BuildKit expands it: no port.
  EXPECT_EQ(at("HDK-B-009", "FROM debian:12\nEXPOSE $UNDECLARED\n"), (Positions{{2, 8}}));
  // A build stage's EXPOSE is still a mistake in the file.
  EXPECT_EQ(at("HDK-B-009", "FROM debian:12 AS b\nEXPOSE 70000\nFROM debian:12\n"),
            (Positions{{2, 8}}));
}

// HDK-B-010 secret-arg-env
TEST(DockerfileSecretArgEnv, LiteralsAnywhereNeverShown) {
  EXPECT_EQ(at("HDK-B-010", "FROM debian:12\nENV A=1 DB_PASSWORD=hunter2\n"), (Positions{{2, 9}}));
  const std::string shown = evidence("HDK-B-010", "FROM debian:12\nENV DB_PASSWORD=hunter2\n");
  EXPECT_EQ(shown.find("hunter2"), std::string::npos) << shown;
  EXPECT_NE(shown.find("DB_PASSWORD"), std::string::npos);
  // By value, in a build stage, at the value.
  EXPECT_EQ(at("HDK-B-010",
               "FROM debian:12 AS build\nARG GH=ghp_0123456789abcdefghijABCDEFGHIJ012345\n"
               "FROM debian:12\n"),
            (Positions{{2, 8}}));
  EXPECT_EQ(at("HDK-B-010", "FROM debian:12\nLABEL k=\"AKIAABCDEFGHIJKLMNOP\"\n"),
            (Positions{{2, 9}}));
  EXPECT_EQ(at("HDK-B-010", "FROM debian:12\nENV API_KEY abc123def\n"), (Positions{{2, 5}}));
  // Before the first FROM: in the Dockerfile all the same.
  EXPECT_EQ(at("HDK-B-010", "ARG NPM_TOKEN=s3cr3tvalue\nFROM node:22\n"), (Positions{{1, 5}}));
}

TEST(DockerfileSecretArgEnv, NamesAndReferencesAreStageAware) {
  EXPECT_EQ(at("HDK-B-010", "FROM debian:12\nARG GITHUB_TOKEN\nRUN make\n"), (Positions{{2, 5}}));
  EXPECT_EQ(at("HDK-B-010", "FROM debian:12 AS b\nARG GITHUB_TOKEN\nRUN make\nFROM debian:12\n"),
            kNone);
  EXPECT_EQ(at("HDK-B-010", "FROM debian:12\nARG TOKEN\nENV TOKEN=$TOKEN\n"),
            (Positions{{2, 5}, {3, 5}}));
  EXPECT_EQ(at("HDK-B-010",
               "FROM debian:12\nENV DB_PASSWORD_FILE=/run/secrets/db\n"
               "ENV SECRET_PATH=/run/secrets\nENV PASSENGER_COUNT=3\n"),
            kNone);
  AuditConfig config;
  config.accepted_secret_keys = {"db_password"};
  EXPECT_EQ(at("HDK-B-010", "FROM debian:12\nENV DB_PASSWORD=dev\n", config), kNone);
}

// HDK-B-011 secret-file-copied
TEST(DockerfileSecretFileCopied, DirectCopies) {
  EXPECT_EQ(at("HDK-B-011", "FROM debian:12\nCOPY id_rsa config /root/.ssh/\n"),
            (Positions{{2, 6}}));
  EXPECT_EQ(at("HDK-B-011", "FROM debian:12\nCOPY --chown=app .env /app/\n"), (Positions{{2, 18}}));
  EXPECT_EQ(at("HDK-B-011", "FROM debian:12\nCOPY cert.pem app.env.example /app/\n"), kNone);
  EXPECT_EQ(at("HDK-B-011", "FROM debian:12\nCOPY <<EOF /app/.env\nA=1\nEOF\n"), kNone);
  // Into a stage the image is built FROM: in the image.
  EXPECT_EQ(at("HDK-B-011", "FROM node:22 AS base\nCOPY .npmrc /root/\nFROM base\nRUN true\n"),
            (Positions{{2, 6}}));
}

TEST(DockerfileSecretFileCopied, ThroughCopyFrom) {
  // Only in the build stage: not in the image.
  EXPECT_EQ(at("HDK-B-011",
               "FROM node:22 AS build\nCOPY .env /app/.env\n"
               "FROM node:22\nCOPY --from=build /app/dist /srv\n"),
            kNone);
  // Copied out of it with the directory that holds it.
  EXPECT_EQ(at("HDK-B-011",
               "FROM node:22 AS build\nCOPY .env /app/.env\n"
               "FROM node:22\nCOPY --from=build /app /srv\n"),
            (Positions{{4, 19}}));
  // Relative destinations are under WORKDIR.
  EXPECT_EQ(at("HDK-B-011",
               "FROM node:22 AS build\nWORKDIR /app\nCOPY .env .\n"
               "FROM node:22\nCOPY --from=build /app/ /srv/\n"),
            (Positions{{5, 19}}));
  EXPECT_EQ(at("HDK-B-011",
               "FROM node:22 AS build\nWORKDIR /app\nCOPY .env .\n"
               "FROM node:22\nCOPY --from=build /app/.env* /srv/\n"),
            (Positions{{5, 19}}));
  EXPECT_EQ(at("HDK-B-011",
               "FROM node:22 AS build\nWORKDIR /app\nCOPY .env .\n"
               "FROM node:22\nCOPY --from=build /application /srv/\n"),
            kNone);
  // Through two stages.
  EXPECT_EQ(at("HDK-B-011",
               "FROM node:22 AS a\nCOPY .netrc /x/\nFROM node:22 AS b\n"
               "COPY --from=a /x /y\nFROM node:22\nCOPY --from=b /y/.netrc /z\n"),
            (Positions{{6, 15}}));
}

// HDK-B-012 workdir-relative, HDK-B-013 workdir-system
TEST(DockerfileWorkdirRelative, Paths) {
  EXPECT_EQ(at("HDK-B-012", "FROM debian:12\nWORKDIR app\n"), (Positions{{2, 9}}));
  EXPECT_EQ(at("HDK-B-012", "FROM debian:12\nWORKDIR /app\nWORKDIR C:\\\\app\n"), kNone);
  EXPECT_EQ(at("HDK-B-012", "FROM debian:12\nARG D\nWORKDIR $D\n"), kNone);
  EXPECT_EQ(at("HDK-B-012", "FROM debian:12\nENV D=/srv\nWORKDIR $D/app\n"), kNone);
  EXPECT_EQ(at("HDK-B-012", "FROM debian:12\nWORKDIR \\\n  src\n"), (Positions{{3, 3}}));
}

TEST(DockerfileWorkdirSystem, SystemDirectories) {
  EXPECT_EQ(at("HDK-B-013", "FROM debian:12\nWORKDIR /usr/bin\n"), (Positions{{2, 9}}));
  EXPECT_EQ(at("HDK-B-013", "FROM debian:12\nWORKDIR /proc/self/\n"), (Positions{{2, 9}}));
  EXPECT_EQ(at("HDK-B-013", "FROM debian:12\nWORKDIR /\n"), (Positions{{2, 9}}));
  EXPECT_EQ(at("HDK-B-013", "FROM debian:12\nWORKDIR /usr\nWORKDIR bin\n"),
            (Positions{{2, 9}, {3, 9}}));
  EXPECT_EQ(at("HDK-B-013",
               "FROM debian:12\nWORKDIR /app\nWORKDIR /usr/src/app\n"
               "WORKDIR /etc/nginx\nWORKDIR /var/www\nWORKDIR /binary\n"),
            kNone);
  EXPECT_EQ(at("HDK-B-013", "FROM debian:12\nWORKDIR /app/../../etc\n"), (Positions{{2, 9}}));
}

// HDK-B-014 healthcheck-missing
TEST(DockerfileHealthcheckMissing, FinalImageOnly) {
  EXPECT_EQ(at("HDK-B-014", "FROM debian:12 AS b\nHEALTHCHECK CMD true\nFROM debian:12\n"),
            (Positions{{3, 1}}));
  EXPECT_EQ(at("HDK-B-014", "FROM debian:12 AS b\nHEALTHCHECK CMD true\nFROM b\n"), kNone);
  EXPECT_EQ(at("HDK-B-014", "FROM debian:12\nHEALTHCHECK CMD true\nHEALTHCHECK NONE\n"),
            (Positions{{3, 1}}));
  EXPECT_EQ(at("HDK-B-014", ""), kNone);  // no FROM: HDK-B-022's
}

// HDK-B-015 .. HDK-B-017
TEST(DockerfileMultiple, PerStage) {
  EXPECT_EQ(at("HDK-B-015", "FROM d:1\nCMD a\nCMD b\nCMD c\n"), (Positions{{3, 1}, {4, 1}}));
  EXPECT_EQ(at("HDK-B-015", "FROM d:1 AS x\nCMD a\nFROM d:1\nCMD b\n"), kNone);
  EXPECT_EQ(at("HDK-B-016", "FROM d:1\nENTRYPOINT a\n  entrypoint [\"b\"]\n"), (Positions{{3, 3}}));
  EXPECT_EQ(at("HDK-B-017", "FROM d:1\nHEALTHCHECK NONE\nHEALTHCHECK CMD true\n"),
            (Positions{{3, 1}}));
  EXPECT_EQ(at("HDK-B-017", "FROM d:1\nONBUILD HEALTHCHECK NONE\nHEALTHCHECK CMD true\n"), kNone);
}

// HDK-B-018 copy-from-invalid
TEST(DockerfileCopyFromInvalid, References) {
  EXPECT_EQ(at("HDK-B-018", "FROM d:1 AS a\nCOPY --from=a /x /y\n"), (Positions{{2, 6}}));
  EXPECT_EQ(at("HDK-B-018", "FROM d:1 AS a\nCOPY --from=b /x /y\nFROM d:1 AS b\n"),
            (Positions{{2, 6}}));
  EXPECT_EQ(at("HDK-B-018", "FROM d:1\nRUN true\nFROM d:1\nCOPY --from=0 /x /y\n"), kNone);
  EXPECT_EQ(at("HDK-B-018", "FROM d:1\nCOPY --from=5 /x /y\n"), (Positions{{2, 6}}));
  EXPECT_EQ(at("HDK-B-018",
               "FROM d:1\nCOPY --from=nginx:1.27 /x /y\n"
               "COPY --from=registry.example/tools /x /y\n"),
            kNone);
  EXPECT_EQ(at("HDK-B-018", "FROM d:1\nCOPY --from=busybox /bin/sh /sh\n"), (Positions{{2, 6}}));
  EXPECT_EQ(at("HDK-B-018", "FROM d:1\nARG S\nCOPY --from=$S /x /y\n"), kNone);
  EXPECT_EQ(at("HDK-B-018", "FROM d:1 AS a\nRUN --mount=type=bind,from=a,target=/m true\n"),
            (Positions{{2, 5}}));
  EXPECT_EQ(at("HDK-B-018", "FROM d:1 AS Build\nRUN true\nFROM d:1\nCOPY --from=BUILD /x /y\n"),
            kNone);
}

// HDK-B-019 duplicate-stage
TEST(DockerfileDuplicateStage, CaseInsensitive) {
  EXPECT_EQ(at("HDK-B-019", "FROM d:1 AS build\nFROM d:1 AS test\nFROM d:1 as BUILD\n"),
            (Positions{{3, 13}}));
  EXPECT_EQ(at("HDK-B-019", "FROM d:1 AS build\nFROM build AS test\nFROM d:1\n"), kNone);
}

// HDK-B-020 maintainer, HDK-B-021 copy-dest-not-dir
TEST(DockerfileMaintainer, Any) {
  EXPECT_EQ(at("HDK-B-020", "FROM d:1\n  maintainer me\n"), (Positions{{2, 3}}));
  EXPECT_EQ(at("HDK-B-020", "FROM d:1\nLABEL maintainer=me\n"), kNone);
}

TEST(DockerfileCopyDestNotDir, SeveralSources) {
  EXPECT_EQ(at("HDK-B-021", "FROM d:1\nCOPY a b /app\n"), (Positions{{2, 10}}));
  EXPECT_EQ(at("HDK-B-021", "FROM d:1\nCOPY [\"a\", \"b\", \"/app\"]\n"), (Positions{{2, 17}}));
  EXPECT_EQ(at("HDK-B-021", "FROM d:1\nCOPY a b /app/\nCOPY a /app\nADD a b c/\n"), kNone);
  EXPECT_EQ(at("HDK-B-021", "FROM d:1\nARG D\nCOPY a b $D\n"), kNone);
}

// HDK-B-022 parse-error
TEST(DockerfileParseError, DiagnosticsAtTheirPositions) {
  EXPECT_EQ(at("HDK-B-022", "FROM d:1\n  RUNN true\n"), (Positions{{2, 3}}));
  EXPECT_EQ(at("HDK-B-022", ""), (Positions{{1, 1}}));
  // The RUN before FROM, and the file without FROM.
  EXPECT_EQ(at("HDK-B-022", "RUN true\n"), (Positions{{1, 1}, {1, 1}}));
  EXPECT_EQ(at("HDK-B-022", "FROM d:1\nRUN <<EOF\necho hi\n"), (Positions{{2, 5}}));
  // Reported by their own rules, not twice.
  EXPECT_EQ(at("HDK-B-022", "FROM d:1 AS a\nEXPOSE 99999\nCOPY --from=a /x /y\nFROM d:1 AS a\n"),
            kNone);
}

// HDK-B-023 run-insecure, HDK-B-024 run-network-host
TEST(DockerfileRunFlags, InsecureAndHostNetwork) {
  EXPECT_EQ(at("HDK-B-023", "FROM d:1\nRUN --security=insecure make\n"), (Positions{{2, 5}}));
  EXPECT_EQ(at("HDK-B-023", "FROM d:1\nRUN --security=sandbox make\nRUN make\n"), kNone);
  EXPECT_EQ(at("HDK-B-023", "FROM d:1\nONBUILD RUN --security=insecure make\n"),
            (Positions{{2, 13}}));
  EXPECT_EQ(at("HDK-B-024", "FROM d:1\nRUN --mount=type=cache,target=/c --network=host make\n"),
            (Positions{{2, 34}}));
  EXPECT_EQ(at("HDK-B-024", "FROM d:1\nRUN --network=none make\nRUN --network=default make\n"),
            kNone);
}

// HDK-B-025 tls-verify-disabled
TEST(DockerfileTlsVerifyDisabled, Variables) {
  EXPECT_EQ(at("HDK-B-025", "FROM d:1\nENV NODE_TLS_REJECT_UNAUTHORIZED=0 A=1\n"),
            (Positions{{2, 5}}));
  EXPECT_EQ(at("HDK-B-025", "FROM d:1\nARG GIT_SSL_NO_VERIFY=1\nENV npm_config_strict_ssl=false\n"),
            (Positions{{2, 5}, {3, 5}}));
  EXPECT_EQ(at("HDK-B-025", "FROM d:1\nENV PIP_INDEX_URL=http://mirror/simple GOSUMDB=off\n"),
            (Positions{{2, 5}, {2, 40}}));
  EXPECT_EQ(at("HDK-B-025",
               "FROM d:1\nENV PIP_INDEX_URL=https://mirror/simple\n"
               "ENV NODE_TLS_REJECT_UNAUTHORIZED=1 GOSUMDB=sum.golang.org\n"
               "ARG GIT_SSL_NO_VERIFY\n"),
            kNone);
  EXPECT_NE(evidence("HDK-B-025", "FROM d:1\nENV PYTHONHTTPSVERIFY=0\n").find("every container"),
            std::string::npos);
}

// HDK-B-026 user-not-numeric, HDK-B-027 copy-stage-root
TEST(DockerfileUserNotNumeric, LastImageUser) {
  EXPECT_EQ(at("HDK-B-026", "FROM d:1\nUSER app:app\n"), (Positions{{2, 6}}));
  EXPECT_EQ(at("HDK-B-026", "FROM d:1\nUSER 10001:app\n"), kNone);
  EXPECT_EQ(at("HDK-B-026", "FROM d:1\nUSER root\n"), kNone);  // HDK-B-001's
  EXPECT_EQ(at("HDK-B-026", "FROM d:1\nUSER app\nUSER 10001\n"), kNone);
  // A build stage's user is not the image's; a base stage's is.
  EXPECT_EQ(at("HDK-B-026", "FROM d:1 AS b\nUSER app\nFROM d:1\nUSER 10001\n"), kNone);
  EXPECT_EQ(at("HDK-B-026", "FROM d:1 AS b\nUSER app\nFROM b\nRUN true\n"), (Positions{{2, 6}}));
  EXPECT_EQ(at("HDK-B-026", "FROM d:1\nARG U\nUSER $U\n"), kNone);
  EXPECT_EQ(at("HDK-B-026", "FROM d:1\nARG U=web\nUSER ${U}\n"), (Positions{{3, 6}}));
}

TEST(DockerfileCopyStageRoot, WholeFileSystem) {
  EXPECT_EQ(at("HDK-B-027", "FROM d:1 AS b\nFROM d:1\nCOPY --from=b / /\n"), (Positions{{3, 15}}));
  EXPECT_EQ(at("HDK-B-027", "FROM d:1 AS b\nFROM d:1\nCOPY --from=b . /x\nCOPY --from=b /. /y\n"),
            (Positions{{3, 15}, {4, 15}}));
  EXPECT_EQ(at("HDK-B-027", "FROM d:1 AS b\nFROM d:1\nCOPY --from=b /out /x\nCOPY . /app\n"),
            kNone);
  EXPECT_EQ(at("HDK-B-027", "FROM d:1 AS b\nFROM d:1 AS c\nCOPY --from=b / /\nFROM d:1\n"), kNone);
}

// Rules that quote an instruction never quote a secret it holds (HDK-B-010 judges those).
TEST(DockerfileRules, EvidenceNeverHoldsSecrets) {
  const std::string text =
      "FROM debian:latest\n"
      "ARG GITHUB_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345\n"
      "ENV NODE_TLS_REJECT_UNAUTHORIZED=0 DB_PASSWORD=hunter2hunter2\n"
      "LABEL api_key=hunter3hunter3\n"
      "ADD https://bob:hunter4hunter4@example.com/a.tgz /opt/\n"
      "ADD --checksum=sha256:00 https://bob:hunter5hunter5@example.com/b.tgz a.txt /opt\n"
      "WORKDIR /usr/bin\nEXPOSE 22 80\nHEALTHCHECK NONE\nUSER app\n";
  std::vector<dockerfile::DockerfileSubject> subjects;
  subjects.push_back(dockerfile::make_subject("Dockerfile", text));
  const docker::EngineSnapshot engine;
  const AuditConfig config;
  int quoted = 0;
  for (const Check* check : all_checks()) {
    if (check->needs != Input::kDockerfile) continue;
    SCOPED_TRACE(std::string(check->info.code));
    for (const auto& finding :
         check->run(*check, AuditContext{engine, config, nullptr, false, nullptr, &subjects})) {
      ++quoted;
      for (const char* secret : {"hunter2hunter2", "hunter3hunter3", "hunter4hunter4",
                                 "hunter5hunter5", "0123456789abcdefghij"}) {
        EXPECT_EQ(finding.evidence.find(secret), std::string::npos) << finding.evidence;
      }
    }
  }
  EXPECT_GT(quoted, 8);
}

// Every instruction rule on hostile input: no crash, bounded one-line evidence.
TEST(DockerfileRules, HostileInputNeverCrashesAndEvidenceStaysBounded) {
  std::vector<std::string> inputs;
  inputs.push_back("FROM debian:" + std::string(900'000, 'a') + "\nEXPOSE " +
                   std::string(100'000, '9') + "\nENV PASSWORD=" + std::string(200'000, 'x') +
                   "\nWORKDIR " + std::string(300'000, 'w') + "\n");
  std::string stages = "FROM debian:12 AS s0\nCOPY .env /app/\n";
  for (int index = 1; index < 5000; ++index) {
    stages += "FROM s" + std::to_string(index - 1) + " AS s" + std::to_string(index) +
              "\nCOPY --from=s" + std::to_string(index - 1) + " / /\nCMD a\nCMD b\n";
  }
  inputs.push_back(stages);
  std::string wide = "FROM d:1\nCOPY";
  for (int index = 0; index < 20000; ++index) wide += " .env" + std::to_string(index);
  wide += " /x\n";
  inputs.push_back(wide);
  inputs.push_back(
      "FROM d:1\nENV PASS\x1b[31mWORD=\x1b]0;x\x07 TOKEN\r=1\nEXPOSE 22\x1b[0m\n"
      "ADD http://\x1b[2Jevil/\n\x01\x02\nWORKDIR \x7f\n");
  inputs.push_back(std::string(100'000, '\\') + "\n" + std::string(50'000, '\n') + "FROM");
  inputs.push_back("FROM d:1\nRUN <<A <<B <<C\nA\n");
  for (const auto& input : inputs) {
    std::vector<dockerfile::DockerfileSubject> subjects;
    subjects.push_back(dockerfile::make_subject("Dockerfile", input));
    const docker::EngineSnapshot engine;
    AuditConfig config;
    config.trusted_registries = {"registry.example"};
    for (const Check* check : all_checks()) {
      if (check->needs != Input::kDockerfile) continue;
      SCOPED_TRACE(std::string(check->info.code));
      const auto findings =
          check->run(*check, AuditContext{engine, config, nullptr, false, nullptr, &subjects});
      for (const auto& finding : findings) {
        EXPECT_LE(finding.evidence.size(), 1000u);
        for (const char c : finding.evidence) {
          const auto byte = static_cast<unsigned char>(c);
          EXPECT_TRUE(byte >= 0x20 && byte != 0x7f) << "raw control byte in evidence";
        }
      }
    }
  }
}

// Paths already normal are returned as they are (a fast path); the others lexically resolved.
TEST(DockerfileRuleHelpers, NormalizePath) {
  using checks::dockerfile_rules::join_path;
  using checks::dockerfile_rules::normalize_path;
  EXPECT_EQ(normalize_path("/"), "/");
  EXPECT_EQ(normalize_path("/usr/local/bin"), "/usr/local/bin");
  EXPECT_EQ(normalize_path("/a/./b//c/../d/"), "/a/b/d");
  EXPECT_EQ(normalize_path("/a/.."), "/");
  EXPECT_EQ(normalize_path("/a/."), "/a");
  EXPECT_EQ(normalize_path("/a/"), "/a");
  EXPECT_EQ(normalize_path("//a"), "/a");
  EXPECT_EQ(normalize_path("/..a/b."), "/..a/b.");
  EXPECT_EQ(normalize_path("a/b"), "/a/b");
  EXPECT_EQ(normalize_path(""), "/");
  EXPECT_EQ(join_path("/app", "src/../lib"), "/app/lib");
  EXPECT_EQ(join_path("/app", "/etc"), "/etc");
}

}  // namespace
}  // namespace hardock::audit
