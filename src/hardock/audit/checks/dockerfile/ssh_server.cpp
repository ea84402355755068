// CIS 4.3 and the paper's "SSH inside": an SSH server in an image is one more daemon, one more
// set of credentials and a way in that bypasses `docker exec` and its audit trail.
#include "hardock/audit/checks/dockerfile/shell_util.h"

namespace hardock::audit::checks {
namespace dockerfile_ssh_server {

namespace rules = dockerfile_rules;
using rules::Manager;

// The SSH server package the operand names, or "".
std::string_view ssh_server(Manager manager, std::string_view operand) {
  // Every name below begins with one of these: most packages are told by their first byte,
  // before their name is read (a name begins with the operand's first byte, or is empty).
  if (operand.empty() ||
      (operand[0] != 'o' && operand[0] != 'd' && operand[0] != 't' && operand[0] != 's')) {
    return "";
  }
  const std::string_view name = rules::package_name(operand);
  static constexpr std::string_view kServers[] = {"openssh-server", "openssh-server-pam",
                                                  "dropbear",       "dropbear-bin",
                                                  "dropbear-run",   "tinysshd"};
  constexpr std::size_t kShortestServer = 8;  // dropbear, tinysshd
  for (const std::string_view server : kServers) {
    if (name.size() < kShortestServer) break;  // (the short names are read below)
    if (name == server) return server;
    // yum/dnf: openssh-server-9.0p1
    if (name.size() > server.size() + 1 && name.starts_with(server) && name[server.size()] == '-' &&
        name[server.size() + 1] >= '0' && name[server.size() + 1] <= '9') {
      return server;
    }
  }
  if (manager == Manager::kApt && rules::equals(name, "ssh")) return "ssh";  // pulls openssh-server
  if (manager == Manager::kApk && rules::equals(name, "openssh"))
    return "openssh";  // idem on Alpine
  return "";
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& script : rules::run_scripts(subject)) {
      if (script.managers == 0) continue;  // no package command
      if (!script.in_image) continue;      // installed only in a build stage: not in the image
      for (const rules::RunCommand& cmd : script.commands) {
        const auto& pkg = cmd.package;
        if (!pkg || !rules::is_install(*pkg)) continue;
        if (pkg->manager == Manager::kPip || pkg->manager == Manager::kNpm ||
            pkg->manager == Manager::kGem) {
          continue;
        }
        for (const rules::ShellWord* word : pkg->operands) {
          const std::string_view server = ssh_server(pkg->manager, word->text);
          if (server.empty()) continue;
          audit::add_dockerfile_finding(
              findings, self.info, subject, word->pos,
              rules::evidence_text(pkg->tool, " ", pkg->subcommand(), " ", word->text,
                                   ": an SSH server (", server, ") in the image"));
        }
      }
    }
  }
}

}  // namespace dockerfile_ssh_server

extern const Check kDockerfileSshServer;  // listed in checks/list.h
const Check kDockerfileSshServer{
    .info =
        {
            .code = "HDK-B-051",
            .slug = "dockerfile-ssh-server",
            .title = "An SSH server is installed in the image",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "4.3",
            .cobit = "BAI10.02",
            .description =
                "An SSH daemon in a container is one more service to patch and attack, needs "
                "keys or passwords in the image, and gives a way in that bypasses docker exec "
                "and its logging. Fails when an install (apt, apk, yum, dnf, microdnf, zypper) "
                "in the final stage or a stage it is built FROM names openssh-server, dropbear, "
                "tinysshd, Debian's `ssh` or Alpine's `openssh` (both pull in the server). A "
                "build stage that only provides files is not judged.",
            .remediation =
                "Remove the SSH server; use docker exec (or kubectl exec) for access, and "
                "openssh-client if the image only needs the client.",
            .equivalents = "",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nRUN apt-get install -y --no-install-recommends openssh-server\n",
    .good = "FROM debian:12\nRUN apt-get install -y --no-install-recommends openssh-client\n",
    .run = collect<dockerfile_ssh_server::run>,
    .append = dockerfile_ssh_server::run,
};

}  // namespace hardock::audit::checks
