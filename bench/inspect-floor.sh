#!/usr/bin/env bash
# The "inspect floor": the least time any collector can spend reading every container, measured
# with ONE curl process: GET /containers/json?all=1, then GET /containers/{id}/json for each
# container, all over one reused connection. Prints containers, connections opened, and times.
# Usage: bench/inspect-floor.sh HOST   (unix:// engines only)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib.sh
source "$here/../scripts/lib.sh"
[[ $# -eq 1 ]] || die "usage: $0 HOST"
host=$(engine_host "$1")
sock=$(engine_socket_path "$host")
[[ -n $sock ]] || die "only unix:// engines are supported"
api=${DOCKER_API_VERSION:-1.41}

work=$(mktemp -d /tmp/hardock-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
now_ns() { date +%s%N; }

# The ids must be known before curl starts, so an untimed first GET of the list finds them; the
# timed curl then repeats the list request and inspects every container, in that order, over
# one connection (curl reuses it across the URLs of one invocation; num_connects shows it).
curl -sf --unix-socket "$sock" "http://localhost/v$api/containers/json?all=1" >"$work/list.json"
mapfile -t ids < <(jq -r '.[].Id' "$work/list.json")
{
  printf 'url = "http://localhost/v%s/containers/json?all=1"\noutput = "/dev/null"\n' "$api"
  for id in "${ids[@]}"; do
    printf 'url = "http://localhost/v%s/containers/%s/json"\noutput = "/dev/null"\n' "$api" "$id"
  done
} >"$work/urls.conf"

start=$(now_ns)
curl -sf --unix-socket "$sock" -K "$work/urls.conf" -w '%{num_connects}\n' >"$work/connects"
end=$(now_ns)

connections=$(awk '{s += $1} END {print s}' "$work/connects")
requests=$(wc -l <"$work/connects")
elapsed_ms=$(((end - start) / 1000000))
per_ms=$(awk -v t="$elapsed_ms" -v n="${#ids[@]}" 'BEGIN {printf "%.2f", n ? t / n : 0}')
printf 'inspect-floor: containers=%d requests=%d connections=%d total_ms=%d per_container_ms=%s\n' \
  "${#ids[@]}" "$requests" "$connections" "$elapsed_ms" "$per_ms"
