// Exec sessions present: someone ran "docker exec" in this container. CIS 5.22
// and 5.23 are about exec with --privileged or --user root; the container
// inspect only lists exec IDs, so this check reports that sessions exist and
// leaves their flags to review (no CIS id claimed).
#include "hardock/audit/checks/all.h"
#include "hardock/audit/checks/container/util.h"

namespace hardock::audit::checks {
namespace {

namespace rules = container_rules;

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    if (container.exec_ids.empty()) continue;
    findings.push_back(core::make_finding(self.info, container_target(container),
                                          "ExecIDs=" + rules::bracket_list(container.exec_ids) +
                                              " (" + std::to_string(container.exec_ids.size()) +
                                              " exec session(s))"));
  }
  return findings;
}

}  // namespace

const Check kExecSessions{
    .info =
        {
            .code = "HDK-C-017",
            .slug = "exec-sessions",
            .title = "Container has docker exec sessions",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kContainer,
            .cis = "",
            .cobit = "DSS05.07",
            .description =
                "docker exec opens a shell or process inside a running workload outside its "
                "normal entrypoint; on production containers that is an event to account for. "
                "Fails when the container lists ExecIDs (the engine keeps them while the "
                "container runs). CIS 5.22/5.23 (exec with --privileged / --user root) need "
                "GET /exec/{id}/json per session, which the snapshot does not hold, so no CIS id "
                "is claimed. Checked for all containers.",
            .remediation = "Review who ran the sessions (engine audit log / authorization "
                           "plugin); restrict docker exec with an authorization plugin and never "
                           "use docker exec --privileged or --user root.",
        },
    .bad = R"({"containers":[{"inspect":{"Name":"/e","ExecIDs":["3f1c0b6d2a"]}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/e","ExecIDs":null}}]})",
    .run = run,
};

}  // namespace hardock::audit::checks
