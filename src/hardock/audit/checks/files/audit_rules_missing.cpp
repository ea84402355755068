// CIS 1.1.3 to 1.1.18, one item per path: dockerd runs as root and its behaviour follows these
// files; without audit rules a change to them leaves no trace. Each finding cites the one item of
// its path. Paths absent from the host are not applicable. 1.1.5 watches the effective data root:
// the engine's DockerRootDir when the engine was read, else the host configuration's.
#include "hardock/audit/check.h"

namespace hardock::audit::checks {
namespace audit_rules_missing {

// A watch or dir rule on a directory covers what lies below it (auditctl -w is recursive).
bool covers(const host::AuditRule& rule, const std::string& path) {
  if (rule.path == path) return true;
  if (rule.kind == "path") return false;
  return path.rfind(rule.path == "/" ? rule.path : rule.path + "/", 0) == 0;
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  if (!context.host->facts.audit) {
    return {core::make_unchecked(self.info, host_target(*context.host), core::FindingStatus::kError,
                                 "the host snapshot holds no audit rules section")};
  }
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
  for (host::AuditTarget wanted : audit.targets) {
    if (wanted.cis == "1.1.5" && context.engine_present &&
        !context.engine.info.docker_root_dir.empty()) {
      wanted.path = context.engine.info.docker_root_dir;  // the running daemon's, so it exists
      wanted.exists = true;
      wanted.error.clear();
    }
    if (!wanted.error.empty()) {
      // Whether it exists could not be looked at: neither applicable nor not.
      core::Finding finding = core::make_unchecked(
          self.info, target, core::FindingStatus::kError,
          "could not look whether " + wanted.path + " exists: " + wanted.error);
      finding.cis = wanted.cis;
      findings.push_back(std::move(finding));
      continue;
    }
    if (!wanted.exists) continue;
    bool covered = false;
    for (const auto& rule : audit.rules) covered = covered || covers(rule, wanted.path);
    if (!covered) {
      core::Finding finding = core::make_finding(
          self.info, target, "no audit rule for " + wanted.path + " (" + where + ")");
      finding.cis = wanted.cis;
      findings.push_back(std::move(finding));
    }
  }
  return findings;
}

}  // namespace audit_rules_missing

extern const Check kAuditRulesMissing;  // listed in checks/list.h
const Check kAuditRulesMissing{
    .info =
        {
            .code = "HDK-F-027",
            .slug = "docker-files-not-audited",
            .title = "A Docker file or directory has no audit rule",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kHost,
            .cis = "1.1.3,1.1.4,1.1.5,1.1.6,1.1.7,1.1.8,1.1.9,1.1.10,1.1.11,1.1.12,1.1.13,1.1.14,1."
                   "1.15,1.1.16,1.1.17,1.1.18",
            .cobit = "DSS05.07",
            .description = "The daemon, its binaries and configuration decide what every "
                           "container may do; auditd rules record who changed or ran them.",
            .remediation = "Add a watch per path to /etc/audit/rules.d/docker.rules, e.g. "
                           "\"-w /usr/bin/dockerd -k docker\", then run augenrules --load.",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"facts":{"audit":{"sources":["/etc/audit/rules.d/docker.rules"],"rules":[{"path":"/usr/bin/dockerd","kind":"watch","origin":"/etc/audit/rules.d/docker.rules:1"}],"targets":[{"cis":"1.1.3","path":"/usr/bin/dockerd","exists":true},{"cis":"1.1.6","path":"/etc/docker","exists":true}]}}}})",
    .good =
        R"({"host":{"facts":{"audit":{"sources":["/etc/audit/rules.d/docker.rules"],"rules":[{"path":"/usr/bin/dockerd","kind":"watch","origin":"/etc/audit/rules.d/docker.rules:1"},{"path":"/etc","kind":"dir","origin":"/etc/audit/rules.d/docker.rules:2"}],"targets":[{"cis":"1.1.3","path":"/usr/bin/dockerd","exists":true},{"cis":"1.1.6","path":"/etc/docker","exists":true},{"cis":"1.1.13","path":"/etc/sysconfig/docker","exists":false}]}}}})",
    .run = audit_rules_missing::run,
};

}  // namespace hardock::audit::checks
