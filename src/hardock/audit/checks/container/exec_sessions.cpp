// CIS 5.23 and 5.24: docker exec must not be used with --privileged (5.23) or --user root (5.24).
// Each exec session the engine still knows is judged from its inspect (GET /exec/{id}/json);
// one finding per container and item. The engine forgets a session when it ends, so only
// sessions alive at collection time are seen: catching every exec is runtime protection's job
// (an authorization plugin, or the engine's events), not a snapshot's.
#include <algorithm>

#include "hardock/audit/check.h"
#include "hardock/audit/checks/container/util.h"

namespace hardock::audit::checks {
namespace exec_sessions {

namespace rules = container_rules;

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    if (container.exec_ids.empty()) continue;
    const core::Target target = container_target(container);
    if (!container.execs_read) {
      findings.push_back(core::make_unchecked(
          self.info, target, core::FindingStatus::kError,
          "ExecIDs=" + rules::bracket_list(container.exec_ids) +
              ", but the snapshot holds no exec inspects (GET /exec/{id}/json)"));
      continue;
    }
    std::vector<std::string> privileged;
    std::vector<std::string> as_root;
    for (const auto& exec : container.execs) {
      const std::string label = exec.id.substr(0, 12) + " (" + exec.command + ")";
      if (exec.privileged) privileged.push_back(label);
      // An exec without --user runs as the container's user.
      if (rules::is_root_user(exec.user.empty() ? container.user : exec.user)) {
        as_root.push_back(label + (exec.user.empty() ? " as the container's user root" : ""));
      }
    }
    auto add = [&](std::string_view cis, std::vector<std::string> sessions, std::string_view what) {
      if (sessions.empty()) return;
      // The engine lists ExecIDs in no fixed order: sorted, the same sessions read the same.
      std::sort(sessions.begin(), sessions.end());
      core::Finding finding = core::make_finding(
          self.info, target, std::string(what) + ": " + rules::bracket_list(sessions));
      finding.cis = std::string(cis);
      findings.push_back(std::move(finding));
    };
    add("5.23", privileged, "exec sessions with --privileged");
    add("5.24", as_root, "exec sessions as root");
    // Sessions listed but not inspected: their inspect failed (recorded in the snapshot's
    // errors) or they ended between the list and the inspect.
    if (container.execs.size() < container.exec_ids.size()) {
      std::vector<std::string> unread;
      for (const auto& id : container.exec_ids) {
        const bool read = std::any_of(container.execs.begin(), container.execs.end(),
                                      [&](const docker::ExecSession& e) { return e.id == id; });
        if (!read) unread.push_back(id.substr(0, 12));
      }
      std::sort(unread.begin(), unread.end());
      findings.push_back(core::make_unchecked(
          self.info, target, core::FindingStatus::kError,
          "exec sessions not inspected (ended, or GET /exec/{id}/json failed): " +
              rules::bracket_list(unread)));
    }
  }
  return findings;
}

}  // namespace exec_sessions

extern const Check kExecSessions;  // listed in checks/list.h
const Check kExecSessions{
    .info =
        {
            .code = "HDK-C-017",
            .slug = "exec-sessions",
            .title = "docker exec used with --privileged or as root",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.23,5.24",
            .cobit = "DSS05.07",
            .description =
                "docker exec opens a process inside a running workload outside its normal "
                "entrypoint; with --privileged (CIS 5.23) it gets every capability and device, "
                "as root (CIS 5.24) full control of the container. Each session the engine "
                "lists is inspected (GET /exec/{id}/json); one finding per container and item. "
                "The engine forgets a session when it ends, so only sessions alive at "
                "collection time are seen; catching every exec belongs to runtime protection "
                "(an authorization plugin, engine events).",
            .remediation = "Find who ran the sessions (engine events, authorization plugin "
                           "logs); never use docker exec --privileged or --user root, and "
                           "restrict exec with an authorization plugin.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/e","ExecIDs":["3f1c0b6d2a"]},
              "execs":[{"ID":"3f1c0b6d2a","Running":true,
                        "ProcessConfig":{"privileged":true,"user":"root","entrypoint":"sh"}}]}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/e","ExecIDs":["3f1c0b6d2a"],
                                         "Config":{"User":"app"}},
               "execs":[{"ID":"3f1c0b6d2a","Running":true,
                         "ProcessConfig":{"privileged":false,"user":"","entrypoint":"sh"}}]}]})",
    .run = exec_sessions::run,
};

}  // namespace hardock::audit::checks
