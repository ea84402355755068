// CIS 5.22: the default seccomp profile blocks about 44 dangerous system calls;
// seccomp=unconfined removes that filter.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/container/util.h"

namespace hardock::audit::checks {
namespace seccomp_unconfined {

namespace rules = container_rules;

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    for (const auto& entry : container.security_opt) {
      auto [key, value] = rules::split_security_opt(entry);
      if (key == "seccomp" && value == "unconfined") {
        findings.push_back(core::make_finding(self.info, container_target(container),
                                              "HostConfig.SecurityOpt contains \"" + entry + "\""));
        break;
      }
    }
  }
  return findings;
}

}  // namespace seccomp_unconfined

extern const Check kSeccompUnconfined;  // listed in checks/list.h
const Check kSeccompUnconfined{
    .info =
        {
            .code = "HDK-C-016",
            .slug = "seccomp-unconfined",
            .title = "Container runs without a seccomp profile",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.22",
            .cobit = "DSS05.03",
            .description = "Without seccomp every system call reaches the host kernel, including "
                           "the ones most kernel exploits need. Fails when HostConfig.SecurityOpt "
                           "holds seccomp=unconfined (or the legacy seccomp:unconfined). A custom "
                           "profile passes. Privileged containers are HDK-C-004's. Checked for all "
                           "containers, stopped ones included.",
            .remediation = "Remove --security-opt seccomp=unconfined; keep the default profile "
                           "or pass a custom one with --security-opt seccomp=/path/profile.json.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/s",
              "HostConfig":{"SecurityOpt":["seccomp=unconfined"]}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/s",
               "HostConfig":{"SecurityOpt":["no-new-privileges"]}}}]})",
    .run = seccomp_unconfined::run,
};

}  // namespace hardock::audit::checks
