#include "hardock/audit/cis.h"

#include <algorithm>
#include <array>

namespace hardock::audit {
namespace {

// Ids and titles as docker-bench-security v1.6.0 prints them (tests/*.sh), which follow the
// benchmark document; its older "Scored" marks read as Automated.
constexpr std::array kItems = std::to_array<CisItem>({
    {"1", "Host Configuration", CisKind::kSection},
    {"1.1", "Linux Hosts Specific Configuration", CisKind::kSection},
    {"1.1.1", "Ensure a separate partition for containers has been created", CisKind::kAutomated},
    {"1.1.2", "Ensure only trusted users are allowed to control Docker daemon",
     CisKind::kAutomated},
    {"1.1.3", "Ensure auditing is configured for the Docker daemon", CisKind::kAutomated},
    {"1.1.4", "Ensure auditing is configured for Docker files and directories - /run/containerd",
     CisKind::kAutomated},
    {"1.1.5", "Ensure auditing is configured for Docker files and directories - /var/lib/docker",
     CisKind::kAutomated},
    {"1.1.6", "Ensure auditing is configured for Docker files and directories - /etc/docker",
     CisKind::kAutomated},
    {"1.1.7", "Ensure auditing is configured for Docker files and directories - docker.service",
     CisKind::kAutomated},
    {"1.1.8", "Ensure auditing is configured for Docker files and directories - containerd.sock",
     CisKind::kAutomated},
    {"1.1.9", "Ensure auditing is configured for Docker files and directories - docker.socket",
     CisKind::kAutomated},
    {"1.1.10",
     "Ensure auditing is configured for Docker files and directories - /etc/default/docker",
     CisKind::kAutomated},
    {"1.1.11",
     "Ensure auditing is configured for Docker files and directories - /etc/docker/daemon.json",
     CisKind::kAutomated},
    {"1.1.12",
     "Ensure auditing is configured for Docker files and directories - /etc/containerd/config.toml",
     CisKind::kAutomated},
    {"1.1.13",
     "Ensure auditing is configured for Docker files and directories - /etc/sysconfig/docker",
     CisKind::kAutomated},
    {"1.1.14",
     "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd",
     CisKind::kAutomated},
    {"1.1.15",
     "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim",
     CisKind::kAutomated},
    {"1.1.16",
     "Ensure auditing is configured for Docker files and directories - "
     "/usr/bin/containerd-shim-runc-v1",
     CisKind::kAutomated},
    {"1.1.17",
     "Ensure auditing is configured for Docker files and directories - "
     "/usr/bin/containerd-shim-runc-v2",
     CisKind::kAutomated},
    {"1.1.18", "Ensure auditing is configured for Docker files and directories - /usr/bin/runc",
     CisKind::kAutomated},
    {"1.2", "General Configuration", CisKind::kSection},
    {"1.2.1", "Ensure the container host has been Hardened", CisKind::kManual},
    {"1.2.2", "Ensure that the version of Docker is up to date", CisKind::kManual},
    {"2", "Docker daemon configuration", CisKind::kSection},
    {"2.1", "Run the Docker daemon as a non-root user, if possible", CisKind::kManual},
    {"2.2", "Ensure network traffic is restricted between containers on the default bridge",
     CisKind::kAutomated},
    {"2.3", "Ensure the logging level is set to 'info'", CisKind::kAutomated},
    {"2.4", "Ensure Docker is allowed to make changes to iptables", CisKind::kAutomated},
    {"2.5", "Ensure insecure registries are not used", CisKind::kAutomated},
    {"2.6", "Ensure aufs storage driver is not used", CisKind::kAutomated},
    {"2.7", "Ensure TLS authentication for Docker daemon is configured", CisKind::kAutomated},
    {"2.8", "Ensure the default ulimit is configured appropriately", CisKind::kManual},
    {"2.9", "Enable user namespace support", CisKind::kAutomated},
    {"2.10", "Ensure the default cgroup usage has been confirmed", CisKind::kAutomated},
    {"2.11", "Ensure base device size is not changed until needed", CisKind::kAutomated},
    {"2.12", "Ensure that authorization for Docker client commands is enabled",
     CisKind::kAutomated},
    {"2.13", "Ensure centralized and remote logging is configured", CisKind::kAutomated},
    {"2.14", "Ensure containers are restricted from acquiring new privileges", CisKind::kAutomated},
    {"2.15", "Ensure live restore is enabled", CisKind::kAutomated},
    {"2.16", "Ensure Userland Proxy is Disabled", CisKind::kAutomated},
    {"2.17", "Ensure that a daemon-wide custom seccomp profile is applied if appropriate",
     CisKind::kManual},
    {"2.18", "Ensure that experimental features are not implemented in production",
     CisKind::kAutomated},
    {"3", "Docker daemon configuration files", CisKind::kSection},
    {"3.1", "Ensure that the docker.service file ownership is set to root:root",
     CisKind::kAutomated},
    {"3.2", "Ensure that docker.service file permissions are appropriately set",
     CisKind::kAutomated},
    {"3.3", "Ensure that docker.socket file ownership is set to root:root", CisKind::kAutomated},
    {"3.4", "Ensure that docker.socket file permissions are set to 644 or more restrictive",
     CisKind::kAutomated},
    {"3.5", "Ensure that the /etc/docker directory ownership is set to root:root",
     CisKind::kAutomated},
    {"3.6", "Ensure that /etc/docker directory permissions are set to 755 or more restrictively",
     CisKind::kAutomated},
    {"3.7", "Ensure that registry certificate file ownership is set to root:root",
     CisKind::kAutomated},
    {"3.8",
     "Ensure that registry certificate file permissions are set to 444 or more restrictively",
     CisKind::kAutomated},
    {"3.9", "Ensure that TLS CA certificate file ownership is set to root:root",
     CisKind::kAutomated},
    {"3.10", "Ensure that TLS CA certificate file permissions are set to 444 or more restrictively",
     CisKind::kAutomated},
    {"3.11", "Ensure that Docker server certificate file ownership is set to root:root",
     CisKind::kAutomated},
    {"3.12",
     "Ensure that the Docker server certificate file permissions are set to 444 or more "
     "restrictively",
     CisKind::kAutomated},
    {"3.13", "Ensure that the Docker server certificate key file ownership is set to root:root",
     CisKind::kAutomated},
    {"3.14", "Ensure that the Docker server certificate key file permissions are set to 400",
     CisKind::kAutomated},
    {"3.15", "Ensure that the Docker socket file ownership is set to root:docker",
     CisKind::kAutomated},
    {"3.16", "Ensure that the Docker socket file permissions are set to 660 or more restrictively",
     CisKind::kAutomated},
    {"3.17", "Ensure that the daemon.json file ownership is set to root:root", CisKind::kAutomated},
    {"3.18", "Ensure that daemon.json file permissions are set to 644 or more restrictive",
     CisKind::kAutomated},
    {"3.19", "Ensure that the /etc/default/docker file ownership is set to root:root",
     CisKind::kAutomated},
    {"3.20",
     "Ensure that the /etc/default/docker file permissions are set to 644 or more restrictively",
     CisKind::kAutomated},
    {"3.21",
     "Ensure that the /etc/sysconfig/docker file permissions are set to 644 or more restrictively",
     CisKind::kAutomated},
    {"3.22", "Ensure that the /etc/sysconfig/docker file ownership is set to root:root",
     CisKind::kAutomated},
    {"3.23", "Ensure that the Containerd socket file ownership is set to root:root",
     CisKind::kAutomated},
    {"3.24",
     "Ensure that the Containerd socket file permissions are set to 660 or more restrictively",
     CisKind::kAutomated},
    {"4", "Container Images and Build File", CisKind::kSection},
    {"4.1", "Ensure that a user for the container has been created", CisKind::kAutomated},
    {"4.2", "Ensure that containers use only trusted base images", CisKind::kManual},
    {"4.3", "Ensure that unnecessary packages are not installed in the container",
     CisKind::kManual},
    {"4.4", "Ensure images are scanned and rebuilt to include security patches", CisKind::kManual},
    {"4.5", "Ensure Content trust for Docker is Enabled", CisKind::kAutomated},
    {"4.6", "Ensure that HEALTHCHECK instructions have been added to container images",
     CisKind::kAutomated},
    {"4.7", "Ensure update instructions are not used alone in the Dockerfile", CisKind::kManual},
    {"4.8", "Ensure setuid and setgid permissions are removed", CisKind::kManual},
    {"4.9", "Ensure that COPY is used instead of ADD in Dockerfiles", CisKind::kManual},
    {"4.10", "Ensure secrets are not stored in Dockerfiles", CisKind::kManual},
    {"4.11", "Ensure only verified packages are installed", CisKind::kManual},
    {"4.12", "Ensure all signed artifacts are validated", CisKind::kManual},
    {"5", "Container Runtime", CisKind::kSection},
    {"5.1", "Ensure swarm mode is not Enabled, if not needed", CisKind::kAutomated},
    {"5.2", "Ensure that, if applicable, an AppArmor Profile is enabled", CisKind::kAutomated},
    {"5.3", "Ensure that, if applicable, SELinux security options are set", CisKind::kAutomated},
    {"5.4", "Ensure that Linux kernel capabilities are restricted within containers",
     CisKind::kAutomated},
    {"5.5", "Ensure that privileged containers are not used", CisKind::kAutomated},
    {"5.6", "Ensure sensitive host system directories are not mounted on containers",
     CisKind::kAutomated},
    {"5.7", "Ensure sshd is not run within containers", CisKind::kAutomated},
    {"5.8", "Ensure privileged ports are not mapped within containers", CisKind::kAutomated},
    {"5.9", "Ensure that only needed ports are open on the container", CisKind::kManual},
    {"5.10", "Ensure that the host's network namespace is not shared", CisKind::kAutomated},
    {"5.11", "Ensure that the memory usage for containers is limited", CisKind::kAutomated},
    {"5.12", "Ensure that CPU priority is set appropriately on containers", CisKind::kAutomated},
    {"5.13", "Ensure that the container's root filesystem is mounted as read only",
     CisKind::kAutomated},
    {"5.14", "Ensure that incoming container traffic is bound to a specific host interface",
     CisKind::kAutomated},
    {"5.15", "Ensure that the 'on-failure' container restart policy is set to '5'",
     CisKind::kAutomated},
    {"5.16", "Ensure that the host's process namespace is not shared", CisKind::kAutomated},
    {"5.17", "Ensure that the host's IPC namespace is not shared", CisKind::kAutomated},
    {"5.18", "Ensure that host devices are not directly exposed to containers", CisKind::kManual},
    {"5.19", "Ensure that the default ulimit is overwritten at runtime if needed",
     CisKind::kManual},
    {"5.20", "Ensure mount propagation mode is not set to shared", CisKind::kAutomated},
    {"5.21", "Ensure that the host's UTS namespace is not shared", CisKind::kAutomated},
    {"5.22", "Ensure the default seccomp profile is not Disabled", CisKind::kAutomated},
    {"5.23", "Ensure that docker exec commands are not used with the privileged option",
     CisKind::kAutomated},
    {"5.24", "Ensure that docker exec commands are not used with the user=root option",
     CisKind::kManual},
    {"5.25", "Ensure that cgroup usage is confirmed", CisKind::kAutomated},
    {"5.26", "Ensure that the container is restricted from acquiring additional privileges",
     CisKind::kAutomated},
    {"5.27", "Ensure that container health is checked at runtime", CisKind::kAutomated},
    {"5.28", "Ensure that Docker commands always make use of the latest version of their image",
     CisKind::kManual},
    {"5.29", "Ensure that the PIDs cgroup limit is used", CisKind::kAutomated},
    {"5.30", "Ensure that Docker's default bridge 'docker0' is not used", CisKind::kManual},
    {"5.31", "Ensure that the host's user namespaces are not shared", CisKind::kAutomated},
    {"5.32", "Ensure that the Docker socket is not mounted inside any containers",
     CisKind::kAutomated},
    {"6", "Docker Security Operations", CisKind::kSection},
    {"6.1", "Ensure that image sprawl is avoided", CisKind::kManual},
    {"6.2", "Ensure that container sprawl is avoided", CisKind::kManual},
    {"7", "Docker Swarm Configuration", CisKind::kSection},
    {"7.1", "Ensure that the minimum number of manager nodes have been created in a swarm",
     CisKind::kAutomated},
    {"7.2", "Ensure that swarm services are bound to a specific host interface",
     CisKind::kAutomated},
    {"7.3", "Ensure that all Docker swarm overlay networks are encrypted", CisKind::kAutomated},
    {"7.4",
     "Ensure that Docker's secret management commands are used for managing secrets in a swarm "
     "cluster",
     CisKind::kManual},
    {"7.5", "Ensure that swarm manager is run in auto-lock mode", CisKind::kAutomated},
    {"7.6", "Ensure that the swarm manager auto-lock key is rotated periodically",
     CisKind::kManual},
    {"7.7", "Ensure that node certificates are rotated as appropriate", CisKind::kManual},
    {"7.8", "Ensure that CA certificates are rotated as appropriate", CisKind::kManual},
    {"7.9", "Ensure that management plane traffic is separated from data plane traffic",
     CisKind::kManual},
});

struct Gap {
  std::string_view id;
  std::string_view why;
};

// The items no check decides, with why. Image and build items are the image and lint work's.
constexpr std::array kGaps = std::to_array<Gap>({
    {"1.2.1",
     "Manual: hardening the whole host is a judgement beyond Docker; hardock's host checks "
     "(sections 1.1, 2, 3, LSM state) cover the parts that concern the engine."},
    {"4.4", "Needs the image's packages matched against vulnerability data (not yet available)."},
    {"4.12",
     "Manual: needs signature verification of every artifact (images, packages); not "
     "available."},
    {"5.19",
     "Manual: whether a workload needs its own ulimits is a judgement; the daemon's default "
     "ulimits are HDK-H-008's (2.8)."},
    {"5.28",
     "Manual: whether `docker pull` ran before `docker run` is not visible in an engine's "
     "state; image age and tags are the image work's."},
    {"7.1", "Swarm objects (/swarm, /nodes) are not collected."},
    {"7.2", "Swarm services (/services) are not collected."},
    {"7.4", "Manual: how secrets reach services is a practice, not engine state."},
    {"7.5", "Swarm settings (/swarm: autolock) are not collected."},
    {"7.6", "Manual: key rotation is a practice; /swarm is not collected."},
    {"7.7", "Manual: certificate rotation is a practice; /swarm is not collected."},
    {"7.8", "Manual: CA rotation is a practice; /swarm is not collected."},
    {"7.9", "Manual: needs the swarm's data path address (/swarm, /nodes), not collected."},
});

}  // namespace

std::string_view cis_gap(std::string_view id) {
  for (const auto& gap : kGaps) {
    if (gap.id == id) return gap.why;
  }
  return {};
}

std::span<const CisItem> cis_items() { return kItems; }

const CisItem* find_cis_item(std::string_view id) {
  const auto* it = std::find_if(kItems.begin(), kItems.end(),
                                [&](const CisItem& item) { return item.id == id; });
  return it == kItems.end() ? nullptr : &*it;
}

std::vector<std::string_view> split_cis(std::string_view ids) {
  std::vector<std::string_view> out;
  while (!ids.empty()) {
    const std::size_t comma = ids.find(',');
    std::string_view id = ids.substr(0, comma);
    while (!id.empty() && id.front() == ' ') id.remove_prefix(1);
    while (!id.empty() && id.back() == ' ') id.remove_suffix(1);
    if (!id.empty()) out.push_back(id);
    if (comma == std::string_view::npos) break;
    ids.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace hardock::audit
