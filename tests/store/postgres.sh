#!/usr/bin/env bash
# A private PostgreSQL server for the store tests (tests/store/postgres.cmake runs it as a ctest
# fixture):
#   tests/store/postgres.sh start STATE   initdb + pg_ctl start in a new temporary directory,
#                                         listening on a unix socket only (no TCP), in it;
#                                         writes its URL to STATE/url
#   tests/store/postgres.sh stop STATE    stops that server (by its pid) and deletes its directory
# As root the server runs as the `postgres` user (initdb refuses root). Exits 77 (skipped) when
# PostgreSQL is not installed, unless CI=true, where that is a failure.
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 start|stop STATE" >&2; exit 2; }
action=$1 state=$2
port=54329

bindir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1 || true)
if [[ -z $bindir || ! -x $bindir/initdb || ! -x $bindir/pg_ctl ]]; then
  if [[ ${CI:-} == true ]]; then
    echo "error: CI=true but PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb)" >&2
    exit 1
  fi
  echo "skipped: PostgreSQL is not installed (apt-get install postgresql)"
  exit 77
fi

as_owner() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  [[ -f $state/dir ]] || return 0
  local dir pid
  dir=$(<"$state/dir")
  [[ $dir == /tmp/hardock-pg.* ]] || { echo "refusing to touch $dir" >&2; return 1; }
  if [[ -f $dir/data/postmaster.pid ]]; then
    pid=$(head -n 1 "$dir/data/postmaster.pid")
    # Only the server this script started: its pid file, its data directory.
    if [[ $pid =~ ^[0-9]+$ ]] && [[ $(readlink "/proc/$pid/cwd" 2>/dev/null) == "$dir/data" ]]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf -- "$dir"
  rm -f -- "$state/dir" "$state/url"
}

case $action in
  start)
    mkdir -p "$state"
    stop
    dir=$(mktemp -d /tmp/hardock-pg.XXXXXX)
    printf '%s\n' "$dir" >"$state/dir"
    mkdir "$dir/data" "$dir/sock"
    [[ $(id -u) == 0 ]] && chown -R postgres: "$dir"
    chmod 0700 "$dir/data"
    chmod 0755 "$dir"
    if ! as_owner "$bindir/initdb" -D "$dir/data" -U hardock --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
      cat "$dir/initdb.log" >&2
      exit 1
    fi
    if ! as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories=$dir/sock -p $port -c fsync=off -c max_connections=60" start >/dev/null; then
      cat "$dir/server.log" >&2
      exit 1
    fi
    as_owner "$bindir/createdb" -h "$dir/sock" -p "$port" -U hardock hardock
    sock_escaped=${dir//\//%2F}/sock
    sock_escaped=${sock_escaped//\//%2F}
    printf 'postgresql://hardock@/hardock?host=%s&port=%s\n' "$sock_escaped" "$port" >"$state/url"
    echo "PostgreSQL at $dir/sock port $port"
    ;;
  stop) stop ;;
  *) echo "unknown action: $action" >&2; exit 2 ;;
esac
