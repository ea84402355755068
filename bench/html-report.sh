#!/usr/bin/env bash
# The HTML report at fleet scale (docs/benchmarks.md, "HTML report"): `hardock audit --from` on
# generated snapshots of N containers (bench/make-snapshot.py) with -f html, against -f json of
# the same snapshot (the audit without the page), median of RUNS runs (default 5); prints the
# report's size. Target (issue 13): 10,000 containers under 2 s and under 5 MB.
#
# Usage: bench/html-report.sh [N ...]   (default: 228 10000)
#   RUNS=5, HARDOCK=build/hardock, SNAPSHOTS=DIR (default build/bench-scale)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib.sh
source "$here/../scripts/lib.sh"
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(228 10000)
runs=${RUNS:-5}
hardock=${HARDOCK:-$HARDOCK_ROOT/build/hardock}
snapshots=${SNAPSHOTS:-$HARDOCK_ROOT/build/bench-scale}
[[ -x $hardock ]] || die "build hardock first (scripts/build.sh)"
mkdir -p "$snapshots"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
# Milliseconds of one run of the command.
elapsed_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

echo "| containers | findings | html (median of $runs) | json (median of $runs) | html size | json size |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  snapshot="$snapshots/snapshot-$n.json"
  [[ -s $snapshot ]] || python3 "$here/make-snapshot.py" "$n" "$snapshot"
  html_times=()
  json_times=()
  for _ in $(seq "$runs"); do
    html_times+=("$(elapsed_ms "$hardock" audit --no-store --from "$snapshot" -f html -o "$out/r.html")")
    json_times+=("$(elapsed_ms "$hardock" audit --no-store --from "$snapshot" -f json -o "$out/r.json")")
  done
  html_ms=$(printf '%s\n' "${html_times[@]}" | median)
  json_ms=$(printf '%s\n' "${json_times[@]}" | median)
  findings=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["findings"])' "$out/r.json")
  printf '| %s | %s | %d.%02d s | %d.%02d s | %s | %s |\n' "$n" "$findings" \
    $((html_ms / 1000)) $((html_ms % 1000 / 10)) $((json_ms / 1000)) $((json_ms % 1000 / 10)) \
    "$(numfmt --to=si --suffix=B "$(stat -c %s "$out/r.html")")" \
    "$(numfmt --to=si --suffix=B "$(stat -c %s "$out/r.json")")"
done
