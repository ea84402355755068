#!/usr/bin/env bash
# hardock's hardening benchmark (docs/benchmarks.md), on a private engine ("benchhd"):
#   1. the risky scenario of tests/engine/harden_apply_test.cpp, per level: failing findings on
#      its two containers before and after `harden --apply` (then rolled back);
#   2. N sleeping containers (bench/make-containers.sh): how long the plan takes (median of RUNS,
#      default 3) and how long --apply takes to recreate all N (once; --grace 1 --stop-timeout 1),
#      then --prune.
# Usage: bench/harden.sh [N]   (default 100). Leaves the engine running; stop it with
#   scripts/engine.sh purge benchhd
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib.sh
source "$here/../scripts/lib.sh"
count=${1:-100}
runs=${RUNS:-3}
hardock=${HARDOCK:-$HARDOCK_ROOT/build/hardock}
[[ -x $hardock ]] || die "build hardock first (scripts/build.sh)"
command -v jq >/dev/null || die "jq is needed"

host=$("$HARDOCK_ROOT/scripts/engine.sh" start benchhd | tail -1)
export DOCKER_HOST=$host
"$HARDOCK_ROOT/scripts/make-images.sh" "$host" >/dev/null
work=$(mktemp -d /tmp/hardock-bench-harden.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Failing findings on the scenario's containers (not the stopped old ones --apply keeps), from the
# audit's JSON report.
scenario_findings() {
  "$hardock" audit --no-host -f json |
    jq '[.findings[] | select(.status == "fail" and (.target.name | startswith("sc-")) and
      (.target.name | contains(".hardock-old.") | not))] | length'
}

scenario_down() {
  docker ps -aq --filter name=sc- | xargs -r docker rm -f >/dev/null
  for network in sc-net hardock-public hardock-restricted; do
    docker network rm "$network" >/dev/null 2>&1 || true
  done
  docker volume ls -q | { grep -E '^(sc-|hardock-)' || true; } | xargs -r docker volume rm -f >/dev/null
}

scenario_up() {
  scenario_down
  docker network create sc-net >/dev/null
  docker run -d --name sc-web --label hardock.sensitivity=public --privileged --cap-add NET_ADMIN \
    --user 0 --network sc-net -p 0.0.0.0:18150:8080 -p 127.0.0.1:84:8080 hardock-test/web:1 >/dev/null
  docker run -d --name sc-db --label hardock.sensitivity=restricted --network sc-net \
    -v sc-data:/data hardock-test/busybox:1 sleep infinity >/dev/null
  docker exec sc-db sh -c 'echo v > /data/f && mkdir -p /var/lib/app && echo l > /var/lib/app/s'
}

echo "| level | findings before | findings after | fixed |"
echo "|---|---|---|---|"
for level in baseline strict; do
  scenario_up
  before=$(scenario_findings)
  "$hardock" harden --no-host --level "$level" -o "$work/scenario-$level" --state-dir "$work/state" \
    --apply --keep-changes --containers sc-web,sc-db --grace 2 --stop-timeout 1 >/dev/null
  after=$(scenario_findings)
  echo "| $level | $before | $after | $((before - after)) |"
  "$hardock" harden --rollback --state-dir "$work/state" >/dev/null
  scenario_down
done

"$here/make-containers.sh" "$host" "$count" >/dev/null
now_ms() { date +%s%3N; }
times=()
for ((run = 1; run <= runs; run++)); do
  start=$(now_ms)
  "$hardock" harden --no-host --force -o "$work/plan" --state-dir "$work/state" >/dev/null
  times+=($(($(now_ms) - start)))
done
plan_ms=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
names=$(docker ps --filter label=hardock.bench=1 --format '{{.Names}}' | paste -sd, -)
start=$(now_ms)
"$hardock" harden --no-host --force -o "$work/plan" --state-dir "$work/state" --apply \
  --containers "$names" --grace 1 --stop-timeout 1 >"$work/apply.log"
apply_ms=$(($(now_ms) - start))
replaced=$(grep -c 'recreated hardened' "$work/apply.log" || true)
"$hardock" harden --prune --state-dir "$work/state" >/dev/null
echo ""
echo "| containers | plan (median of $runs) | apply (all recreated) | recreated |"
echo "|---|---|---|---|"
echo "| $count | ${plan_ms} ms | ${apply_ms} ms | $replaced |"
