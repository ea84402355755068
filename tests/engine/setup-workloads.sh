#!/usr/bin/env bash
# Creates the containers and networks that hardock's real-engine integration tests audit: one
# container per container/network check, made to trip it (t-<what>), plus t-hardened, which
# should trip none of them. Every object carries the label hardock.test=1 (see teardown.sh).
#
# Usage: tests/engine/setup-workloads.sh HOST   (a private engine, e.g. from scripts/engine.sh)
# Idempotent: removes what an earlier run left, then recreates. Prints one summary line; exits
# non-zero when a container that should run does not.
#
# Host ports used (all distinct from the demo's 80 and 18090):
#   t-privport 127.0.0.1:81->8080   t-allif 0.0.0.0:8081->8080
#   t-notexposed 127.0.0.1:9090->9090 (image exposes nothing)   t-hardened 127.0.0.1:18080->8080
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../scripts/lib.sh
source "$here/../../scripts/lib.sh"
[[ $# -eq 1 ]] || die "usage: $0 HOST"
DK_HOST=$(engine_host "$1")
sock=$(engine_socket_path "$DK_HOST")
[[ $DK_HOST != unix:///var/run/docker.sock && $sock != /run/docker.sock ]] ||
  die "refusing to create test workloads on the machine's default engine"

"$HARDOCK_ROOT/scripts/make-images.sh" "$DK_HOST"
"$here/teardown.sh" "$DK_HOST"

base=hardock-test/busybox:1
web=hardock-test/web:1
test_label=(--label hardock.test=1)
sleeper=(sleep infinity)

run() {
  local name=$1
  shift
  dk run -d --name "$name" "${test_label[@]}" "$@" >/dev/null
}

# Container checks.
run t-privileged --privileged "$base" "${sleeper[@]}"
run t-capadd --cap-add SYS_ADMIN "$base" "${sleeper[@]}"
run t-sensitive-mount -v /etc:/host-etc "$base" "${sleeper[@]}"
run t-hostnet --network host "$base" "${sleeper[@]}"
run t-hostpid --pid host "$base" "${sleeper[@]}"
run t-hostipc --ipc host "$base" "${sleeper[@]}"
run t-hostuts --uts host "$base" "${sleeper[@]}"
run t-device --device /dev/zero:/dev/xzero "$base" "${sleeper[@]}"
run t-seccomp-unconfined --security-opt seccomp=unconfined "$base" "${sleeper[@]}"
run t-root "$base" "${sleeper[@]}"
run t-sshd hardock-test/sshd:1
run t-exec "$base" "${sleeper[@]}"
# Two long-running exec sessions for CIS 5.23 (--privileged) and 5.24 (--user root).
dk exec -d --privileged t-exec sleep infinity
dk exec -d -u root t-exec sleep infinity
run t-restart-always --restart always "$base" "${sleeper[@]}"
run t-default-bridge --network bridge "$base" "${sleeper[@]}"

skipped=()
if [[ -n $sock ]]; then
  # The private engine's own socket, never the machine's /var/run/docker.sock.
  run t-docker-sock -v "$sock:/var/run/docker.sock" "$base" "${sleeper[@]}"
  # rshared needs a shared mount as source: a bind mount of a directory onto itself.
  shared="$(dirname "$sock")/shared"
  mkdir -p "$shared"
  mountpoint -q "$shared" || mount --bind "$shared" "$shared"
  mount --make-shared "$shared"
  run t-propagation --mount "type=bind,source=$shared,target=/shared,bind-propagation=rshared" \
    "$base" "${sleeper[@]}"
else
  skipped+=(t-docker-sock t-propagation)
fi

# Ports.
run t-privport -p 127.0.0.1:81:8080 "$web"
run t-allif -p 8081:8080 "$web"
run t-notexposed -p 127.0.0.1:9090:9090 "$base" httpd -f -p 9090 -h /www

# Networks: a public one, a restricted one that is not internal, a container on both.
dk network create "${test_label[@]}" --label hardock.sensitivity=public t-public >/dev/null
dk network create "${test_label[@]}" --label hardock.sensitivity=restricted t-restricted >/dev/null
run t-public-web --network t-public --label hardock.sensitivity=public "$web"
run t-restricted-db --network t-restricted --label hardock.sensitivity=restricted "$base" "${sleeper[@]}"
run t-bridger --network t-public --label hardock.sensitivity=restricted "$base" "${sleeper[@]}"
dk network connect t-restricted t-bridger
run t-unlabelled --network t-public "$base" "${sleeper[@]}"
if [[ $(dk info --format '{{.Swarm.LocalNodeState}}') == active ]]; then
  dk network create "${test_label[@]}" --driver overlay --label hardock.sensitivity=internal t-overlay >/dev/null
else
  skipped+=(t-overlay)
fi

# A restricted network done right: internal (no route out), so the not-internal check passes.
dk network create "${test_label[@]}" --label hardock.sensitivity=restricted --internal t-vault >/dev/null

# The hardened container: should pass every container and network check. Labelled public, the
# lowest level, because a published port needs a non-internal network and any higher level on a
# non-internal network is itself a finding. A 60 s health interval keeps health-probe exec
# sessions out of snapshots taken right after setup.
dk network create "${test_label[@]}" --label hardock.sensitivity=public \
  -o com.docker.network.bridge.enable_icc=false t-hardened-net >/dev/null
run t-hardened --network t-hardened-net --label hardock.sensitivity=public \
  --cap-drop ALL --security-opt no-new-privileges --read-only --tmpfs /tmp \
  --user 1000:1000 --memory 64m --cpus 0.5 --cpu-shares 512 --pids-limit 64 \
  --health-cmd 'wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1' --health-interval 60s \
  --restart on-failure:5 -p 127.0.0.1:18080:8080 "$web"

not_running=$(dk ps -a --filter label=hardock.test=1 --filter status=created --filter status=exited \
  --filter status=dead --format '{{.Names}}' | sort | tr '\n' ' ')
total=$(dk ps -a -q --filter label=hardock.test=1 | wc -l)
summary="setup-workloads: $total containers on $DK_HOST"
[[ ${#skipped[@]} -eq 0 ]] || summary+="; skipped: ${skipped[*]}"
say "$summary"
[[ -z $not_running ]] || die "not running: $not_running"
