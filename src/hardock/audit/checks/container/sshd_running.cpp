// CIS 5.7: an SSH server inside a container is a second, unaudited way in that
// bypasses the engine's access control (use docker exec instead).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/container/util.h"

namespace hardock::audit::checks {
namespace sshd_running {

namespace rules = container_rules;

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    if (!container.running) continue;  // a stopped container runs no process
    if (container.process_source == docker::ProcessSource::kNone) {
      // Could not look: say so, never pass silently.
      const bool failed = !container.process_error.empty();
      findings.push_back(core::make_unchecked(
          self.info, container_target(container), core::FindingStatus::kError,
          failed ? "could not list processes: " + container.process_error
                 : std::string("process list not collected for this running container")));
      continue;
    }
    std::string evidence;
    for (const auto& process : container.processes) {
      if (!rules::is_ssh_server(process.command)) continue;
      if (!evidence.empty()) evidence += "; ";
      evidence +=
          "pid " + std::to_string(process.pid) + " (" + process.user + "): " + process.command;
    }
    if (!evidence.empty()) {
      findings.push_back(core::make_finding(self.info, container_target(container),
                                            "SSH server running: " + evidence));
    }
  }
  return findings;
}

}  // namespace sshd_running

extern const Check kSshdRunning;  // listed in checks/list.h
const Check kSshdRunning{
    .info =
        {
            .code = "HDK-C-006",
            .slug = "sshd-running",
            .title = "SSH server running inside container",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.7",
            .cobit = "DSS05.04",
            .description =
                "An SSH daemon in a container adds credentials, keys and a network listener that "
                "the engine's access control and audit trail do not cover. Matches the program "
                "name of each process (basename of argv[0], sshd's retitled \"sshd: ...\" "
                "included): sshd, sshd-session, dropbear, tinysshd; helpers such as "
                "sshd-keygen-helper do not count. Running containers only; when their process "
                "list could not be read the finding has status error (or skipped when it was not "
                "collected), never a pass.",
            .remediation = "Remove the SSH server from the image and its entrypoint; use "
                           "docker exec (with an authorization plugin) for administration.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/ssh","State":{"Running":true,"Status":"running"}},
              "processes":{"source":"top","list":[
                {"pid":1,"user":"root","command":"/usr/sbin/sshd -D"}]}}]})",
    .good =
        R"({"containers":[{"inspect":{"Name":"/web","State":{"Running":true,"Status":"running"}},
               "processes":{"source":"top","list":[
                 {"pid":1,"user":"root","command":"nginx: master process nginx"},
                 {"pid":7,"user":"root","command":"/usr/libexec/openssh/sshd-keygen-helper"}]}}]})",
    .run = sshd_running::run,
};

}  // namespace hardock::audit::checks
