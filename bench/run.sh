#!/usr/bin/env bash
# hardock's collection benchmark (docs/benchmarks.md): for each N, N running containers on a
# private engine ("bench"), then
#   inspect floor  one curl process: /containers/json + every /containers/{id}/json, one connection
#   top floor      /containers/{id}/top for every container, 8 in flight
#   local          hardock audit over the unix socket (processes read from /proc)
#   remote         hardock audit over tcp://127.0.0.1 (socat to the socket: processes via /top)
# Times are the median of RUNS runs (default 5; 3 for the /top paths); memory is the peak RSS of
# hardock (GNU time). Prints a Markdown table.
# Usage: bench/run.sh [N ...]   (default: 100 500). Leaves the engine running; stop it with
#   scripts/engine.sh purge bench   (BENCH_ENGINE names another engine)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib.sh
source "$here/../scripts/lib.sh"
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(100 500)
runs=${RUNS:-5}
hardock=${HARDOCK:-$HARDOCK_ROOT/build/hardock}
[[ -x $hardock ]] || die "build hardock first (scripts/build.sh)"
command -v socat >/dev/null || die "socat is needed for the remote measurement"

host=$("$HARDOCK_ROOT/scripts/engine.sh" start "${BENCH_ENGINE:-bench}" | tail -1)
sock=$(engine_socket_path "$host")
"$HARDOCK_ROOT/scripts/make-images.sh" "$host" >/dev/null
port=23750
socat TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork "UNIX-CONNECT:$sock" &
socat_pid=$!
trap 'kill $socat_pid 2>/dev/null || true' EXIT
sleep 0.5

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# hardock audit once: prints "elapsed_ms peak_kb".
time_hardock() {
  local target=$1 out
  out=$( { /usr/bin/time -f '%e %M' "$hardock" audit -H "$target" -f json -o /dev/null; } 2>&1 >/dev/null | tail -1)
  awk '{printf "%d %d\n", $1 * 1000, $2}' <<<"$out"
}

measure_hardock() {  # target runs -> "median_ms max_peak_kb"
  local target=$1 n=$2 times=() peak=0 t kb
  for ((i = 0; i < n; i++)); do
    read -r t kb < <(time_hardock "$target")
    times+=("$t")
    ((kb > peak)) && peak=$kb
  done
  printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | median)" "$peak"
}

floor() {  # script runs -> median total_ms
  local script=$1 n=$2 values=()
  for ((i = 0; i < n; i++)); do
    values+=("$("$here/$script" "$host" | sed -n 's/.*total_ms=\([0-9]*\).*/\1/p')")
  done
  printf '%s\n' "${values[@]}" | median
}

echo "| N | inspect floor | hardock local | local / floor | /top floor (8 parallel) | hardock remote | remote / floor | peak RSS local | peak RSS remote |"
echo "|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  "$here/make-containers.sh" "$host" "$n" >/dev/null
  inspect=$(floor inspect-floor.sh "$runs")
  read -r local_ms local_kb < <(measure_hardock "$host" "$runs")
  top=$(floor top-floor.sh 3)
  read -r remote_ms remote_kb < <(measure_hardock "tcp://127.0.0.1:$port" 3)
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f×", b ? a / b : 0}'; }
  printf '| %d | %d ms | %d ms | %s | %d ms | %d ms | %s | %.1f MB | %.1f MB |\n' \
    "$n" "$inspect" "$local_ms" "$(ratio "$local_ms" "$inspect")" "$top" "$remote_ms" \
    "$(ratio "$remote_ms" "$top")" "$(awk -v k="$local_kb" 'BEGIN {print k / 1024}')" \
    "$(awk -v k="$remote_kb" 'BEGIN {print k / 1024}')"
done
