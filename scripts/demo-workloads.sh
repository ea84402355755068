#!/usr/bin/env bash
# The demo's sample estate on a private engine: a few well-known mistakes next to one hardened
# service, spread over networks labelled with hardock.sensitivity.
#
#   demo-legacy-admin  --privileged
#   demo-ci-runner     the engine's socket bind-mounted at /var/run/docker.sock
#   demo-web           port 80 published on all interfaces; sensitivity public, demo-frontend
#   demo-sshd          an sshd process inside the container
#   demo-db            sensitivity restricted, on demo-backend (restricted but not internal)
#   demo-gateway       on demo-frontend and demo-backend: bridges public and restricted
#   demo-secrets       sensitivity restricted, on demo-vault (restricted and internal: done right)
#   demo-api           hardened: cap-drop ALL, no-new-privileges, read-only, user 1000, limits,
#                      healthcheck, restart on-failure:5, own network demo-api-net (icc off),
#                      port on 127.0.0.1:18090; sensitivity public, so the network need not be
#                      internal (a published port needs a non-internal network)
#
# Usage: scripts/demo-workloads.sh HOST. Idempotent: removes and recreates its own demo-*
# containers and networks (label hardock.demo=1) and nothing else.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
source "$(dirname "$0")/lib.sh"
[[ $# -eq 1 ]] || die "usage: $0 HOST"
DK_HOST=$(engine_host "$1")
sock=$(engine_socket_path "$DK_HOST")
[[ -n $sock ]] || die "the demo needs a private engine on a unix socket"
[[ $sock != /var/run/docker.sock && $sock != /run/docker.sock ]] ||
  die "refusing to create demo workloads on the machine's default engine"

"$HARDOCK_ROOT/scripts/make-images.sh" "$DK_HOST"

mapfile -t old < <(dk ps -a -q --filter label=hardock.demo=1)
[[ ${#old[@]} -eq 0 ]] || dk rm -f -v "${old[@]}" >/dev/null
mapfile -t old < <(dk network ls -q --filter label=hardock.demo=1)
[[ ${#old[@]} -eq 0 ]] || dk network rm "${old[@]}" >/dev/null

base=hardock-test/busybox:1
web=hardock-test/web:1
run() {
  local name=$1
  shift
  dk run -d --name "$name" --label hardock.demo=1 "$@" >/dev/null
}
network() {
  local name=$1
  shift
  dk network create --label hardock.demo=1 "$@" "$name" >/dev/null
}

network demo-frontend --label hardock.sensitivity=public
network demo-backend --label hardock.sensitivity=restricted
network demo-api-net --label hardock.sensitivity=public -o com.docker.network.bridge.enable_icc=false
network demo-vault --label hardock.sensitivity=restricted --internal

run demo-legacy-admin --privileged "$base" sleep infinity
run demo-ci-runner -v "$sock:/var/run/docker.sock" "$base" sleep infinity
run demo-web --network demo-frontend --label hardock.sensitivity=public -p 80:8080 "$web"
run demo-sshd hardock-test/sshd:1
run demo-db --network demo-backend --label hardock.sensitivity=restricted "$base" sleep infinity
run demo-secrets --network demo-vault --label hardock.sensitivity=restricted "$base" sleep infinity
run demo-gateway --network demo-frontend --label hardock.sensitivity=public "$base" sleep infinity
dk network connect demo-backend demo-gateway
run demo-api --network demo-api-net --label hardock.sensitivity=public \
  --cap-drop ALL --security-opt no-new-privileges --read-only --tmpfs /tmp \
  --user 1000:1000 --memory 64m --cpus 0.5 --cpu-shares 512 --pids-limit 64 \
  --health-cmd 'wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1' --health-interval 30s \
  --restart on-failure:5 -p 127.0.0.1:18090:8080 "$web"

say "demo-workloads: $(dk ps -q --filter label=hardock.demo=1 | wc -l) demo containers running on $DK_HOST"
