#!/usr/bin/env bash
# `hardock watch` on a private dockerd (scripts/engine.sh, engine "watchbench"), three measures:
#
#   bench/watch.sh throughput [SECONDS] [CLIENTS] [CONTAINER_EVERY] [volume|exec]
#       bench/watch_load.py makes volume create/remove events (or, with `exec`, exec sessions
#       created in a running container, one in ten privileged: each is read and judged by watch)
#       from CLIENTS keep-alive clients, and every CONTAINER_EVERY-th operation a privileged
#       container created and removed (the create is judged: alerts). Prints the CPU used by
#       watch, dockerd and the load generator. Prints the rate the engine reached, the events watch handled, and the
#       event-to-alert latency (bench/watch_stamp.py: the alert's arrival on a FIFO minus the
#       event's timeNano) p50/p99/max.
#   bench/watch.sh soak [SECONDS] [RATE] [volume|exec]   (CONTAINER_EVERY=20 by default)
#       the same load capped at RATE operations/s for SECONDS (default 600); watch's RSS sampled
#       every 10 s (/proc/PID/status VmRSS), printed as a curve.
#   bench/watch.sh scan [CONTAINERS] [SECONDS]
#       CONTAINERS running containers, no events, --process-interval 1 for SECONDS: CPU time of
#       watch and of dockerd per scan and per container (/proc/PID/stat utime+stime).
#
# HARDOCK=build/hardock by default. Needs root and dockerd; the engine is purged on exit.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
hardock=$(realpath "${HARDOCK:-$repo/build/hardock}")
mode=${1:-throughput}
shift || true
work=$(mktemp -d /tmp/hardock-watch-bench.XXXXXX)
engine=watchbench
image="hardock-bench/busybox:1"
watch_pid=""
stamp_pid=""
load_pid=""
cleanup() {
  set +e
  [[ -n $load_pid ]] && kill "$load_pid" 2>/dev/null && wait "$load_pid" 2>/dev/null
  [[ -n $watch_pid ]] && kill "$watch_pid" 2>/dev/null && wait "$watch_pid" 2>/dev/null
  [[ -n $stamp_pid ]] && kill "$stamp_pid" 2>/dev/null && wait "$stamp_pid" 2>/dev/null
  "$repo/scripts/engine.sh" purge "$engine" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

"$repo/scripts/engine.sh" purge "$engine" >/dev/null 2>&1 || true
host=$("$repo/scripts/engine.sh" start "$engine")
export DOCKER_HOST=$host DOCKER_CONTEXT=''
socket=${host#unix://}
engine_pid=$(<"$(dirname "$socket")/dockerd.pid")
mkdir -p "$work/rootfs/bin"
cp "$(command -v busybox)" "$work/rootfs/bin/busybox"
ln -s busybox "$work/rootfs/bin/sleep"
tar -C "$work/rootfs" -c . | docker import - "$image" >/dev/null

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

start_watch() {  # start_watch ARGS...: alerts through a FIFO into watch_stamp.py
  mkfifo "$work/alerts.fifo"
  python3 "$repo/bench/watch_stamp.py" <"$work/alerts.fifo" >"$work/latency.json" &
  stamp_pid=$!
  "$hardock" watch --host "$host" --no-store -o "$work/alerts.fifo" "$@" 2>"$work/watch.err" &
  watch_pid=$!
  until grep -q following "$work/watch.err" 2>/dev/null; do sleep 0.1; done
  sleep 0.5
}

stop_watch() {
  kill -TERM "$watch_pid"
  wait "$watch_pid" || true
  watch_pid=""
  wait "$stamp_pid" || true
  stamp_pid=""
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
case $mode in
  throughput)
    seconds=${1:-30} clients=${2:-16} every=${3:-20} kind=${4:-volume}
    target=""
    if [[ $kind == exec ]]; then
      target=bench-exec-target
      docker run -d --name "$target" --user 1000 "$image" sleep 100000 >/dev/null
    fi
    start_watch --process-interval 0
    watch_before=$(cpu_ticks "$watch_pid") engine_before=$(cpu_ticks "$engine_pid")
    /usr/bin/time -f "%U %S" -o "$work/load.cpu" \
      python3 "$repo/bench/watch_load.py" "$socket" "$seconds" "$clients" "$every" "$image" "${RATE:-0}" \
      "$kind" "$target" >"$work/load.json"
    sleep 3  # let watch drain what is queued
    watch_after=$(cpu_ticks "$watch_pid") engine_after=$(cpu_ticks "$engine_pid")
    stop_watch
    hz=$(getconf CLK_TCK)
    awk -v w=$((watch_after - watch_before)) -v e=$((engine_after - engine_before)) -v hz="$hz" \
      -v s="$seconds" -v load="$(<"$work/load.cpu")" 'BEGIN {
        split(load, l, " ")
        printf "CPU over the run: watch %.2f s, dockerd %.2f s, load generator %.2f s (%d s run)\n",
          w/hz, e/hz, l[1] + l[2], s
      }'
    echo "load:    $(<"$work/load.json")"
    echo "watch:   $(grep stopped "$work/watch.err")"
    echo "gone:    $(grep -c 'could not be read' "$work/watch.err" || true) objects removed before watch read them"
    echo "latency: $(<"$work/latency.json")"
    ;;
  soak)
    seconds=${1:-600} rate=${2:-200} kind=${3:-volume} every=${CONTAINER_EVERY:-20}
    target=""
    if [[ $kind == exec ]]; then
      target=bench-exec-target
      docker run -d --name "$target" --user 1000 "$image" sleep 100000 >/dev/null
    fi
    start_watch --process-interval 0
    python3 "$repo/bench/watch_load.py" "$socket" "$seconds" 8 "$every" "$image" "$rate" \
      "$kind" "$target" >"$work/load.json" &
    load_pid=$!
    start=$SECONDS
    echo "seconds rss_kib"
    while kill -0 "$load_pid" 2>/dev/null; do
      echo "$((SECONDS - start)) $(rss_kib "$watch_pid")"
      sleep 10
    done
    wait "$load_pid"
    echo "$((SECONDS - start)) $(rss_kib "$watch_pid") (load ended)"
    stop_watch
    echo "load:    $(<"$work/load.json")"
    echo "watch:   $(grep stopped "$work/watch.err")"
    echo "latency: $(<"$work/latency.json")"
    ;;
  scan)
    containers=${1:-20} seconds=${2:-30}
    for i in $(seq "$containers"); do
      docker run -d --name "scan-$i" "$image" sleep 100000 >/dev/null
    done
    start_watch --process-interval 1
    sleep 2  # the first scan learns the processes
    watch_before=$(cpu_ticks "$watch_pid") engine_before=$(cpu_ticks "$engine_pid")
    sleep "$seconds"
    watch_after=$(cpu_ticks "$watch_pid") engine_after=$(cpu_ticks "$engine_pid")
    stop_watch
    hz=$(getconf CLK_TCK)
    awk -v w=$((watch_after - watch_before)) -v e=$((engine_after - engine_before)) -v hz="$hz" \
      -v n="$containers" -v s="$seconds" 'BEGIN {
        printf "%d containers, %d scans (1 s apart)\n", n, s
        printf "watch:   %.1f ms CPU per scan, %.2f ms per container\n", 1000*w/hz/s, 1000*w/hz/s/n
        printf "dockerd: %.1f ms CPU per scan, %.2f ms per container\n", 1000*e/hz/s, 1000*e/hz/s/n
      }'
    ;;
  *) echo "usage: bench/watch.sh throughput|soak|scan [...]" >&2; exit 2 ;;
esac
