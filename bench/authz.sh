#!/usr/bin/env bash
# Decision time of hardock's authorization plugin: the plugin on a private socket, then
# bench/authz_load.py sends REQUESTS AuthZReq calls from CLIENTS concurrent keep-alive
# connections (as dockerd does) and prints p50/p99/max of the round trip per decision.
#
#   bench/authz.sh [REQUESTS] [CLIENTS]      # HARDOCK=build-release/hardock by default
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
hardock=${HARDOCK:-$repo/build-release/hardock}
requests=${1:-10000}
clients=${2:-8}
work=$(mktemp -d /tmp/hardock-authz-bench.XXXXXX)
# Decisions are recorded as deployed, in a store of the run's own (never the machine's default).
"$hardock" authz serve --socket "$work/plugin.sock" --host unix:///nonexistent.sock \
  --log "$work/decisions.jsonl" --store "$work/store.db" 2>"$work/plugin.err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
until [[ -S $work/plugin.sock ]]; do sleep 0.1; done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$repo/bench/authz_load.py" "$work/plugin.sock" "$requests" "$clients"
kill "$pid"
wait "$pid" 2>/dev/null || true
# The decision's own time, inside the plugin (decide_us of each logged decision).
jq -s -r '[.[].decide_us] | sort | "decision time inside the plugin (\(length) judged): p50 \(.[length / 2 | floor]) us  p99 \(.[length * 99 / 100 | floor]) us  max \(.[-1]) us"' "$work/decisions.jsonl"
echo "decisions logged: $(wc -l <"$work/decisions.jsonl"); recorded: $("$hardock" history --events --store "$work/store.db" -f json | jq length)"
