// CIS 4.1 (audited on running configuration): a container process running as
// root is one kernel bug or one misconfiguration away from root on the host.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/container/util.h"

namespace hardock::audit::checks {
namespace root_user {

namespace rules = container_rules;

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  const bool engine_remaps = rules::engine_has_security_option(context.engine, "userns") ||
                             rules::engine_has_security_option(context.engine, "rootless");
  for (const auto& container : context.engine.containers) {
    if (!rules::is_root_user(container.user)) continue;
    std::string evidence = "Config.User=\"" + container.user + "\"";
    if (container.user.empty()) evidence += " (defaults to root)";
    const bool remapped = engine_remaps && container.userns_mode != "host";
    if (remapped) evidence += " (engine remaps root to an unprivileged host user)";
    auto finding = core::make_finding(self.info, container_target(container), evidence);
    // Root inside a remapped user namespace is not root on the host.
    if (remapped) finding.severity = core::Severity::kLow;
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace root_user

extern const Check kRootUser;  // listed in checks/list.h
const Check kRootUser{
    .info =
        {
            .code = "HDK-C-024",
            .slug = "root-user",
            .title = "Container runs as root",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kContainer,
            .cis = "4.1",
            .cobit = "DSS05.04",
            .description =
                "Root in a container is root on the host's kernel: any escape or writable host "
                "mount is then a full compromise. The engine merges the image's USER into "
                "Config.User, so an empty value means root. Fails when the user part of "
                "Config.User is empty, \"root\" or a UID equal to 0 (\"0\", \"0:0\", "
                "\"root:staff\"); \"1000\", \"nobody\" and \"1000:0\" pass. Reported at low "
                "severity "
                "when the engine remaps users (userns-remap or rootless) and the container does "
                "not opt out with --userns host. Checked for all containers, stopped ones "
                "included.",
            .remediation =
                "Create a user in the image (USER 10001) or run with --user 10001:10001.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/r","Config":{"User":"0:0"}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/r","Config":{"User":"nobody"}}}]})",
    .run = root_user::run,
};

}  // namespace hardock::audit::checks
