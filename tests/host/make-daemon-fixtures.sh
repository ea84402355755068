#!/bin/sh
# Generates the host roots under tests/data/host/daemon/ that the daemon
# configuration reader tests read (tests/unit/host/daemon_*_test.cpp).
# Each directory is a tiny host root: only the files dockerd's configuration
# comes from. Re-run after changing a case; the output is deterministic.
set -eu
out=${1:-$(cd "$(dirname "$0")/../data/host/daemon" 2>/dev/null && pwd || echo "$(dirname "$0")/../data/host/daemon")}
rm -rf "$out"
mkdir -p "$out"
cd "$out"

# mk FILE: writes stdin to FILE inside the current case, creating directories.
mk() { mkdir -p "$(dirname "$1")"; cat >"$1"; }

# daemon.json alone, keys on known lines (icc on line 2, hosts on line 3...).
mkdir json-basic && (cd json-basic && mk etc/docker/daemon.json <<'J'
{
  "icc": false,
  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"],
  "log-level": "debug",
  "insecure-registries": ["registry.local:5000"],
  "default-ulimits": {"nofile": {"Name": "nofile", "Hard": 64000, "Soft": 64000}},
  "live-restore": true
}
J
)

# A // comment on line 3: dockerd rejects it, so must we (line 3, column 3).
mkdir json-comment && (cd json-comment && mk etc/docker/daemon.json <<'J'
{
  "icc": false,
  // "userns-remap": "default"
  "live-restore": true
}
J
)

# Trailing garbage after the object (line 4, column 1).
mkdir json-trailing && (cd json-trailing && mk etc/docker/daemon.json <<'J'
{
  "icc": false
}
}
J
)

# The empty file dockerd accepts.
mkdir json-empty && (cd json-empty && mk etc/docker/daemon.json </dev/null)

# daemon.json is a directory: exists but cannot be read.
mkdir -p json-unreadable/etc/docker/daemon.json
touch json-unreadable/etc/docker/daemon.json/.keep  # git keeps no empty directory

# Debian-style unit: continuation lines, $DOCKER_OPTS from /etc/default/docker,
# and "hosts" also in daemon.json (the classic conflict).
mkdir unit-tcp && (cd unit-tcp && mk lib/systemd/system/docker.service <<'U'
[Unit]
Description=Docker Application Container Engine

[Service]
Type=notify
EnvironmentFile=-/etc/default/docker
ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375 \
          -H fd:// \
          $DOCKER_OPTS
User=

[Install]
WantedBy=multi-user.target
U
mk etc/default/docker <<'E'
# Options for dockerd
#DOCKER_OPTS="--icc=true"
DOCKER_OPTS="--insecure-registry a.local:5000 --insecure-registry=b.local:5000 --icc=false"
E
mk etc/docker/daemon.json <<'J'
{
  "hosts": ["unix:///var/run/docker.sock"],
  "icc": true
}
J
)

# A drop-in resets ExecStart and replaces it.
mkdir dropin-reset && (cd dropin-reset && mk lib/systemd/system/docker.service <<'U'
[Service]
ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375 -H fd://
U
mk etc/systemd/system/docker.service.d/10-override.conf <<'U'
[Service]
ExecStart=
ExecStart=/usr/bin/dockerd -H unix:///var/run/docker.sock --live-restore --userland-proxy=false -l warn
U
)

# No unit: a sysvinit host, flags in /etc/default/docker only, repeated flags,
# short flags and a bare boolean.
mkdir default-only && (cd default-only && mk etc/default/docker <<'E'
export http_proxy=""

DOCKER_OPTS="-H tcp://127.0.0.1:2376 --tlsverify --tlscacert=/etc/docker/ca.pem -g /srv/docker -D -Hunix:///run/docker.sock"
E
)

# Red Hat style: OPTIONS in /etc/sysconfig/docker.
mkdir sysconfig && (cd sysconfig && mk etc/sysconfig/docker <<'E'
OPTIONS='--selinux-enabled --log-driver=journald --storage-driver aufs'
E
)

# A running dockerd in the root's /proc: its command line wins over the unit.
mkdir proc && (cd proc && mk lib/systemd/system/docker.service <<'U'
[Service]
ExecStart=/usr/bin/dockerd -H fd:// --icc=true
U
mk proc/77/comm <<'P'
bash
P
printf '/bin/bash\0' | mk proc/77/cmdline
mk proc/4321/comm <<'P'
dockerd
P
printf '/usr/bin/dockerd\0-H\0tcp://0.0.0.0:2375\0--icc=false\0--experimental\0' | mk proc/4321/cmdline
mk proc/4321/status <<'P'
Name:	dockerd
Uid:	0	0	0	0
Gid:	0	0	0	0
P
)

# Several dockerds: 500 serves /run/a.sock, 900 serves /run/b.sock with --icc=false, and 300 is
# a child 500 forked (to run runc --version) that has not exec'd yet: same name and command line,
# a lower pid once pids wrapped.
mkdir proc-several && (cd proc-several &&
  for pid in 300 500 900; do printf 'dockerd\n' | mk "proc/$pid/comm"; done
  printf '/usr/bin/dockerd\0-H\0unix:///run/a.sock\0' | mk proc/500/cmdline
  printf '/usr/bin/dockerd\0-H\0unix:///run/a.sock\0' | mk proc/300/cmdline
  printf '/usr/bin/dockerd\0--host=unix:///run/b.sock\0--icc=false\0' | mk proc/900/cmdline
  printf 'Name:\tdockerd\nPPid:\t1\nUid:\t0\t0\t0\t0\n' | mk proc/500/status
  printf 'Name:\tdockerd\nPPid:\t500\nUid:\t0\t0\t0\t0\n' | mk proc/300/status
  printf 'Name:\tdockerd\nPPid:\t1\nUid:\t0\t1000\t0\t0\n' | mk proc/900/status
)

# Socket activation: one unix and one TCP ListenStream.
mkdir socket && (cd socket && mk lib/systemd/system/docker.socket <<'U'
[Socket]
ListenStream=/run/docker.sock
ListenStream=0.0.0.0:2375
SocketMode=0660
U
mk lib/systemd/system/docker.service <<'U'
[Service]
ExecStart=/usr/bin/dockerd -H fd://
U
)

# dockerd's own --config-file, and a unit that runs dockerd as a user.
mkdir config-file && (cd config-file && mk lib/systemd/system/docker.service <<'U'
[Service]
User=dockremap
ExecStart=/usr/bin/dockerd --config-file /srv/docker.json
U
mk srv/docker.json <<'J'
{"userns-remap": "default"}
J
mk etc/docker/daemon.json <<'J'
{"userns-remap": "ignored"}
J
)

# A unit masked by a link to /dev/null (systemctl mask): systemd will not start it, so its
# ExecStart does not count; without a unit, /etc/default/docker's DOCKER_OPTS does.
mkdir masked && (cd masked && mk lib/systemd/system/docker.service <<'U'
[Service]
ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375
U
mkdir -p etc/systemd/system && ln -s /dev/null etc/systemd/system/docker.service
mk etc/default/docker <<'E'
DOCKER_OPTS="--icc=false"
E
)
