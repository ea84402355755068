// A hand-built audit result for the writer tests: four local checks (one per
// outcome: fail, error, pass, skipped) spread over four COBIT domains, and
// findings whose evidence carries everything a writer must escape (| < & " ',
// newlines, an ANSI escape, a NUL-free control character, invalid UTF-8).
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "hardock/audit/run.h"
#include "hardock/report/report.h"

namespace hardock::report::testing {

inline std::vector<core::Finding> no_run(const audit::Check&, const audit::AuditContext&) {
  return {};
}

inline const audit::Check kCriticalContainer{
    .info =
        {
            .code = "TST-C-001",
            .slug = "test-privileged",
            .title = "Container runs privileged",
            .severity = core::Severity::kCritical,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.4",
            .cobit = "DSS05.03",
            .description = "Privileged containers are root on the host.",
            .remediation = "Recreate without --privileged | use --cap-add <CAP>.",
            .aliases = "old-privileged, older-privileged",
        },
    .bad = "",
    .good = "",
    .run = no_run,
};

inline const audit::Check kMediumDaemon{
    .info =
        {
            .code = "TST-D-002",
            .slug = "test-daemon-config",
            .title = "daemon.json is unreadable",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "",
            .cobit = "BAI10.02",
            .description = "The daemon configuration is the baseline.",
            .remediation = "Make /etc/docker/daemon.json readable by the auditor.",
        },
    .bad = "",
    .good = "",
    .run = no_run,
};

inline const audit::Check kLowMonitoring{
    .info =
        {
            .code = "TST-M-003",
            .slug = "test-logging",
            .title = "Logging driver is set",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kEngine,
            .cis = "2.13",
            .cobit = "MEA01.03",
            .description = "Logs feed monitoring.",
            .remediation = "Set log-driver in daemon.json.",
        },
    .bad = "",
    .good = "",
    .run = no_run,
};

inline const audit::Check kHighNetwork{
    .info =
        {
            .code = "TST-N-004",
            .slug = "test-network-zones",
            .title = "Sensitive networks are isolated",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kNetwork,
            .cis = "",
            .cobit = "APO12.01",
            .description = "Zones limit blast radius.",
            .remediation = "Use internal networks.",
        },
    .bad = "",
    .good = "",
    .run = no_run,
};

constexpr std::string_view kNastyEvidence =
    "Env=\"A|B\" <script>&'x'\nsecond line \x1b[31mred\x1b[0m \x01 bad:\xff\xfe end";

// An input with empty engine fields around `result`.
inline ReportInput bare_input(const audit::AuditResult& result) {
  return ReportInput{.tool_version = "",
                     .endpoint = "",
                     .collected_at = "",
                     .engine_version = "",
                     .host_name = "",
                     .result = result,
                     .domains = audit::summarize_domains(result)};
}

inline audit::AuditResult make_result() {
  audit::AuditResult result;
  result.checks = {{&kCriticalContainer, audit::Outcome::kFail, 2, {}},
                   {&kMediumDaemon, audit::Outcome::kError, 1, {}},
                   {&kLowMonitoring, audit::Outcome::kPass, 0, {}},
                   {&kHighNetwork, audit::Outcome::kSkipped, 1, {}}};
  const std::string web_id(64, 'a');
  result.findings.push_back(core::make_finding(kCriticalContainer.info,
                                               {core::TargetKind::kContainer, web_id, "web"},
                                               "HostConfig.Privileged=true"));
  result.findings.push_back(core::make_finding(kCriticalContainer.info,
                                               {core::TargetKind::kContainer, "b2", "db|prod"},
                                               std::string(kNastyEvidence)));
  result.findings.push_back(core::make_unchecked(
      kMediumDaemon.info, {core::TargetKind::kDaemon, "unix:///run/docker.sock", "node1"},
      core::FindingStatus::kError, "open /etc/docker/daemon.json: permission denied"));
  result.findings.push_back(
      core::make_unchecked(kHighNetwork.info, {core::TargetKind::kNetwork, "n1", "backend"},
                           core::FindingStatus::kSkipped, "no sensitivity label configured"));
  return result;
}

struct Fixture {
  audit::AuditResult result = make_result();
  ReportInput input() const {
    return ReportInput{
        .tool_version = "0.1.0",
        .endpoint = "unix:///run/docker.sock",
        .collected_at = "2024-05-01T12:00:00Z",
        .engine_version = "24.0.7",
        .host_name = "node1",
        .result = result,
        .domains = audit::summarize_domains(result),
    };
  }
};

// The same result with its findings in a different order.
inline audit::AuditResult shuffled(audit::AuditResult result) {
  std::reverse(result.findings.begin(), result.findings.end());
  std::mt19937 generator(7);  // fixed seed: the test must not be flaky
  std::shuffle(result.findings.begin(), result.findings.end(), generator);
  return result;
}

inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

inline std::size_t count(std::string_view text, std::string_view part) {
  std::size_t found = 0;
  for (std::size_t pos = text.find(part); pos != std::string_view::npos;
       pos = text.find(part, pos + part.size())) {
    ++found;
  }
  return found;
}

// A private temporary directory, removed with its contents at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hardock-report-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, std::string_view content) const {
    const auto file = path_ / name;
    std::ofstream(file, std::ios::binary) << content;
    return file;
  }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs a shell command with stdout and stderr captured; returns its exit status
// and the output.
struct CommandResult {
  int status = -1;
  std::string output;
};
inline CommandResult run_command(const std::string& command, const TempDir& dir) {
  const auto log = dir.path() / "command.log";
  const int raw = std::system((command + " >'" + log.string() + "' 2>&1").c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_file(log)};
}

}  // namespace hardock::report::testing
