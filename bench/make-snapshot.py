#!/usr/bin/env python3
"""Writes an engine snapshot (docker/snapshot.h format) of N containers for `hardock audit --from`.

The fleet is deterministic (seeded) and mixed the way a large estate is: Compose-like projects of
2-8 services, each project on its own network plus shared front/back networks; containers with
and without sensitivity labels (some unknown levels), a few privileged ones, added capabilities,
bind mounts (the docker socket and host paths among them), published ports (on every interface
and on loopback, privileged ports), host network/PID modes, processes (some sshd), exec sessions
(some --privileged or as root), health checks, limits or none, and images shared by many
containers. Every check area has something to find, so the audit does its full work.

Usage: bench/make-snapshot.py N [OUTPUT]   (default OUTPUT: standard output)
"""

import hashlib
import json
import random
import sys

LEVELS = ["public", "internal", "restricted"]
SERVICES = ["web", "api", "worker", "db", "cache", "queue", "auth", "search", "proxy", "batch"]
IMAGES_PER_SERVICE = 5


def hexid(*parts):
    return hashlib.sha256("/".join(str(p) for p in parts).encode()).hexdigest()


def maybe(rng, share):
    return rng.random() < share


def network(index, name, level, members, internal):
    entry = {
        "Name": name,
        "Id": hexid("net", index),
        "Created": "2026-01-01T00:00:00Z",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": False,
        "IPAM": {"Driver": "default", "Options": {},
                 "Config": [{"Subnet": f"10.{index // 250}.{index % 250}.0/24"}]},
        "Internal": internal,
        "Attachable": False,
        "Ingress": False,
        "Options": {} if name != "bridge" else {
            "com.docker.network.bridge.default_bridge": "true",
            "com.docker.network.bridge.enable_icc": "true"},
        "Labels": {} if level is None else {"hardock.sensitivity": level},
        "Containers": {},
    }
    members[entry["Id"]] = entry
    return entry


def container(rng, index, project, service, nets, image):
    cid = hexid("container", index)
    name = f"{project}-{service}-{index}"
    level = rng.choice(LEVELS + [None, None, "secret"])  # None: unlabelled; "secret": unknown
    labels = {"com.docker.compose.project": project, "com.docker.compose.service": service}
    if level is not None:
        labels["hardock.sensitivity"] = level
    privileged = maybe(rng, 0.02)
    running = maybe(rng, 0.85)
    binds, mounts = [], []
    if maybe(rng, 0.3):
        binds.append(f"/srv/{project}/{service}:/data")
        mounts.append({"Type": "bind", "Source": f"/srv/{project}/{service}", "Destination": "/data",
                       "Mode": "", "RW": True, "Propagation": "rprivate"})
    if maybe(rng, 0.02):
        binds.append("/var/run/docker.sock:/var/run/docker.sock")
        mounts.append({"Type": "bind", "Source": "/var/run/docker.sock",
                       "Destination": "/var/run/docker.sock", "Mode": "", "RW": True,
                       "Propagation": "rprivate"})
    if maybe(rng, 0.01):
        binds.append("/etc:/host/etc:ro")
        mounts.append({"Type": "bind", "Source": "/etc", "Destination": "/host/etc", "Mode": "ro",
                       "RW": False, "Propagation": "rshared" if maybe(rng, 0.5) else "rprivate"})
    if maybe(rng, 0.3):
        mounts.append({"Type": "volume", "Name": hexid("vol", index), "Source": "",
                       "Destination": "/var/lib/data", "Driver": "local", "Mode": "z", "RW": True,
                       "Propagation": ""})
    port_bindings, ports, exposed = {}, {}, {}
    if service in ("web", "proxy", "api") or maybe(rng, 0.1):
        port = rng.choice(["80/tcp", "443/tcp", "8080/tcp", "22/tcp"])
        host_ip = rng.choice(["", "0.0.0.0", "127.0.0.1"])
        host_port = str(rng.choice([80, 443, 8000 + index % 1000, 10000 + index % 50000]))
        port_bindings[port] = [{"HostIp": host_ip, "HostPort": host_port}]
        ports[port] = [{"HostIp": host_ip or "0.0.0.0", "HostPort": host_port}]
        exposed[port] = {}
    network_mode = nets[0]["Name"] if nets else "host"
    if maybe(rng, 0.01):
        network_mode, nets = "host", []
    settings_networks = {}
    for net in nets:
        ip = f"10.{net['IPAM']['Config'][0]['Subnet'].split('.')[1]}." \
             f"{net['IPAM']['Config'][0]['Subnet'].split('.')[2]}.{2 + index % 250}"
        settings_networks[net["Name"]] = {"NetworkID": net["Id"], "IPAddress": ip,
                                          "Gateway": "", "MacAddress": "", "Aliases": [service]}
        net["Containers"][cid] = {"Name": name, "IPv4Address": ip + "/24",
                                  "EndpointID": hexid("ep", index, net["Id"])}
    exec_ids = [hexid("exec", index, k) for k in range(2)] if maybe(rng, 0.01) else []
    inspect = {
        "Id": cid,
        "Created": "2026-01-01T00:00:00Z",
        "Path": "/entrypoint.sh",
        "Args": ["serve"],
        "State": {"Status": "running" if running else "exited", "Running": running,
                  "Paused": False, "Restarting": False, "OOMKilled": False, "Dead": False,
                  "Pid": 10000 + index if running else 0, "ExitCode": 0,
                  "StartedAt": "2026-01-01T00:00:01Z", "FinishedAt": "0001-01-01T00:00:00Z",
                  **({"Health": {"Status": "healthy"}} if maybe(rng, 0.3) else {})},
        "Image": image,
        "Name": "/" + name,
        "RestartCount": 0,
        "Driver": "overlay2",
        "Platform": "linux",
        "MountLabel": "",
        "ProcessLabel": "",
        "AppArmorProfile": "" if privileged or maybe(rng, 0.05) else "docker-default",
        "ExecIDs": exec_ids or None,
        "HostConfig": {
            "Binds": binds or None,
            "NetworkMode": network_mode,
            "PortBindings": port_bindings,
            "RestartPolicy": {"Name": rng.choice(["no", "always", "unless-stopped", "on-failure"]),
                              "MaximumRetryCount": 0},
            "CapAdd": rng.choice([None, None, None, ["NET_ADMIN"], ["SYS_ADMIN"], ["NET_BIND_SERVICE"]]),
            "CapDrop": ["ALL"] if maybe(rng, 0.2) else None,
            "PidMode": "host" if maybe(rng, 0.01) else "",
            "IpcMode": "private",
            "UTSMode": "",
            "UsernsMode": "",
            "Privileged": privileged,
            "PublishAllPorts": False,
            "ReadonlyRootfs": maybe(rng, 0.2),
            "SecurityOpt": ["no-new-privileges"] if maybe(rng, 0.3) else
                           (["seccomp=unconfined"] if maybe(rng, 0.02) else None),
            "Memory": rng.choice([0, 0, 256 << 20, 1 << 30]),
            "MemorySwap": 0,
            "NanoCpus": 0,
            "CpuShares": rng.choice([0, 0, 512, 1024]),
            "PidsLimit": rng.choice([None, 0, 100]),
            "CgroupParent": "",
            "LogConfig": {"Type": "json-file", "Config": {}},
            "Devices": [],
            "Ulimits": None,
        },
        "Config": {
            "Hostname": cid[:12],
            "User": rng.choice(["", "", "root", "1000", "app"]),
            "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    f"SERVICE={service}", f"PROJECT={project}"],
            "Cmd": ["serve"],
            "Image": f"registry.example/{service}:{index % IMAGES_PER_SERVICE}",
            "WorkingDir": "/app",
            "Entrypoint": ["/entrypoint.sh"],
            "Labels": labels,
            "ExposedPorts": exposed or None,
            **({"Healthcheck": {"Test": ["CMD-SHELL", "curl -f localhost/health"]}}
               if maybe(rng, 0.4) else {}),
        },
        "Mounts": mounts,
        "NetworkSettings": {"Ports": ports, "Networks": settings_networks},
    }
    processes = {"source": "none", "list": []}
    if running:
        listing = [{"pid": 10000 + index, "user": inspect["Config"]["User"] or "root",
                    "command": "/entrypoint.sh serve"}]
        if maybe(rng, 0.02):
            listing.append({"pid": 20000 + index, "user": "root", "command": "/usr/sbin/sshd -D"})
        processes = {"source": "proc", "list": listing}
    execs = [{"ID": exec_id, "Running": True, "ContainerID": cid,
              "ProcessConfig": {"privileged": k == 0, "user": "root" if k == 1 else "",
                                "tty": False, "entrypoint": "sh", "arguments": ["-c", "sleep 600"]}}
             for k, exec_id in enumerate(exec_ids)]
    return {"inspect": inspect, "processes": processes, "execs": execs}


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    count = int(sys.argv[1])
    rng = random.Random(20260101 + count)
    networks = {}
    shared = [network(0, "bridge", None, networks, False),
              network(1, "front", "public", networks, False),
              network(2, "back", "restricted", networks, True),
              network(3, "ops", None, networks, False)]
    containers, images = [], {}
    index = 0
    project_index = 0
    while index < count:
        project = f"p{project_index}"
        project_net = network(4 + project_index, project + "_default",
                              rng.choice(LEVELS + [None]), networks, maybe(rng, 0.3))
        project_index += 1
        for service in rng.sample(SERVICES, rng.randint(2, 8)):
            if index >= count:
                break
            nets = [project_net]
            if service in ("web", "proxy"):
                nets.append(shared[1])
            elif service == "db" and maybe(rng, 0.5):
                nets.append(shared[2])
            elif maybe(rng, 0.05):
                nets.append(shared[0])
            elif maybe(rng, 0.02):
                nets.append(shared[3])
            image = "sha256:" + hexid("image", service, index % IMAGES_PER_SERVICE)
            images.setdefault(image, {
                "Id": image, "RepoTags": [f"registry.example/{service}:{index % IMAGES_PER_SERVICE}"],
                "RepoDigests": [], "Created": "2025-06-01T00:00:00Z", "Size": 80 << 20,
                "Os": "linux", "Architecture": "amd64",
                "Config": {"User": "", "ExposedPorts": None, "Labels": None}})
            containers.append(container(rng, index, project, service, nets, image))
            index += 1
    document = {
        "schema": "hardock.engine-snapshot/1",
        "endpoint": "unix:///var/run/docker.sock",
        "collected_at": "2026-01-02T03:04:05Z",
        "local": True,
        "info": {
            "ID": "BENCH", "Name": "bench-host", "ServerVersion": "24.0.7",
            "OperatingSystem": "Debian GNU/Linux 12 (bookworm)", "OSType": "linux",
            "KernelVersion": "6.1.0-18-amd64", "Architecture": "x86_64",
            "DockerRootDir": "/var/lib/docker", "Driver": "overlay2", "LoggingDriver": "json-file",
            "CgroupDriver": "systemd", "CgroupVersion": "2", "DefaultRuntime": "runc",
            "LiveRestoreEnabled": False, "ExperimentalBuild": False, "Debug": False,
            "Containers": count, "ContainersRunning": count, "Images": len(images),
            "SecurityOptions": ["name=apparmor", "name=seccomp,profile=builtin", "name=cgroupns"],
            "Plugins": {"Authorization": None, "Log": ["json-file", "local"]},
            "RegistryConfig": {"InsecureRegistryCIDRs": ["127.0.0.0/8"], "Mirrors": [],
                               "IndexConfigs": {"docker.io": {"Secure": True}}},
            "Swarm": {"LocalNodeState": "inactive", "ControlAvailable": False},
            "Warnings": None},
        "version": {"Version": "24.0.7", "ApiVersion": "1.43", "MinAPIVersion": "1.12",
                    "GoVersion": "go1.20.10", "Os": "linux", "Arch": "amd64",
                    "KernelVersion": "6.1.0-18-amd64", "BuildTime": "2023-10-26T09:08:02Z"},
        "containers": containers,
        "networks": list(networks.values()),
        "images": list(images.values()),
        "errors": [],
    }
    out = open(sys.argv[2], "w") if len(sys.argv) == 3 else sys.stdout
    json.dump(document, out, separators=(",", ":"))
    out.write("\n")


if __name__ == "__main__":
    main()
