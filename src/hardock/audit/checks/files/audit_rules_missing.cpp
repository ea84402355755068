// CIS 1.1.3-1.1.18: dockerd runs as root and its behaviour follows these files;
// without audit rules a change to them leaves no trace. Paths absent from the
// host are not applicable.
#include "hardock/audit/checks/all.h"

namespace hardock::audit::checks {
namespace {

// A watch or dir rule on a directory covers what lies below it (auditctl -w is recursive).
bool covers(const host::AuditRule& rule, const std::string& path) {
  if (rule.path == path) return true;
  if (rule.kind == "path") return false;
  return path.rfind(rule.path == "/" ? rule.path : rule.path + "/", 0) == 0;
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  if (context.host == nullptr || !context.host->facts.audit) return {};
  const auto& audit = *context.host->facts.audit;
  const core::Target target = host_target(*context.host);
  if (!audit.error.empty()) {
    return {core::make_unchecked(self.info, target, core::FindingStatus::kError,
                                 "could not read the audit rules: " + audit.error)};
  }
  const std::string where = audit.sources.empty()
                                ? "no rule files under /etc/audit"
                                : std::to_string(audit.rules.size()) + " file rules in " +
                                      std::to_string(audit.sources.size()) + " rule files";
  std::vector<core::Finding> findings;
  for (const auto& wanted : audit.targets) {
    if (!wanted.exists) continue;
    bool covered = false;
    for (const auto& rule : audit.rules) covered = covered || covers(rule, wanted.path);
    if (!covered) {
      findings.push_back(core::make_finding(
          self.info, target,
          "no audit rule for " + wanted.path + " (CIS " + wanted.cis + "; " + where + ")"));
    }
  }
  return findings;
}

}  // namespace

const Check kAuditRulesMissing{
    .info =
        {
            .code = "HDK-F-027",
            .slug = "docker-files-not-audited",
            .title = "A Docker file or directory has no audit rule",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kHost,
            .cis = "1.1.3-1.1.18",
            .cobit = "DSS05.07",
            .description = "The daemon, its binaries and configuration decide what every "
                           "container may do; auditd rules record who changed or ran them.",
            .remediation = "Add a watch per path to /etc/audit/rules.d/docker.rules, e.g. "
                           "\"-w /usr/bin/dockerd -k docker\", then run augenrules --load.",
        },
    .bad =
        R"({"host":{"facts":{"audit":{"sources":["/etc/audit/rules.d/docker.rules"],"rules":[{"path":"/usr/bin/dockerd","kind":"watch","origin":"/etc/audit/rules.d/docker.rules:1"}],"targets":[{"cis":"1.1.3","path":"/usr/bin/dockerd","exists":true},{"cis":"1.1.6","path":"/etc/docker","exists":true}]}}}})",
    .good =
        R"({"host":{"facts":{"audit":{"sources":["/etc/audit/rules.d/docker.rules"],"rules":[{"path":"/usr/bin/dockerd","kind":"watch","origin":"/etc/audit/rules.d/docker.rules:1"},{"path":"/etc","kind":"dir","origin":"/etc/audit/rules.d/docker.rules:2"}],"targets":[{"cis":"1.1.3","path":"/usr/bin/dockerd","exists":true},{"cis":"1.1.6","path":"/etc/docker","exists":true},{"cis":"1.1.13","path":"/etc/sysconfig/docker","exists":false}]}}}})",
    .run = run,
};

}  // namespace hardock::audit::checks
