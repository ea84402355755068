#!/usr/bin/env bash
# Records the Engine API answers that engine_answer_fuzz starts from (tests/data/docker/answers/):
# on a private engine, one container with a `docker exec --privileged` and a `docker exec -u root`
# session on its own network, then its list entry, the network list, /info, /version, /top and
# both exec inspects; then removes what it made.
# Usage: tests/data/docker/record-answers.sh HOST   (a private engine's unix:// address, e.g.
#   from scripts/engine.sh start NAME; never the machine's default engine)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../../scripts/lib.sh
source "$here/../../../scripts/lib.sh"
[[ $# -eq 1 ]] || die "usage: $0 HOST"
DK_HOST=$(engine_host "$1")
sock=$(engine_socket_path "$DK_HOST")
[[ -n $sock && $sock != /var/run/docker.sock && $sock != /run/docker.sock ]] ||
  die "give a private engine's unix:// address"
"$here/../../../scripts/make-images.sh" "$DK_HOST" >/dev/null

name=hardock-rec
cleanup() {
  dk rm -f "$name" >/dev/null 2>&1 || true
  dk network rm "$name-net" >/dev/null 2>&1 || true
}
trap cleanup EXIT
cleanup
dk network create --label hardock.sensitivity=internal "$name-net" >/dev/null
dk run -d --name "$name" --network "$name-net" --label hardock.sensitivity=internal \
  hardock-test/busybox:1 sleep infinity >/dev/null
dk exec -d --privileged "$name" sleep infinity
dk exec -d -u root "$name" sleep infinity

out="$here/answers"
mkdir -p "$out"
api() { curl -sf --unix-socket "$sock" "http://localhost/v1.41$1" | jq -S . >"$out/$2"; }
filter() { jq -rn --arg v "$1" '{name: [$v]} | tojson | @uri'; }
api "/containers/json?all=1&filters=$(filter "$name")" containers-list.json
api "/networks?filters=$(filter "$name-net")" networks-list.json
api /info info.json
api /version version.json
api "/containers/$name/top?ps_args=-eo%20uid%2Cpid%2Cargs" top.json
index=0
for id in $(dk inspect --format '{{range .ExecIDs}}{{.}} {{end}}' "$name"); do
  index=$((index + 1))
  api "/exec/$id/json" "exec-$index.json"
done
say "recorded $(find "$out" -name '*.json' | wc -l) answers in $out"
