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
"$hardock" authz serve --socket "$work/plugin.sock" --host unix:///nonexistent.sock \
  --log "$work/decisions.jsonl" 2>"$work/plugin.err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
until [[ -S $work/plugin.sock ]]; do sleep 0.1; done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$repo/bench/authz_load.py" "$work/plugin.sock" "$requests" "$clients"
echo "decisions logged: $(wc -l <"$work/decisions.jsonl")"
