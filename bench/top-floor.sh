#!/usr/bin/env bash
# The "top floor": GET /containers/{id}/top for every running container, 8 requests in flight at
# a time (8 curl processes, each reusing its own connection for its share of containers).
# /top makes dockerd run ps on the host for each container, so it dominates a process audit.
# Usage: bench/top-floor.sh HOST [PARALLEL]   (unix:// engines only; PARALLEL default 8)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib.sh
source "$here/../scripts/lib.sh"
[[ $# -ge 1 && $# -le 2 ]] || die "usage: $0 HOST [PARALLEL]"
host=$(engine_host "$1")
sock=$(engine_socket_path "$host")
[[ -n $sock ]] || die "only unix:// engines are supported"
parallel=${2:-8}
api=${DOCKER_API_VERSION:-1.41}

work=$(mktemp -d /tmp/hardock-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
now_ns() { date +%s%N; }

curl -sf --unix-socket "$sock" "http://localhost/v$api/containers/json" >"$work/list.json"
mapfile -t ids < <(jq -r '.[].Id' "$work/list.json")
for ((slot = 0; slot < parallel; slot++)); do : >"$work/urls.$slot"; done
for index in "${!ids[@]}"; do
  printf 'url = "http://localhost/v%s/containers/%s/top"\noutput = "/dev/null"\n' "$api" "${ids[index]}" \
    >>"$work/urls.$((index % parallel))"
done

start=$(now_ns)
pids=()
for ((slot = 0; slot < parallel; slot++)); do
  [[ -s $work/urls.$slot ]] || continue
  curl -s --unix-socket "$sock" -K "$work/urls.$slot" -w '%{http_code}\n' >"$work/codes.$slot" &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
end=$(now_ns)

failed=$(cat "$work"/codes.* 2>/dev/null | grep -vc '^200$' || true)
elapsed_ms=$(((end - start) / 1000000))
per_ms=$(awk -v t="$elapsed_ms" -v n="${#ids[@]}" 'BEGIN {printf "%.2f", n ? t / n : 0}')
printf 'top-floor: running=%d parallel=%d failed=%d total_ms=%d per_container_ms=%s\n' \
  "${#ids[@]}" "$parallel" "$failed" "$elapsed_ms" "$per_ms"
exit "$status"
