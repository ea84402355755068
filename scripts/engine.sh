#!/usr/bin/env bash
# Private Docker engines for hardock's demo, tests and benchmarks.
#
#   scripts/engine.sh start  NAME [--subnet A.B.C]   start (or reuse) engine NAME, print its address
#   scripts/engine.sh stop   NAME                    stop it (by pid) and remove its bridge
#   scripts/engine.sh status NAME                    print address and pid; exit 1 when not running
#   scripts/engine.sh env    NAME                    print `export DOCKER_HOST=unix://...`
#   scripts/engine.sh purge  NAME                    stop it and delete its directory (data too)
# HARDOCK_DOCKERD_ARGS adds dockerd options when an engine starts.
#
# Each engine gets its own directory (HARDOCK_ENGINE_ROOT, default /run/hardock, + /NAME) with
# data root, exec root, socket, pidfile and log; its own bridge hdk-NAME with A.B.C.1/24 (the
# first free 10.213.X when --subnet is not given) and its own pool for user-defined networks
# (A.(B-1).C.0/24 cut into /28s: 10.212.X, away from the 10.214/16 pools other dockerds here
# use), so several engines coexist on one machine. An engine keeps its subnet across restarts
# (dockerd remembers its networks' addresses). The machine's default engine and
# /var/run/docker.sock are never touched.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
source "$(dirname "$0")/lib.sh"

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[[ $# -ge 2 ]] || usage
action=$1 name=$2
shift 2
subnet=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --subnet) subnet=${2:-}; shift 2 || usage ;;
    --subnet=*) subnet=${1#--subnet=}; shift ;;
    *) usage ;;
  esac
done
# Bridge names are limited to 15 characters; "hdk-" leaves 11.
[[ $name =~ ^[a-z0-9][a-z0-9-]{0,10}$ ]] || die "engine name must match [a-z0-9][a-z0-9-]{0,10}: '$name'"

engine_root=${HARDOCK_ENGINE_ROOT:-/run/hardock}
dir="$engine_root/$name"
sock="$dir/docker.sock"
pidfile="$dir/dockerd.pid"
log="$dir/dockerd.log"
bridge="hdk-$name"
host="unix://$sock"
# Unix socket paths are limited to 107 bytes; containerd's live under the exec root.
((${#dir} + 40 <= 107)) || die "engine directory path too long for unix sockets: $dir"

engine_pid() {
  [[ -f $pidfile ]] || return 1
  local pid
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  # Guard against a recycled pid: it must be a dockerd using our socket.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "dockerd .*unix://$sock" || return 1
  printf '%s\n' "$pid"
}

answers() { DOCKER_HOST="$host" DOCKER_CONTEXT='' timeout 10 docker version >/dev/null 2>&1; }

subnet_in_use() {
  local prefix="$1."
  ip -4 -o addr show | awk '{print $4}' | grep -q "^${prefix//./\\.}" && return 0
  ip -4 route show | awk '{print $1}' | grep -q "^${prefix//./\\.}" && return 0
  return 1
}

# Another engine's subnet, running or not: it will want it back when it restarts.
subnet_reserved() {
  grep -qxF -- "$1" "$engine_root"/*/subnet 2>/dev/null
}

pick_subnet() {
  local octet
  for octet in $(seq 1 254); do
    subnet_in_use "10.213.$octet" || subnet_in_use "10.212.$octet" || subnet_reserved "10.213.$octet" || {
      printf '10.213.%s\n' "$octet"
      return
    }
  done
  die "no free 10.213.X.0/24 subnet"
}

unmount_under() {
  local target
  # Deepest first; mountinfo field 5 is the mount point.
  awk -v d="$dir/" 'index($5, d) == 1 {print $5}' /proc/self/mountinfo | sort -r | while read -r target; do
    umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || true
  done
}

start() {
  need_root
  if pid=$(engine_pid) && answers; then
    say "engine $name already running (pid $pid)"
    printf '%s\n' "$host"
    return
  fi
  [[ -z ${pid:-} ]] || die "engine $name (pid $pid) is not answering on $sock; run: $0 stop $name"

  local stored=""
  [[ -f $dir/subnet ]] && stored=$(<"$dir/subnet")
  # Engines starting at the same moment must not pick the same free subnet.
  mkdir -p "$engine_root"
  exec 8>"$engine_root/subnet.lock"
  flock 8
  if ip link show "$bridge" >/dev/null 2>&1; then
    # Left over from an engine that did not stop cleanly: reuse its address.
    subnet=$(ip -4 -o addr show dev "$bridge" | awk '{print $4}' | sed -n 's#^\([0-9.]*\)\.1/24$#\1#p' | head -n1)
    [[ -n $subnet ]] || die "bridge $bridge exists without an A.B.C.1/24 address; delete it: ip link del $bridge"
  else
    if [[ -n $stored ]]; then
      [[ -z $subnet || $subnet == "$stored" ]] ||
        die "engine $name keeps subnet $stored (its networks remember it); to change it: $0 purge $name"
      subnet=$stored
    fi
    [[ -n $subnet ]] || subnet=$(pick_subnet)
    [[ $subnet =~ ^([0-9]+)\.([1-9][0-9]*)\.([0-9]+)$ ]] ||
      die "--subnet wants three octets, the second >= 1, e.g. 10.213.7"
    subnet_in_use "$subnet" &&
      die "subnet $subnet.0/24 is already in use on this machine${stored:+; to start engine $name afresh elsewhere: $0 purge $name}"
    [[ -n $stored ]] || ! subnet_reserved "$subnet" || die "subnet $subnet is kept by another engine under $engine_root"
    ip link add "$bridge" type bridge
    ip addr add "$subnet.1/24" dev "$bridge"
    ip link set "$bridge" up
  fi
  mkdir -p "$dir/bin" "$dir/data" "$dir/exec"
  install -m 0755 "$HARDOCK_ROOT/scripts/runc-capbnd-wrapper.sh" "$dir/bin/runc"
  rm -f "$sock" "$pidfile"
  printf '%s\n' "$subnet" >"$dir/subnet"
  exec 8>&-
  IFS=. read -r oct_a oct_b oct_c <<<"$subnet"
  pool="$oct_a.$((oct_b - 1)).$oct_c.0/24"

  local real_runc
  real_runc=$(command -v runc || echo /usr/sbin/runc)
  # More dockerd options for one engine (the authorization plugin's test adds
  # --authorization-plugin=NAME), split on spaces.
  local extra=()
  read -r -a extra <<<"${HARDOCK_DOCKERD_ARGS:-}"
  # setsid: the engine outlives this script and is not hit by the caller's job-control signals.
  env PATH="$dir/bin:$PATH" HARDOCK_REAL_RUNC="$real_runc" setsid dockerd \
    --data-root "$dir/data" --exec-root "$dir/exec" -H "$host" --pidfile "$pidfile" \
    --iptables=false --ip-masq=false --storage-driver=vfs \
    --bridge="$bridge" --default-address-pool "base=$pool,size=28" --shutdown-timeout 30 \
    "${extra[@]}" </dev/null >"$log" 2>&1 &

  local waited=0
  until answers; do
    if ((waited >= 60)) || ! kill -0 $! 2>/dev/null; then
      say "engine $name did not answer within ${waited}s; last lines of $log:"
      tail -n 25 "$log" >&2 || true
      kill $! 2>/dev/null || true
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  say "engine $name running: pid $(<"$pidfile"), bridge $bridge ($subnet.1/24), pool $pool, dir $dir"
  printf '%s\n' "$host"
}

# Pids of processes this engine started that can outlive a dockerd that did not shut down
# cleanly: containerd and the shims (found by our socket paths), the container processes under
# the shims, and the given docker-proxy pids if they are still docker-proxy.
leftover_pids() {
  local pid args shim
  for pid in $(pgrep -f -- "$dir/exec/containerd/containerd" || true); do
    args=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || continue
    case $args in
      *containerd-shim*"-address $dir/exec/containerd/containerd.sock"*)
        for shim in $(pgrep -P "$pid" || true); do printf '%s\n' "$shim"; done
        printf '%s\n' "$pid" ;;
      containerd*"--config $dir/exec/containerd/containerd.toml"*) printf '%s\n' "$pid" ;;
    esac
  done
  for pid in "$@"; do
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == docker-proxy ]] && printf '%s\n' "$pid"
  done
  return 0
}

stop() {
  need_root
  local pid waited=0 proxies=() leftovers=()
  if pid=$(engine_pid); then
    # Kill the containers first: a busybox sleep ignores SIGTERM as pid 1, and dockerd stops
    # waiting for its containers after --shutdown-timeout, leaving shims and containers behind.
    if answers; then
      local running=()
      mapfile -t running < <(DOCKER_HOST="$host" DOCKER_CONTEXT='' timeout 30 docker ps -q 2>/dev/null)
      [[ ${#running[@]} -eq 0 ]] ||
        DOCKER_HOST="$host" DOCKER_CONTEXT='' timeout 60 docker kill "${running[@]}" >/dev/null 2>&1 || true
    fi
    mapfile -t proxies < <(pgrep -P "$pid" -x docker-proxy || true)
    kill -TERM "$pid"
    while kill -0 "$pid" 2>/dev/null; do
      if ((waited == 90)); then
        say "engine $name (pid $pid) did not stop in 90s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
      fi
      sleep 1
      waited=$((waited + 1))
    done
    say "engine $name stopped (pid $pid)"
  else
    say "engine $name not running"
  fi
  mapfile -t leftovers < <(leftover_pids "${proxies[@]}")
  if [[ ${#leftovers[@]} -gt 0 ]]; then
    say "engine $name: ending ${#leftovers[@]} leftover processes (${leftovers[*]})"
    kill -KILL "${leftovers[@]}" 2>/dev/null || true
    local left
    for left in "${leftovers[@]}"; do
      waited=0
      while ((waited < 20)) && kill -0 "$left" 2>/dev/null; do
        sleep 0.5
        waited=$((waited + 1))
      done
    done
  fi
  [[ -d $dir ]] && unmount_under
  if ip link show "$bridge" >/dev/null 2>&1; then
    ip link del "$bridge"
  fi
  rm -f "$sock" "$pidfile"
}

status() {
  local pid
  if pid=$(engine_pid) && answers; then
    printf '%s pid=%s subnet=%s dir=%s\n' "$host" "$pid" "$(cat "$dir/subnet" 2>/dev/null)" "$dir"
  else
    printf 'engine %s not running\n' "$name"
    return 1
  fi
}

purge() {
  stop
  # Paranoia before rm -rf: only a directory that looks like one of our engines.
  if [[ -d $dir ]]; then
    [[ -f $dir/subnet || -d $dir/data || -d $dir/exec ]] || die "$dir does not look like an engine directory"
    rm -rf --one-file-system "$dir"
    say "engine $name purged ($dir removed)"
  fi
}

case $action in
  start) start ;;
  stop) stop ;;
  purge) purge ;;
  status) status ;;
  env) printf 'export DOCKER_HOST=%s\n' "$host" ;;
  *) usage ;;
esac
