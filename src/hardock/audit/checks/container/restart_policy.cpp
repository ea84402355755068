// CIS 5.15: restart on failure at most 5 times, so a crashing container cannot
// loop forever and hide the failure or exhaust the host.
#include "hardock/audit/check.h"

namespace hardock::audit::checks {
namespace restart_policy {

constexpr int64_t kMaxRetries = 5;

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    const auto& policy = container.restart_policy;
    std::string evidence;
    if (policy.name == "always" || policy.name == "unless-stopped") {
      evidence = "HostConfig.RestartPolicy.Name=" + policy.name + " (restarts without limit)";
    } else if (policy.name == "on-failure" &&
               (policy.maximum_retry_count <= 0 || policy.maximum_retry_count > kMaxRetries)) {
      evidence = "HostConfig.RestartPolicy=on-failure, MaximumRetryCount=" +
                 std::to_string(policy.maximum_retry_count) +
                 (policy.maximum_retry_count <= 0 ? " (unlimited)" : " (more than 5)");
    }
    if (!evidence.empty()) {
      findings.push_back(core::make_finding(self.info, container_target(container), evidence));
    }
  }
  return findings;
}

}  // namespace restart_policy

extern const Check kRestartPolicy;  // listed in checks/list.h
const Check kRestartPolicy{
    .info =
        {
            .code = "HDK-C-010",
            .slug = "restart-policy-unbounded",
            .title = "Container restarts without a retry limit",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.15",
            .cobit = "DSS01.04",
            .description =
                "An unbounded restart policy turns a crash into an endless loop that can mask an "
                "attack or exhaust the host. on-failure with MaximumRetryCount 1..5 passes; "
                "always, unless-stopped, and on-failure with 0 (unlimited) or more than 5 fail. "
                "\"no\" (or unset) is not a finding: CIS 5.15 limits retries, it does not require "
                "restarts. Checked for all containers, stopped ones included.",
            .remediation = "Use --restart on-failure:5 (docker update --restart on-failure:5 "
                           "<container>).",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/r",
              "HostConfig":{"RestartPolicy":{"Name":"always","MaximumRetryCount":0}}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/r",
               "HostConfig":{"RestartPolicy":{"Name":"on-failure","MaximumRetryCount":5}}}},
              {"inspect":{"Name":"/n","HostConfig":{"RestartPolicy":{"Name":"no"}}}}]})",
    .run = restart_policy::run,
};

}  // namespace hardock::audit::checks
