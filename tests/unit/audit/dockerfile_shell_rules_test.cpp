// The RUN-script rules (HDK-B-040 .. HDK-B-060) beyond their registry examples: commands inside
// `set -e; cd x && ...`, subshells, `|| true`, `sh -c` scripts, heredoc scripts, continuations,
// assignments, cache mounts, stages; each finding's line and column; hostile input.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "hardock/audit/registry.h"
#include "hardock/dockerfile/subject.h"

namespace hardock::audit {
namespace {

std::vector<core::Finding> lint(std::string_view code, std::string_view text,
                                const AuditConfig& config = {}) {
  const Check* check = find_check(code);
  if (check == nullptr) {
    ADD_FAILURE() << code << ": no such check";
    return {};
  }
  const docker::EngineSnapshot engine;
  const std::vector<dockerfile::DockerfileSubject> files{
      dockerfile::make_subject("Dockerfile", text)};
  return check->run(*check, AuditContext{engine, config, nullptr, false, nullptr, &files});
}

// "LINE:COLUMN" of each finding, in order.
std::vector<std::string> at(std::string_view code, std::string_view text,
                            const AuditConfig& config = {}) {
  std::vector<std::string> out;
  for (const auto& finding : lint(code, text, config)) {
    out.push_back(std::to_string(finding.location.line) + ":" +
                  std::to_string(finding.location.column));
  }
  return out;
}

using At = std::vector<std::string>;
const At kNone;

bool has(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(DockerfilePipeToShell, PipelinesSubstitutionsAndPositions) {
  const char* code = "HDK-B-040";
  EXPECT_EQ(at(code, "FROM d\nRUN set -e; cd /x && curl -fsSL https://a/i.sh | sh\n"), At{"2:22"});
  EXPECT_EQ(at(code, "FROM d\nRUN wget -qO- https://a | tee /tmp/l | bash -s -- -y\n"), At{"2:5"});
  EXPECT_EQ(at(code, "FROM d\nRUN (cd /tmp && curl -s https://a | sh)\n"), At{"2:17"});
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get update \\\n && curl -fsSL https://a \\\n | bash\n"),
            At{"3:5"});
  EXPECT_EQ(at(code, "FROM d\nRUN <<EOF\nset -e\ncurl -fsSL https://a | sh\nEOF\n"), At{"4:1"});
  EXPECT_EQ(at(code, "FROM d\nRUN sh -c \"$(curl -fsSL https://a)\"\n"), At{"2:5"});
  EXPECT_EQ(at(code, "FROM d\nRUN curl -fsSL https://a | sudo python3 -\n"), At{"2:5"});
  EXPECT_EQ(at(code, "FROM d\nRUN curl -fsSL https://a/x.tgz | tar xz\n"), kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN curl -o /tmp/i.sh https://a && sh /tmp/i.sh\n"), kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN curl https://a || sh -c 'echo failed'\n"), kNone);
  const auto findings = lint(code, "FROM d\nRUN curl -fsSL https://a/i.sh | sh\n");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_TRUE(has(findings[0].evidence, "curl -fsSL https://a/i.sh | sh")) << findings[0].evidence;
  EXPECT_EQ(findings[0].cis, "4.11");
  // Evidence quoting a command masks what it holds of secrets.
  for (const char* text : {"FROM d\nRUN curl -u me:hunter2secret https://a | sh\n",
                           "FROM d\nRUN curl https://me:hunter2secret@a/i | sh\n",
                           "FROM d\nRUN curl --password=hunter2secret https://a | sh\n"}) {
    const auto masked = lint(code, text);
    ASSERT_EQ(masked.size(), 1u) << text;
    EXPECT_FALSE(has(masked[0].evidence, "hunter2")) << masked[0].evidence;
    EXPECT_TRUE(has(masked[0].evidence, "****")) << masked[0].evidence;
  }
}

TEST(DockerfileSudo, AnywhereInTheScript) {
  const char* code = "HDK-B-041";
  EXPECT_EQ(at(code, "FROM d\nRUN sudo apt-get update\n"), At{"2:5"});
  EXPECT_EQ(at(code, "FROM d\nRUN true || sudo rm -rf /x\n"), At{"2:13"});
  EXPECT_EQ(at(code, "FROM d\nRUN bash -c 'cd /x && sudo make install'\n"), At{"2:23"});
  EXPECT_EQ(at(code, "FROM d\nONBUILD RUN sudo true\n"), At{"2:13"});
  EXPECT_EQ(at(code, "FROM d\nRUN echo sudo && apt-get install sudo\n"), kNone);
}

TEST(DockerfileUpdateAlone, SameRunOnly) {
  const char* code = "HDK-B-042";
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get update\nRUN apt-get install -y curl\n"), At{"2:5"});
  EXPECT_EQ(at(code, "FROM d\nRUN DEBIAN_FRONTEND=noninteractive apt-get update\n"), At{"2:36"});
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get install -y x && apt-get update\n"), At{"2:29"});
  EXPECT_EQ(at(code, "FROM d\nRUN yum makecache\n"), At{"2:5"});
  EXPECT_EQ(at(code, "FROM d\nRUN apk update\nRUN apk add x\n"), At{"2:5"});
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get update && apt-get install -y x\n"), kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN set -e; apt-get -q update; apt -y install x || true\n"), kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN sh -c 'apt-get update && apt-get install -y x'\n"), kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN <<EOF\napt-get update\napt-get install -y x\nEOF\n"), kNone);
  EXPECT_EQ(lint(code, "FROM d\nRUN apt-get update\n")[0].cis, "4.7");
}

TEST(DockerfileNoAssumeYes, PerPackageManager) {
  const char* code = "HDK-B-043";
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get install curl\n"), At{"2:5"});
  EXPECT_EQ(at(code, "FROM d\nRUN sudo apt install curl\n"), At{"2:5"});
  EXPECT_EQ(at(code, "FROM d\nRUN yum install x && dnf install y && microdnf install z\n"),
            (At{"2:5", "2:22", "2:39"}));
  EXPECT_EQ(at(code, "FROM d\nRUN zypper install x\n"), At{"2:5"});
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get -qy install x && apt-get -qq install y\n"), kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get -o APT::Get::Assume-Yes=true install x\n"), kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN zypper -n install x && zypper in -y y\n"), kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN dnf --assumeyes install x && apk add y && pip install z\n"),
            kNone);
  EXPECT_TRUE(has(lint(code, "FROM d\nRUN zypper install x\n")[0].evidence, "-n"));
}

TEST(DockerfileAptRecommends, Options) {
  const char* code = "HDK-B-044";
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get update \\\n  && apt-get install -y curl\n"), At{"3:6"});
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get install -y --no-install-recommends curl\n"), kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get -o APT::Install-Recommends=false install -y x\n"), kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN apk add curl\n"), kNone);
}

TEST(DockerfileAptListsKept, SameRunCacheMountsAndStages) {
  const char* code = "HDK-B-045";
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get update && apt-get install -y x\n"), At{"2:5"});
  EXPECT_EQ(at(code,
               "FROM d\nRUN apt-get update && apt-get install -y x\n"
               "RUN rm -rf /var/lib/apt/lists/*\n"),
            At{"2:5"});
  EXPECT_EQ(at(code, "FROM d\nRUN rm -rf /var/lib/apt/lists/* && apt-get update\n"), At{"2:36"});
  EXPECT_EQ(at(code,
               "FROM d\nRUN apt-get update && apt-get install -y x \\\n"
               "  && rm -rf /var/lib/apt/lists/*\n"),
            kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n"),
            kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN --mount=type=cache,target=/var/lib/apt/ apt-get update\n"),
            kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN --mount=type=cache,target=/var/cache/apt apt-get update\n"),
            At{"2:46"});
  // Only the image's stages: a builder's layers are not shipped.
  EXPECT_EQ(at(code,
               "FROM d AS build\nRUN apt-get update && apt-get install -y x\n"
               "FROM scratch\nCOPY --from=build /x /x\n"),
            kNone);
  EXPECT_EQ(at(code, "FROM d AS base\nRUN apt-get update\nFROM base\nRUN true\n"), At{"2:5"});
}

TEST(DockerfileApkCache, NoCacheCleanupAndMounts) {
  const char* code = "HDK-B-046";
  EXPECT_EQ(at(code, "FROM a\nRUN set -e; apk add curl\n"), At{"2:13"});
  EXPECT_EQ(at(code, "FROM a\nRUN apk add --no-cache curl\n"), kNone);
  EXPECT_EQ(at(code, "FROM a\nRUN apk add curl && rm -rf /var/cache/apk/*\n"), kNone);
  EXPECT_EQ(at(code, "FROM a\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n"), kNone);
  EXPECT_EQ(at(code, "FROM a\nRUN apk add curl\nRUN rm -rf /var/cache/apk/*\n"), At{"2:5"});
}

TEST(DockerfileYumDnfCache, CleanAllInTheSameRun) {
  const char* code = "HDK-B-047";
  EXPECT_EQ(at(code, "FROM r\nRUN dnf install -y x\n"), At{"2:5"});
  EXPECT_EQ(at(code, "FROM r\nRUN yum install -y x && yum clean packages\n"), At{"2:5"});
  EXPECT_EQ(at(code, "FROM r\nRUN microdnf install x && microdnf clean all\n"), kNone);
  EXPECT_EQ(at(code, "FROM r\nRUN yum -y install x && rm -rf /var/cache/yum\n"), kNone);
  EXPECT_EQ(at(code, "FROM r\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y x\n"),
            kNone);
  EXPECT_EQ(at(code, "FROM r\nRUN dnf install -y x\nRUN dnf clean all\n"), At{"2:5"});
}

TEST(DockerfileZypperCache, CleanInTheSameRun) {
  const char* code = "HDK-B-048";
  EXPECT_EQ(at(code, "FROM s\nRUN zypper -n in x\n"), At{"2:5"});
  EXPECT_EQ(at(code, "FROM s\nRUN zypper -n in x && zypper cc -a\n"), kNone);
  EXPECT_EQ(at(code, "FROM s\nRUN --mount=type=cache,target=/var/cache/zypp zypper -n in x\n"),
            kNone);
}

TEST(DockerfilePipCache, OptionEnvironmentAndMounts) {
  const char* code = "HDK-B-049";
  EXPECT_EQ(at(code, "FROM p\nRUN python3 -m pip install x==1\n"), At{"2:5"});
  EXPECT_EQ(at(code, "FROM p\nRUN cd /src && pip3 install -r requirements.txt\n"), At{"2:16"});
  EXPECT_EQ(at(code, "FROM p\nRUN pip install --no-cache-dir x==1\n"), kNone);
  EXPECT_EQ(at(code, "FROM p\nRUN PIP_NO_CACHE_DIR=1 pip install x==1\n"), kNone);
  EXPECT_EQ(at(code, "FROM p\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x==1\n"), kNone);
  EXPECT_EQ(at(code, "FROM p\nENV PIP_NO_CACHE_DIR=0\nRUN pip install x==1\n"), At{"3:5"});
  EXPECT_EQ(at(code, "FROM p\nRUN --mount=type=cache,target=/root/.cache/pip pip install x==1\n"),
            kNone);
  EXPECT_EQ(at(code, "FROM p\nRUN pip install x==1 && rm -rf /root/.cache/pip\n"), kNone);
}

TEST(DockerfileUnpinnedPackages, PerEcosystem) {
  const char* code = "HDK-B-050";
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get install -y curl=1 wget\n"), At{"2:31"});
  EXPECT_EQ(at(code, "FROM d\nRUN apk add --no-cache --virtual .deps curl\n"), At{"2:40"});
  EXPECT_EQ(at(code, "FROM d\nRUN apk add curl=8.9.1-r1 jq~1.7\n"), kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN dnf install -y curl && dnf install -y jq-1.6\n"), At{"2:20"});
  EXPECT_EQ(at(code, "FROM d\nRUN zypper -n in curl\n"), At{"2:18"});
  EXPECT_EQ(at(code, "FROM d\nRUN pip install requests flask==3.0\n"), At{"2:17"});
  EXPECT_EQ(at(code, "FROM d\nRUN pip install -r req.txt . ./pkg 'x>=1'\n"), kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN npm install -g express @types/node@20 @scope/x\n"), (At{"2:20"}));
  EXPECT_EQ(at(code, "FROM d\nRUN npm install && npm ci && npm install express@4\n"), kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN gem install rails && gem install -v 7.1 rake\n"), At{"2:17"});
  EXPECT_EQ(at(code, "FROM d\nRUN gem install rails:7.1\n"), kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get install -y $PKGS ./x.deb\n"), kNone);
  const auto findings = lint(code, "FROM d\nRUN npm install -g express @types/node@20 @scope/x\n");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_TRUE(has(findings[0].evidence, "express @scope/x")) << findings[0].evidence;
}

TEST(DockerfileSshServer, PackagesAndStages) {
  const char* code = "HDK-B-051";
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get install -y curl openssh-server\n"), At{"2:29"});
  EXPECT_EQ(at(code, "FROM d\nRUN apk add --no-cache openssh\n"), At{"2:24"});
  EXPECT_EQ(at(code, "FROM d\nRUN yum install -y openssh-server-8.0p1 dropbear\n"),
            (At{"2:20", "2:41"}));
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get install -y ssh=1:9.2p1-2\n"), At{"2:24"});
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get install -y openssh-client && yum install openssh\n"),
            kNone);
  EXPECT_EQ(at(code, "FROM d AS b\nRUN apt-get install -y openssh-server\nFROM d\nRUN true\n"),
            kNone);
  EXPECT_EQ(lint(code, "FROM d\nRUN apk add openssh\n")[0].cis, "4.3");
}

TEST(DockerfileWorldWritable, ModesInRunAndCopy) {
  const char* code = "HDK-B-052";
  EXPECT_EQ(at(code, "FROM d\nRUN chmod 777 /x\n"), At{"2:11"});
  EXPECT_EQ(at(code, "FROM d\nRUN mkdir /x && chmod -R o+w /x\n"), At{"2:26"});
  EXPECT_EQ(at(code, "FROM d\nRUN install -m 0666 a /b && mkdir -m777 /c\n"), (At{"2:16", "2:35"}));
  EXPECT_EQ(at(code, "FROM d\nCOPY --chmod=777 a /a\n"), At{"2:6"});
  EXPECT_EQ(at(code, "FROM d\nADD --chown=1:1 --chmod=a+rwx a /a\n"), At{"2:17"});
  EXPECT_EQ(at(code, "FROM d\nRUN chmod 1777 /tmp && chmod 755 /x && chmod -w /y\n"), kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN chmod u+w,g-w /x && chmod --reference=/a /b\n"), kNone);
}

TEST(DockerfileSetuid, ModesInRunAndCopy) {
  const char* code = "HDK-B-053";
  EXPECT_EQ(at(code, "FROM d\nRUN chmod u+s /usr/bin/x\n"), At{"2:11"});
  EXPECT_EQ(at(code, "FROM d\nRUN chmod 4755 /x || true\n"), At{"2:11"});
  EXPECT_EQ(at(code, "FROM d\nCOPY --chmod=2755 a /a\n"), At{"2:6"});
  EXPECT_EQ(at(code, "FROM d\nRUN chmod +s /x\n"), At{"2:11"});
  EXPECT_EQ(at(code, "FROM d\nRUN chmod u-s /x && chmod 0755 /y && chmod g-s /z\n"), kNone);
  EXPECT_EQ(lint(code, "FROM d\nRUN chmod 4755 /x\n")[0].cis, "4.8");
}

TEST(DockerfilePipefail, ShellScriptAndForms) {
  const char* code = "HDK-B-054";
  EXPECT_EQ(at(code, "FROM d\nRUN curl https://a | tar xz\n"), At{"2:5"});
  EXPECT_EQ(at(code, "FROM d\nRUN a || b && c | d\n"), At{"2:15"});
  EXPECT_EQ(at(code, "FROM d\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n"),
            kNone);
  EXPECT_EQ(at(code, "FROM d\nSHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN a | b\n"),
            kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN set -o pipefail && a | b\n"), kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN <<EOF\nset -euxo pipefail\na | b\nEOF\n"), kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN <<EOF\nset -eux\na | b\nEOF\n"), At{"4:1"});
  EXPECT_EQ(at(code, "FROM d\nRUN a | b; set -o pipefail\n"), At{"2:5"});
  EXPECT_EQ(at(code, "FROM d\nRUN [\"sh\", \"-c\", \"a | b\"]\n"), kNone);
  EXPECT_EQ(at(code, "FROM w\nSHELL [\"pwsh\", \"-Command\"]\nRUN a | b\n"), kNone);
  EXPECT_EQ(at(code, "FROM d\nRUN a || b\n"), kNone);
  // SHELL belongs to its stage; a stage built FROM another inherits it.
  EXPECT_EQ(at(code,
               "FROM d AS one\nSHELL [\"bash\", \"-o\", \"pipefail\", \"-c\"]\n"
               "FROM d\nRUN a | b\nFROM one\nRUN c | d\n"),
            At{"4:5"});
  EXPECT_EQ(at(code,
               "FROM d\nSHELL [\"bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n"
               "SHELL [\"sh\", \"-c\"]\nRUN c | d\n"),
            At{"5:5"});
}

TEST(DockerfileDistUpgrade, Subcommands) {
  const char* code = "HDK-B-055";
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get update && apt-get -y dist-upgrade\n"), At{"2:34"});
  EXPECT_EQ(at(code, "FROM d\nRUN zypper -n dup && dnf distro-sync\n"), (At{"2:15", "2:26"}));
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get upgrade -y && apt full-upgrade -y\n"), At{"2:31"});
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get install -y dist-upgrade\n"), kNone);
}

TEST(DockerfileSecretInRun, FormsAndRedaction) {
  const char* code = "HDK-B-056";
  EXPECT_EQ(at(code, "FROM d\nRUN curl -u deploy:hunter2secret https://a\n"), At{"2:13"});
  EXPECT_EQ(at(code, "FROM d\nRUN tool --password=hunter2secret --api-key s3cr3tvalue1\n"),
            (At{"2:10", "2:45"}));
  EXPECT_EQ(at(code, "FROM d\nRUN API_TOKEN=abcdef123456 ./deploy.sh\n"), At{"2:5"});
  EXPECT_EQ(at(code, "FROM d\nRUN docker login -p s3cr3tpass registry.example.com\n"), At{"2:21"});
  EXPECT_EQ(at(code, "FROM d\nRUN mysql -uroot -phunter2secret db < x.sql\n"), At{"2:18"});
  EXPECT_EQ(at(code, "FROM d\nRUN git clone https://bot:hunter2secret@git.example.com/r.git\n"),
            At{"2:15"});
  EXPECT_EQ(at(code, "FROM d\nRUN export GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n"),
            At{"2:12"});
  EXPECT_EQ(at(code,
               "FROM d\nRUN tool --password \"$PASS\" --token-file /run/secrets/t \\\n"
               "  && echo x | docker login --password-stdin -u me r && curl -u \"$U:$P\" x\n"),
            kNone);
  AuditConfig accepting;
  accepting.accepted_secret_keys = {"API_TOKEN"};
  EXPECT_EQ(at(code, "FROM d\nRUN API_TOKEN=abcdef123456 ./deploy.sh\n", accepting), kNone);
  // The value is never in the evidence.
  for (const char* text :
       {"FROM d\nRUN curl -u deploy:hunter2secret https://a\n",
        "FROM d\nRUN tool --password=hunter2secret\n", "FROM d\nRUN mysql -phunter2secret\n",
        "FROM d\nRUN git clone https://bot:hunter2secret@git.example.com/r.git\n"}) {
    const auto findings = lint(code, text);
    ASSERT_EQ(findings.size(), 1u) << text;
    EXPECT_FALSE(has(findings[0].evidence, "hunter2")) << findings[0].evidence;
    EXPECT_EQ(findings[0].cis, "4.10");
  }
}

TEST(DockerfileTlsVerifyOff, Tools) {
  const char* code = "HDK-B-057";
  EXPECT_EQ(at(code, "FROM d\nRUN curl -fsSLk https://a -o x\n"), At{"2:10"});
  EXPECT_EQ(at(code, "FROM d\nRUN wget --no-check-certificate https://a\n"), At{"2:10"});
  EXPECT_EQ(at(code, "FROM d\nRUN git -c http.sslVerify=false clone https://a\n"), At{"2:12"});
  EXPECT_EQ(at(code, "FROM d\nRUN pip install --trusted-host pypi.org x==1\n"), At{"2:17"});
  EXPECT_EQ(at(code, "FROM d\nRUN GIT_SSL_NO_VERIFY=1 git clone https://a\n"), At{"2:5"});
  EXPECT_EQ(at(code, "FROM d\nRUN npm config set strict-ssl false\n"), At{"2:20"});
  EXPECT_EQ(at(code, "FROM d\nRUN curl -fsSL -o k https://a && curl -K cfg && wget https://b\n"),
            kNone);
}

TEST(DockerfileUnverifiedPackages, Managers) {
  const char* code = "HDK-B-058";
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get install -y --allow-unauthenticated x\n"), At{"2:24"});
  EXPECT_EQ(at(code, "FROM d\nRUN echo 'deb [trusted=yes] http://r ./' > /etc/apt/sources.list\n"),
            At{"2:10"});
  EXPECT_EQ(at(code, "FROM d\nRUN dnf install -y --nogpgcheck x && rpm -i --nosignature y.rpm\n"),
            (At{"2:20", "2:45"}));
  EXPECT_EQ(at(code, "FROM d\nRUN dnf --setopt=gpgcheck=0 install -y x\n"), At{"2:9"});
  EXPECT_EQ(at(code, "FROM d\nRUN zypper --no-gpg-checks -n in x\n"), At{"2:12"});
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get -o APT::Get::AllowUnauthenticated=true install x\n"),
            At{"2:16"});
  EXPECT_EQ(at(code, "FROM d\nRUN apt-get install -y x && apk add y && rpm --import k\n"), kNone);
}

TEST(DockerfilePlainHttpDownload, Urls) {
  const char* code = "HDK-B-059";
  EXPECT_EQ(at(code, "FROM d\nRUN curl -fsSLo x http://example.com/x\n"), At{"2:19"});
  EXPECT_EQ(at(code, "FROM d\nRUN pip install --index-url=http://pypi.local/simple x==1\n"),
            At{"2:17"});
  EXPECT_EQ(at(code, "FROM d\nRUN wget http://localhost:8080/x http://127.0.0.1/y https://a\n"),
            kNone);
  const auto findings = lint(code, "FROM d\nRUN curl http://u:hunter2secret@example.com/x\n");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_FALSE(has(findings[0].evidence, "hunter2")) << findings[0].evidence;
}

TEST(DockerfileShellcheckRule, ReportsTheSubjectsNotesWithTheirLevels) {
  const Check* check = find_check("HDK-B-060");
  ASSERT_NE(check, nullptr);
  const docker::EngineSnapshot engine;
  const AuditConfig config;
  std::vector<dockerfile::DockerfileSubject> files{
      dockerfile::make_subject("Dockerfile", "FROM d\nRUN echo $x\n")};
  // Not run: nothing, whatever the script.
  EXPECT_TRUE(
      check->run(*check, AuditContext{engine, config, nullptr, false, nullptr, &files}).empty());
  files[0].shellcheck = std::vector<dockerfile::ShellcheckNote>{
      {1, {2, 10}, "SC2086", "info", "Double quote to prevent globbing and word splitting."},
      {1, {2, 6}, "SC1000", "error", "e"},
      {1, {2, 6}, "SC2000", "warning", "w"}};
  const auto findings =
      check->run(*check, AuditContext{engine, config, nullptr, false, nullptr, &files});
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].evidence, "SC2086: Double quote to prevent globbing and word splitting.");
  EXPECT_EQ(findings[0].location.line, 2u);
  EXPECT_EQ(findings[0].location.column, 10u);
  EXPECT_EQ(findings[0].severity, core::Severity::kLow);
  EXPECT_EQ(findings[1].severity, core::Severity::kHigh);
  EXPECT_EQ(findings[2].severity, core::Severity::kMedium);
}

// Every RUN-script rule on hostile input: a 1 MB RUN line, 10,000 commands, deep nesting.
TEST(DockerfileShellRules, HostileInputNeitherCrashesNorHangs) {
  std::string long_line = "FROM d\nRUN apt-get install -y";
  while (long_line.size() < 1'000'000) long_line += " pkg";
  long_line += "\n";
  std::string many = "FROM d\nRUN true";
  for (int k = 0; k < 10'000; ++k)
    many += k % 2 == 0 ? " && apt-get install x | sh" : " ; chmod 777 y";
  many += "\n";
  std::string nested =
      "FROM d\nRUN " + std::string(5000, '(') + "curl x | sh" + std::string(5000, ')') + "\n";
  std::string unterminated = "FROM d\nRUN sh -c \"echo 'a | b && sudo x\n";
  std::string many_runs = "FROM d\n";
  for (int k = 0; k < 20'000; ++k) many_runs += "RUN pip install x | sh\n";
  for (const Check* check : all_checks()) {
    if (check->needs != Input::kDockerfile || check->info.code < "HDK-B-040") continue;
    SCOPED_TRACE(std::string(check->info.code));
    for (std::string* text : {&long_line, &many, &nested, &unterminated, &many_runs}) {
      (void)lint(check->info.code, *text);
    }
  }
  EXPECT_EQ(at("HDK-B-050", long_line).size(), 1u);
  EXPECT_EQ(at("HDK-B-052", many).size(), 5000u);
  EXPECT_EQ(at("HDK-B-040", nested).size(), 1u);
  EXPECT_EQ(at("HDK-B-054", many_runs).size(), 20'000u);
}

}  // namespace
}  // namespace hardock::audit
