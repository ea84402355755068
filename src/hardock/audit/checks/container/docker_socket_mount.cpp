// CIS 5.32: whoever reaches the Docker socket controls the engine, and with it
// the host: a container holding it is root on the host.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/container/util.h"

namespace hardock::audit::checks {
namespace docker_socket_mount {

namespace rules = container_rules;

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    std::string evidence;
    for (size_t mount_idx = 0; mount_idx < container.mounts.size(); ++mount_idx) {
      const auto& mount = container.mounts[mount_idx];
      if (mount.type != "bind" && !mount.type.empty()) continue;
      const auto source = rules::normalize_host_path(mount.source);
      if (!source || !rules::exposes_docker_socket(*source)) continue;
      if (!evidence.empty()) evidence += "; ";
      // A read-only bind does not help: connect() on a socket is not a write.
      evidence += "Mounts[" + std::to_string(mount_idx) + "].Source=" + mount.source + " (bind, " +
                  (mount.rw ? "rw" : "ro") + ") at " + mount.destination;
    }
    if (!evidence.empty()) {
      findings.push_back(core::make_finding(self.info, container_target(container), evidence));
    }
  }
  return findings;
}

}  // namespace docker_socket_mount

extern const Check kDockerSocketMount;  // listed in checks/list.h
const Check kDockerSocketMount{
    .info =
        {
            .code = "HDK-C-023",
            .slug = "docker-socket-mounted",
            .title = "Docker socket mounted into container",
            .severity = core::Severity::kCritical,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.32",
            .cobit = "DSS05.04",
            .description =
                "With the engine's socket a container can start a privileged container that "
                "mounts the host's root: full host control, outside any access control. Fails "
                "for any bind whose source, compared as a path, is a docker.sock file or a "
                "directory containing /var/run/docker.sock or /run/docker.sock (/var/run, /run, "
                "/var, /), read-only included since connecting to a socket is not a write. "
                "Checked for all containers, stopped ones included.",
            .remediation = "Remove -v /var/run/docker.sock:...; if a tool needs the API, give it a "
                           "filtering proxy with only the endpoints it needs, or run it outside "
                           "containers.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/ci","Mounts":[
              {"Type":"bind","Source":"/var/run","Destination":"/host-run","RW":false}]}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/ci","Mounts":[
               {"Type":"bind","Source":"/var/run/app","Destination":"/run/app","RW":true},
               {"Type":"bind","Source":"/srv/docker.sockets","Destination":"/s","RW":true}]}}]})",
    .run = docker_socket_mount::run,
};

}  // namespace hardock::audit::checks
