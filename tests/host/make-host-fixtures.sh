#!/bin/sh
# Builds host-root trees for the host-facts and host check tests under $1:
#   good/            every CIS 3.x file right, audit rules complete, AppArmor enforcing
#   bad/             wrong modes and owners, no data-root mount, partial audit
#                    rules, untrusted docker group members, old kernel, no LSM, no seccomp
#   error/           symlink loops where files should be: "could not look"
#   empty/           an empty directory: everything absent (not applicable)
#   apparmor-{enforce,complain,missing,off}/, selinux-{enforcing,permissive,disabled}/,
#   seccomp-bootconfig/   one LSM branch each
# Must run as root (chown). Trees are rebuilt from scratch on every call.
set -eu
out=${1:?usage: make-host-fixtures.sh DIR}
mkdir -p "$out"

file() {  # file ROOT PATH MODE OWNER [CONTENT]
  mkdir -p "$(dirname "$1$2")"
  printf '%s' "${5:-}" >"$1$2"
  chmod "$3" "$1$2"
  chown "$4" "$1$2"
}

lsm_apparmor() {  # ROOT ENABLED [PROFILES]
  mkdir -p "$1/sys/module/apparmor/parameters" "$1/sys/kernel/security/apparmor"
  printf '%s\n' "$2" >"$1/sys/module/apparmor/parameters/enabled"
  printf '%b' "${3:-}" >"$1/sys/kernel/security/apparmor/profiles"
}

lsm_selinux() {  # ROOT ENFORCE CONFIGURED
  mkdir -p "$1/sys/fs/selinux" "$1/etc/selinux"
  printf '%s' "$2" >"$1/sys/fs/selinux/enforce"
  printf '# written by make-host-fixtures.sh\nSELINUX=%s\nSELINUXTYPE=targeted\n' "$3" \
    >"$1/etc/selinux/config"
}

base() {  # ROOT: a sound host
  r=$1
  rm -rf "$r"
  mkdir -p "$r/run" "$r/var" "$r/usr/bin" "$r/proc/self" "$r/var/lib/docker"
  ln -s /run "$r/var/run"  # absolute, as on real hosts: must resolve inside the root
  file "$r" /etc/passwd 0644 0:0 'root:x:0:0:root:/root:/bin/sh
alice:x:1000:1000::/home/alice:/bin/sh
bob:x:1001:1001::/home/bob:/bin/sh
'
  file "$r" /etc/group 0644 0:0 'root:x:0:
alice:x:1000:
bob:x:1001:
docker:x:999:alice
'
  file "$r" /lib/systemd/system/docker.service 0644 0:0 '[Service]
ExecStart=/usr/bin/dockerd -H fd://
'
  file "$r" /lib/systemd/system/docker.socket 0644 0:0 '[Socket]
ListenStream=/run/docker.sock
'
  mkdir -p "$r/etc/docker"
  chmod 0755 "$r/etc/docker"
  file "$r" /etc/docker/daemon.json 0644 0:0 '{"tlscacert": "/etc/docker/tls/ca.pem",
 "tlscert": "/etc/docker/tls/server.pem", "tlskey": "/etc/docker/tls/server-key.pem"}'
  file "$r" /etc/docker/certs.d/registry.example:5000/ca.crt 0444 0:0 'cert'
  file "$r" /etc/docker/tls/ca.pem 0444 0:0 'ca'
  file "$r" /etc/docker/tls/server.pem 0444 0:0 'cert'
  file "$r" /etc/docker/tls/server-key.pem 0400 0:0 'key'
  file "$r" /etc/docker/ca.pem 0444 0:0 'ca'
  file "$r" /run/docker.sock 0660 0:999
  file "$r" /run/containerd/containerd.sock 0660 0:0
  file "$r" /etc/default/docker 0644 0:0 'DOCKER_OPTS=""
'
  for binary in dockerd containerd containerd-shim-runc-v2 runc; do
    file "$r" "/usr/bin/$binary" 0755 0:0
  done
  file "$r" /proc/self/mountinfo 0444 0:0 '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
30 22 8:17 / /var/lib/docker rw,relatime shared:2 - xfs /dev/sdb1 rw
'
  file "$r" /proc/version 0444 0:0 'Linux version 5.10.0-21-amd64 (debian-kernel@lists.debian.org) #1 SMP
'
  file "$r" /proc/self/status 0444 0:0 'Name:	hardock
NoNewPrivs:	0
Seccomp:	0
Seccomp_filters:	0
'
  rules=""
  for path in /usr/bin/dockerd /run/containerd /var/lib/docker /etc/docker \
      /lib/systemd/system/docker.service /run/containerd/containerd.sock /lib/systemd/system/docker.socket /var/run/docker.sock \
      /etc/default/docker /etc/docker/daemon.json /usr/bin/containerd \
      /usr/bin/containerd-shim-runc-v2; do
    rules="$rules-w $path -p rwxa -k docker
"
  done
  # A syscall rule rather than a watch, which also counts.
  rules="$rules-a always,exit -F arch=b64 -S execve -F path=/usr/bin/runc -k docker
"
  file "$r" /etc/audit/rules.d/docker.rules 0640 0:0 "$rules"
  lsm_apparmor "$r" Y 'docker-default (enforce)\n/usr/sbin/cupsd (enforce)\n'
}

base "$out/good"

bad="$out/bad"
base "$bad"
chmod 0466 "$bad/lib/systemd/system/docker.service"
chown 1000:0 "$bad/lib/systemd/system/docker.service"
chmod 0664 "$bad/lib/systemd/system/docker.socket"
chown 0:1000 "$bad/lib/systemd/system/docker.socket"
chmod 0775 "$bad/etc/docker"
chown 1000:1000 "$bad/etc/docker"
chmod 0644 "$bad/etc/docker/certs.d/registry.example:5000/ca.crt"
chown 1001:0 "$bad/etc/docker/certs.d/registry.example:5000/ca.crt"
chmod 0644 "$bad/etc/docker/tls/ca.pem"
chown 1000:0 "$bad/etc/docker/tls/ca.pem"
chmod 0664 "$bad/etc/docker/tls/server.pem"
chown 0:1000 "$bad/etc/docker/tls/server.pem"
chmod 0440 "$bad/etc/docker/tls/server-key.pem"
chown 1000:1000 "$bad/etc/docker/tls/server-key.pem"
chmod 0666 "$bad/run/docker.sock"
chown 0:0 "$bad/run/docker.sock"
chmod 0664 "$bad/etc/docker/daemon.json"
chown 1000:0 "$bad/etc/docker/daemon.json"
chmod 0646 "$bad/etc/default/docker"
chown 0:1000 "$bad/etc/default/docker"
file "$bad" /etc/sysconfig/docker 0664 1000:0 'OPTIONS=""
'
chmod 0666 "$bad/run/containerd/containerd.sock"
chown 0:999 "$bad/run/containerd/containerd.sock"
file "$bad" /etc/group 0644 0:0 'root:x:0:
alice:x:1000:
docker:x:999:alice,mallory
'
file "$bad" /etc/passwd 0644 0:0 'root:x:0:0:root:/root:/bin/sh
alice:x:1000:1000::/home/alice:/bin/sh
bob:x:1001:999::/home/bob:/bin/sh
'
file "$bad" /proc/self/mountinfo 0444 0:0 '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
31 22 0:5 / /var/lib/docker-old rw - ext4 /dev/sdc1 rw
'
file "$bad" /etc/audit/rules.d/docker.rules 0640 0:0 '# only the daemon binary
-w /usr/bin/dockerd -k docker
'
file "$bad" /proc/version 0444 0:0 'Linux version 3.2.0-4-amd64 (debian) #1 SMP
'
file "$bad" /proc/self/status 0444 0:0 'Name:	hardock
NoNewPrivs:	0
'
rm -rf "$bad/sys"

err="$out/error"
base "$err"
rm -f "$err/lib/systemd/system/docker.service" "$err/run/docker.sock" "$err/etc/group" \
  "$err/proc/self/mountinfo" "$err/sys/kernel/security/apparmor/profiles"
for path in /lib/systemd/system/docker.service /run/docker.sock /etc/group \
    /proc/self/mountinfo /sys/kernel/security/apparmor/profiles; do
  ln -s "$path" "$err$path"  # points at itself: ELOOP, an error that is not "absent"
done

rm -rf "$out/empty"
mkdir -p "$out/empty"

base "$out/apparmor-enforce"
base "$out/apparmor-complain"
lsm_apparmor "$out/apparmor-complain" Y 'docker-default (complain)\n'
base "$out/apparmor-missing"
lsm_apparmor "$out/apparmor-missing" Y '/usr/sbin/cupsd (enforce)\n'
base "$out/apparmor-off"
lsm_apparmor "$out/apparmor-off" N

for state in enforcing:1:enforcing permissive:0:enforcing disabled:1:disabled; do
  name=${state%%:*}
  rest=${state#*:}
  r="$out/selinux-$name"
  base "$r"
  rm -rf "$r/sys/module" "$r/sys/kernel"
  lsm_selinux "$r" "${rest%%:*}" "${rest#*:}"
done

r="$out/seccomp-bootconfig"
base "$r"
file "$r" /proc/self/status 0444 0:0 'Name:	hardock
'
file "$r" /boot/config-5.10.0-21-amd64 0644 0:0 'CONFIG_SECURITY=y
CONFIG_SECCOMP=y
CONFIG_SECCOMP_FILTER=y
'
