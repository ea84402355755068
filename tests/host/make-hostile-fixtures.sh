#!/bin/sh
# Builds hostile host-root trees under $1 for tests/host/host_root_cli_test.cpp: what an
# attacker who controls a mounted tree could plant where hardock --host-root reads.
#
#   outside/                 next to the roots, never to be read: the secret $SECRET in a file,
#                            a daemon.json, a unit and a client config that carry it
#   <case>/                  one host root per attack, each also holding a plain docker.service
#                            so that the daemon configuration is not simply absent
#     abs-daemon-json        /etc/docker/daemon.json -> <absolute path of outside/daemon.json>
#     rel-daemon-json        /etc/docker/daemon.json -> ../../../outside/daemon.json
#     shadow-daemon-json     /etc/docker/daemon.json -> /etc/shadow (the tree's own shadow)
#     dir-link               /etc/docker -> <absolute path of outside/>
#     etc-link               /etc/docker -> /etc (the tree's /etc holds a daemon.json)
#     unit-link              /lib/systemd/system/docker.service -> <absolute outside/docker.service>
#     default-link           /etc/default/docker -> ../../../outside/secret (no unit: sysvinit)
#     client-config-link     /root/.docker/config.json -> <absolute outside/config.json>
#     dev-zero               /etc/docker/daemon.json -> /dev/zero (the tree's: a device node)
#     fifo                   /etc/docker/daemon.json is a FIFO
#     sparse                 /etc/docker/daemon.json is a 1 GiB sparse file
#     deep                   /etc/docker/daemon.json nests arrays 100,000 deep
#     loop                   /etc/docker/daemon.json -> a.json -> daemon.json
#     number                 daemon.json holds 1e999999
#     wrong-type             daemon.json holds "icc": "yes"
#     unreadable             /etc/docker is 0700 root with a daemon.json that fails icc
#                            (read as an unprivileged user, it cannot be read)
# Needs root (mknod, chown). Rebuilt from scratch on every call; nothing here is committed.
set -eu
out=${1:?usage: make-hostile-fixtures.sh DIR}
SECRET=HDK-OUTSIDE-SECRET-5e7d1c
rm -rf "$out"
mkdir -p "$out/outside"
out=$(cd "$out" && pwd)
outside="$out/outside"

printf '%s\n' "$SECRET" >"$outside/secret"
printf '{"icc": true, "labels": ["%s"]}\n' "$SECRET" >"$outside/daemon.json"
printf '[Service]\nExecStart=/usr/bin/dockerd --label %s\n' "$SECRET" >"$outside/docker.service"
auth=$(printf 'user:%s' "$SECRET" | base64 | tr -d '\n')
printf '{"auths": {"%s.example": {"auth": "%s"}}}\n' "$SECRET" "$auth" >"$outside/config.json"

# case NAME: a fresh root with a plain unit; prints its path.
case_root() {
  r="$out/$1"
  mkdir -p "$r/etc/docker" "$r/lib/systemd/system" "$r/root"
  printf '[Service]\nExecStart=/usr/bin/dockerd -H fd://\n' >"$r/lib/systemd/system/docker.service"
  printf 'root:x:0:0:root:/root:/bin/sh\n' >"$r/etc/passwd"
  printf 'root:x:0:\ndocker:x:999:\n' >"$r/etc/group"
  echo "$r"
}

r=$(case_root abs-daemon-json)
ln -s "$outside/daemon.json" "$r/etc/docker/daemon.json"

r=$(case_root rel-daemon-json)
ln -s ../../../outside/daemon.json "$r/etc/docker/daemon.json"

r=$(case_root shadow-daemon-json)
printf 'root:$6$TREE-SHADOW-SECRET-91ab$x:19000:0:99999:7:::\n' >"$r/etc/shadow"
chmod 0640 "$r/etc/shadow"
ln -s /etc/shadow "$r/etc/docker/daemon.json"

r=$(case_root dir-link)
rmdir "$r/etc/docker"
ln -s "$outside" "$r/etc/docker"

r=$(case_root etc-link)
rmdir "$r/etc/docker"
ln -s /etc "$r/etc/docker"
printf '{"icc": false}\n' >"$r/etc/daemon.json"

r=$(case_root unit-link)
rm "$r/lib/systemd/system/docker.service"
ln -s "$outside/docker.service" "$r/lib/systemd/system/docker.service"

r=$(case_root default-link)
rm "$r/lib/systemd/system/docker.service"
mkdir -p "$r/etc/default"
ln -s ../../../outside/secret "$r/etc/default/docker"

r=$(case_root client-config-link)
mkdir -p "$r/root/.docker"
ln -s "$outside/config.json" "$r/root/.docker/config.json"

r=$(case_root dev-zero)
mkdir -p "$r/dev"
mknod "$r/dev/zero" c 1 5
ln -s /dev/zero "$r/etc/docker/daemon.json"

r=$(case_root fifo)
mkfifo "$r/etc/docker/daemon.json"

r=$(case_root sparse)
truncate -s 1G "$r/etc/docker/daemon.json"

r=$(case_root deep)
head -c 100000 /dev/zero | tr '\0' '[' >"$r/etc/docker/daemon.json"
head -c 100000 /dev/zero | tr '\0' ']' >>"$r/etc/docker/daemon.json"

r=$(case_root loop)
ln -s /etc/docker/a.json "$r/etc/docker/daemon.json"
ln -s daemon.json "$r/etc/docker/a.json"

r=$(case_root number)
printf '{"icc": false, "max-concurrent-downloads": 1e999999}\n' >"$r/etc/docker/daemon.json"

r=$(case_root wrong-type)
printf '{\n  "icc": "yes"\n}\n' >"$r/etc/docker/daemon.json"

r=$(case_root unreadable)
printf '{"icc": true}\n' >"$r/etc/docker/daemon.json"
chown -R 0:0 "$r"
chmod 0700 "$r/etc/docker"
chmod 0600 "$r/etc/docker/daemon.json"
# The unprivileged reader must reach the roots themselves.
chmod 0755 "$out" "$out"/*
