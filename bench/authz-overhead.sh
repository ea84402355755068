#!/usr/bin/env bash
# The authorization plugin's overhead on a real engine: bench/authz_engine_load.py runs the same
# REQUESTS API calls from CLIENTS keep-alive connections against a private dockerd started
# without a plugin, then with `--authorization-plugin` and hardock authz serving (decisions
# logged to a file and recorded in a SQLite store of the run's own, as deployed).
#
#   bench/authz-overhead.sh [REQUESTS] [CLIENTS]     # HARDOCK=build-release/hardock by default
#
# Needs root, dockerd and busybox-static; the engine (scripts/engine.sh, name "authzb") and the
# plugin are this script's, stopped by pid.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source-path=SCRIPTDIR/../scripts
source "$repo/scripts/lib.sh"
hardock=$(realpath "${HARDOCK:-$repo/build-release/hardock}")
requests=${1:-10000}
clients=${2:-8}
engine=authzb
name="hardock-bench-$$"
work=$(mktemp -d /tmp/hardock-authz-overhead.XXXXXX)
plugin_pid=""
cleanup() {
  set +e
  [[ -n $plugin_pid ]] && kill "$plugin_pid" 2>/dev/null && wait "$plugin_pid" 2>/dev/null
  "$repo/scripts/engine.sh" purge "$engine" >/dev/null 2>&1
  rm -f "/run/docker/plugins/$name.sock"
  rm -rf "$work"
}
trap cleanup EXIT
root=${HARDOCK_ENGINE_ROOT:-/run/hardock}
socket=$root/$engine/docker.sock
export DOCKER_HOST=unix://$socket DOCKER_CONTEXT=''

"$repo/scripts/engine.sh" purge "$engine" >/dev/null 2>&1 || true
"$repo/scripts/engine.sh" start "$engine" >/dev/null
mkdir -p "$work/rootfs/bin"
cp "$(command -v busybox)" "$work/rootfs/bin/busybox"
ln -s busybox "$work/rootfs/bin/true"
tar -C "$work/rootfs" -c . | docker import - hardock-bench/busybox:1 >/dev/null

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "without a plugin:"
python3 "$repo/bench/authz_engine_load.py" "$socket" hardock-bench/busybox:1 "$requests" "$clients"

"$repo/scripts/engine.sh" stop "$engine" >/dev/null
HARDOCK_STORE=$work/store.db "$hardock" authz serve --name "$name" --log "$work/decisions.jsonl" \
  --host "unix://$socket" 2>"$work/plugin.err" &
plugin_pid=$!
until [[ -S /run/docker/plugins/$name.sock ]]; do sleep 0.1; done
HARDOCK_DOCKERD_ARGS="--authorization-plugin=$name" "$repo/scripts/engine.sh" start "$engine" >/dev/null
echo "with hardock authz:"
python3 "$repo/bench/authz_engine_load.py" "$socket" hardock-bench/busybox:1 "$requests" "$clients"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# CPU the plugin spent over the whole run (utime + stime, clock ticks), per request.
read -r -a stat <"/proc/$plugin_pid/stat"
ticks=$((stat[13] + stat[14]))
hz=$(getconf CLK_TCK)
echo "plugin CPU: $(awk -v t="$ticks" -v hz="$hz" -v n="$requests" \
  'BEGIN { printf "%.2f s, %.0f us per request", t / hz, t / hz / n * 1e6 }')"
kill "$plugin_pid"
wait "$plugin_pid" || true
plugin_pid=""
echo "decisions logged: $(wc -l <"$work/decisions.jsonl"); recorded: $(HARDOCK_STORE=$work/store.db "$hardock" history --events -f json | jq length)"
