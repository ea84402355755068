#include "hardock/core/finding.h"

#include <utility>

namespace hardock::core {

std::string_view to_string(TargetKind kind) {
  switch (kind) {
    case TargetKind::kEngine:
      return "engine";
    case TargetKind::kDaemon:
      return "daemon";
    case TargetKind::kContainer:
      return "container";
    case TargetKind::kNetwork:
      return "network";
    case TargetKind::kImage:
      return "image";
    case TargetKind::kHost:
      return "host";
    case TargetKind::kDockerfile:
      return "dockerfile";
  }
  return "unknown";
}

std::string_view to_string(FindingStatus status) {
  switch (status) {
    case FindingStatus::kFail:
      return "fail";
    case FindingStatus::kError:
      return "error";
    case FindingStatus::kSkipped:
      return "skipped";
  }
  return "unknown";
}

namespace {

// The domain of the check's COBIT practice (security when none). A check makes its findings
// one after another, so the last answer, kept per thread, is nearly always the one asked for:
// the list of practices is not searched for every finding.
CobitDomain domain_of(const CheckInfo& info) {
  thread_local std::string last_cobit;
  thread_local bool known = false;
  thread_local CobitDomain last_domain = CobitDomain::kSecurity;
  if (known && last_cobit == info.cobit) return last_domain;
  const auto practice = find_cobit_practice(info.cobit);
  last_domain = practice ? practice->domain : CobitDomain::kSecurity;
  last_cobit = info.cobit;
  known = true;
  return last_domain;
}

}  // namespace

void fill_from_check(Finding& finding, const CheckInfo& info) {
  finding.check_code = info.code;
  finding.slug = info.slug;
  finding.title = info.title;
  finding.severity = info.severity;
  finding.status = FindingStatus::kFail;
  finding.remediation = info.remediation;
  // A check that decides several CIS items ("5.23,5.24") names the one item of each finding
  // itself: a finding never cites a list or a range.
  if (info.cis.find(',') == std::string_view::npos) finding.cis.assign(info.cis);
  finding.cobit = info.cobit;
  finding.domain = domain_of(info);
}

Finding make_finding(const CheckInfo& info, Target target, std::string evidence) {
  Finding finding;
  fill_from_check(finding, info);
  finding.target = std::move(target);
  finding.evidence = std::move(evidence);
  return finding;
}

Finding make_unchecked(const CheckInfo& info, Target target, FindingStatus status,
                       std::string reason) {
  Finding finding = make_finding(info, std::move(target), std::move(reason));
  finding.status = status;
  return finding;
}

}  // namespace hardock::core
