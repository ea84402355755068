#!/usr/bin/env bash
# Records the container inspect documents the RunSpec unit tests read
# (tests/data/harden/inspect/*.json): a few varied containers on a private engine, one inspect
# each (the object, not docker inspect's array), then removes everything it created.
#
# Usage: tests/harden/make-inspect-fixtures.sh HOST   (a private engine, e.g. from
#        `scripts/engine.sh start NAME`; never the machine's default engine)
# Host ports used: 18100 (full), 18101 (tuned).
#
#   full        many flags: env with quotes, labels, -p 127.0.0.1:18100:8080, named, anonymous,
#               bind (-v and --mount) and tmpfs (--tmpfs and --mount) mounts, caps, read-only,
#               limits, restart on-failure:3, user network with alias and fixed IP + a second one
#   minimal     busybox sleep with nothing set
#   web         the web image as is, -P (image USER, EXPOSE, HEALTHCHECK merged into Config)
#   privileged  --privileged, host network/pid/ipc/uts, a device, seccomp=unconfined
#   tuned       cpu/memory knobs, --init, tty, log options, an inline seccomp profile (from a
#               file), health timings, restart unless-stopped, dns options
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../scripts/lib.sh
source "$here/../../scripts/lib.sh"
[[ $# -eq 1 ]] || die "usage: $0 HOST"
DK_HOST=$(engine_host "$1")
sock=$(engine_socket_path "$DK_HOST")
[[ $DK_HOST != unix:///var/run/docker.sock && $sock != /run/docker.sock ]] ||
  die "refusing to record fixtures on the machine's default engine"

out="$HARDOCK_ROOT/tests/data/harden/inspect"
remove_objects() {
  local d=(docker -H "$DK_HOST")
  dk ps -aq --filter label=hardock.test=1 --filter name=h-rs-fx- | xargs -r "${d[@]}" rm -f -v >/dev/null
  dk network ls -q --filter label=hardock.test=1 --filter name=h-rs-fx- | xargs -r "${d[@]}" network rm >/dev/null
  dk volume ls -q --filter label=hardock.test=1 --filter name=h-rs-fx- | xargs -r "${d[@]}" volume rm >/dev/null
}
remove_objects  # what an interrupted run left
work=$(mktemp -d /tmp/h-rs-fx.XXXXXX)
trap 'remove_objects; rm -rf "$work"' EXIT

"$HARDOCK_ROOT/scripts/make-images.sh" "$DK_HOST"
mkdir -p "$work/bind"
echo fixture >"$work/bind/file"
printf '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["kexec_load"],"action":"SCMP_ACT_ERRNO"}]}\n' >"$work/seccomp.json"

label=(--label hardock.test=1)
# A user network with an explicit subnet (needed for --ip): take the one the engine's pool
# hands out, so it cannot clash with another engine's.
dk network create "${label[@]}" h-rs-fx-probe >/dev/null
subnet=$(dk network inspect -f '{{(index .IPAM.Config 0).Subnet}}' h-rs-fx-probe)
dk network rm h-rs-fx-probe >/dev/null
dk network create "${label[@]}" --subnet "$subnet" h-rs-fx-front >/dev/null
dk network create "${label[@]}" h-rs-fx-back >/dev/null
dk volume create "${label[@]}" h-rs-fx-data >/dev/null
base=${subnet%/*}
fixed_ip="${base%.*}.$((${base##*.} + 10))"

dk run -d --name h-rs-fx-full "${label[@]}" --label "note=it's \$HOME" \
  -e "GREETING=hello \"world\" it's \$5" -e EMPTY= -p 127.0.0.1:18100:8080 \
  -v h-rs-fx-data:/data -v /anon -v "$work/bind:/cfg:ro" --tmpfs /run:rw,noexec,size=65536k \
  --mount type=tmpfs,destination=/scratch,tmpfs-size=1048576 \
  --mount "type=bind,source=$work/bind,target=/cfg2,readonly" \
  --mount type=volume,source=h-rs-fx-data,target=/data2 \
  --cap-drop ALL --cap-add NET_BIND_SERVICE --cap-add chown --security-opt no-new-privileges \
  --read-only --memory 64m --cpus 0.5 --pids-limit 100 --restart on-failure:3 \
  --ulimit nofile=1024:2048 --user 1000:1000 -w /www --hostname webhost \
  --add-host db.local:10.0.0.5 --dns 10.0.0.2 --sysctl net.ipv4.ip_unprivileged_port_start=0 \
  --health-cmd 'wget -q -O /dev/null http://127.0.0.1:8080/' --health-interval 10s \
  --network h-rs-fx-front --network-alias web --ip "$fixed_ip" \
  --entrypoint httpd hardock-test/web:1 -f -p 8080 -h /www >/dev/null
dk network connect --alias api h-rs-fx-back h-rs-fx-full

dk run -d --name h-rs-fx-minimal "${label[@]}" hardock-test/busybox:1 sleep 1000 >/dev/null

dk run -d --name h-rs-fx-web "${label[@]}" -P hardock-test/web:1 >/dev/null

dk run -d --name h-rs-fx-privileged "${label[@]}" --privileged --network host --pid host \
  --ipc host --uts host --device /dev/zero:/dev/zero0:r --cap-add SYS_ADMIN \
  --security-opt seccomp=unconfined --group-add 65534 hardock-test/busybox:1 sleep 1000 >/dev/null

dk run -d --name h-rs-fx-tuned "${label[@]}" --memory 96m --memory-swap -1 \
  --memory-reservation 32m --cpu-shares 512 --cpu-quota 50000 --cpu-period 100000 \
  --cpuset-cpus 0 --shm-size 128m --log-opt max-size=1m --init --stop-signal SIGINT \
  --stop-timeout 5 --domainname example.test -t -i --restart unless-stopped \
  --dns-search example.test --dns-option ndots:2 --oom-score-adj 100 \
  --device-cgroup-rule 'c 1:3 mr' --expose 9001 -p 127.0.0.1:18101:9000 -p 9002/udp \
  -v "$work/bind:/x:ro,z" --tmpfs /cache --security-opt "seccomp=$work/seccomp.json" \
  --health-cmd 'true' --health-timeout 1500ms --health-start-period 2s --health-retries 2 \
  hardock-test/busybox:1 sleep 1000 >/dev/null

for name in full minimal web privileged tuned; do
  dk inspect "h-rs-fx-$name" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)[0], indent=2))' \
    >"$out/$name.json"
done
say "recorded full, minimal, web, privileged and tuned in $out"
