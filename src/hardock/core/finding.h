// The finding model: what a check reports about one target.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/cobit.h"
#include "hardock/core/severity.h"

namespace hardock::core {

// What kind of object a check looks at.
// kDockerfile: a Dockerfile (the target's id and name are its path, as given).
enum class TargetKind { kEngine, kDaemon, kContainer, kNetwork, kImage, kHost, kDockerfile };
std::string_view to_string(TargetKind kind);

// kFail: the check looked and the target does not comply.
// kError / kSkipped: the check could not look (reason in evidence); never a silent pass.
enum class FindingStatus { kFail, kError, kSkipped };
std::string_view to_string(FindingStatus status);

// Where in a source file a finding points (a Dockerfile, a Compose file): 1-based lines and
// columns, columns counting bytes. No file: the finding is about a live object, not a file.
struct SourceLocation {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::uint32_t end_line = 0;    // 0: same as line
  std::uint32_t end_column = 0;  // 0: to the end of the line
  [[nodiscard]] bool empty() const { return file.empty(); }
};

struct Target {
  TargetKind kind = TargetKind::kEngine;
  std::string id;    // container/network/image id, or the engine endpoint
  std::string name;  // human name ("/web" -> "web"), may equal id
};

// Static metadata of a check. Codes never change; renamed slugs stay in `aliases`.
struct CheckInfo {
  std::string_view code;   // "HDK-C-004"
  std::string_view slug;   // "privileged-container"
  std::string_view title;  // one line
  Severity severity = Severity::kMedium;
  TargetKind target_kind = TargetKind::kContainer;
  // CIS Docker Benchmark v1.6.0 ids the check decides, comma-separated ("5.5", "5.23,5.24"),
  // empty if none. Each finding cites exactly one of them.
  std::string_view cis;
  std::string_view cobit;         // COBIT 2019 practice ("DSS05.03")
  std::string_view description;   // why it matters
  std::string_view remediation;   // concrete flag or config to change
  std::string_view aliases = {};  // former slugs, comma-separated
  // The same rule in the tools users already know, comma-separated: hadolint (DL3002),
  // ShellCheck (SC2086), Trivy (DS-0002). Their ignore pragmas and files map through it.
  std::string_view equivalents = {};
};

// A failing finding accepted as a risk by a waiver in force (audit/waiver.h): still reported, as
// accepted, but it neither fails the exit gate nor lowers a score. Shared by every finding the
// same waiver covers.
struct Acceptance {
  std::string owner;
  std::string until;  // YYYY-MM-DD, the last day it holds
  std::string reason;
  std::string source;  // "store #12", ".hardock.yaml:14"
  // "owner until DATE: reason"
  [[nodiscard]] std::string text() const { return owner + " until " + until + ": " + reason; }
};

// The check's own text (code, slug, title, remediation, COBIT practice) is viewed, not copied:
// it lives in the check's static CheckInfo, and an audit of 100,000 containers holds close to a
// million findings.
struct Finding {
  std::string_view check_code;
  std::string_view slug;
  std::string_view title;
  Severity severity = Severity::kMedium;
  FindingStatus status = FindingStatus::kFail;
  Target target;
  std::string evidence;  // the exact field and value seen: "HostConfig.Privileged=true"
  // What within the target the finding is about, when a check can find several per target
  // ("22/tcp", a mount's destination, "openssl CVE-2024-1234"); empty for one per target. It
  // keys the finding's fingerprint (core/fingerprint.h), so it must not hold changing values.
  std::string key;
  std::string_view remediation;  // concrete change
  std::string cis;               // exactly one CIS v1.6.0 id ("5.5"), or empty
  std::string_view cobit;        // "DSS05.03"
  CobitDomain domain = CobitDomain::kSecurity;
  SourceLocation location;  // set for findings about a file (lint)
  // Set on a failing finding a waiver in force covers; null otherwise.
  std::shared_ptr<const Acceptance> accepted;
  // Failing and not accepted: what fails an exit gate and lowers a score.
  [[nodiscard]] bool counts() const { return status == FindingStatus::kFail && !accepted; }
};

// Builds a failing finding prefilled from the check's metadata (cis only when the check decides
// a single item; a multi-item check sets it per finding).
Finding make_finding(const CheckInfo& info, Target target, std::string evidence);
// What make_finding takes from the check, set in place on `finding` (status kFail): for checks
// that build their findings where they will stay.
void fill_from_check(Finding& finding, const CheckInfo& info);
// Builds an error/skipped finding: the check could not look, and `reason` says why.
Finding make_unchecked(const CheckInfo& info, Target target, FindingStatus status,
                       std::string reason);

}  // namespace hardock::core
