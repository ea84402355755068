// CIS 2.12: without an authorization plugin every client that reaches the
// socket may do everything, including starting privileged containers.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/daemon_info.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_info(self, context,
                            [](const docker::EngineInfo& info) -> std::optional<daemon::Verdict> {
                              if (!info.authorization_plugins.empty()) return std::nullopt;
                              return "Plugins.Authorization is empty";
                            });
}

}  // namespace

extern const Check kNoAuthorizationPlugin;  // listed in checks/list.h
const Check kNoAuthorizationPlugin{
    .info =
        {
            .code = "HDK-D-006",
            .slug = "no-authorization-plugin",
            .title = "No authorization plugin controls access to the Docker API",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.12",
            .cobit = "DSS05.04",
            .description = "Access to the Docker API is all or nothing: any user in the docker "
                           "group can run a privileged container and own the host.",
            .remediation = "Install an authorization plugin and list it in daemon.json: "
                           "\"authorization-plugins\": [\"<plugin>\"]; restart the daemon.",
        },
    .needs = Input::kEngine,
    .bad = R"({"info":{"Plugins":{"Authorization":null}}})",
    .good = R"({"info":{"Plugins":{"Authorization":["opa-docker-authz"]}}})",
    .run = run,
};

}  // namespace hardock::audit::checks
