// CIS 5.26: no-new-privileges stops setuid binaries and file capabilities from
// raising a process's privileges inside the container.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/container/util.h"

namespace hardock::audit::checks {
namespace no_new_privileges {

namespace rules = container_rules;

bool parse_true(std::string_view value) {
  // The engine parses the value with Go's strconv.ParseBool; a bare word means true.
  return value.empty() || value == "true" || value == "1" || value == "t" || value == "T" ||
         value == "TRUE" || value == "True";
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    bool enabled = false;
    for (const auto& entry : container.security_opt) {
      auto [key, value] = rules::split_security_opt(entry);
      if (key == "no-new-privileges") enabled = parse_true(value);  // the last one wins
    }
    if (!enabled) {
      findings.push_back(core::make_finding(
          self.info, container_target(container),
          "HostConfig.SecurityOpt=" + rules::bracket_list(container.security_opt) +
              " (no-new-privileges not set)"));
    }
  }
  return findings;
}

}  // namespace no_new_privileges

extern const Check kNoNewPrivileges;  // listed in checks/list.h
const Check kNoNewPrivileges{
    .info =
        {
            .code = "HDK-C-019",
            .slug = "no-new-privileges",
            .title = "Container may gain new privileges",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.26",
            .cobit = "DSS05.03",
            .description =
                "Without no-new-privileges a process can become root through a setuid binary "
                "in the image. Fails unless HostConfig.SecurityOpt holds no-new-privileges "
                "(bare, =true or :true; the last entry wins). A daemon-wide \"no-new-privileges\": "
                "true in daemon.json is not visible through the Engine API, so such hosts see "
                "this finding until the option is also set per container. Checked for all "
                "containers, stopped ones included.",
            .remediation = "Run with --security-opt no-new-privileges (or set "
                           "\"no-new-privileges\": true in daemon.json and per container).",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/n","HostConfig":{"SecurityOpt":null}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/n",
               "HostConfig":{"SecurityOpt":["no-new-privileges:true"]}}}]})",
    .run = no_new_privileges::run,
};

}  // namespace hardock::audit::checks
