#!/usr/bin/env bash
# hardock watch on a real dockerd: a privileged container is an alert within seconds, an exec
# --privileged is judged at once (CIS 5.23), a new executable in a running container is seen by
# the process scan, alerts reach a webhook and a syslog receiver (RFC 3164 and RFC 5424 on a
# unix datagram socket of the test's own) and the store (hardock history --events), a store that
# fails does not stop the watch, containers that drift from the stored baseline (a new one, one
# recreated --privileged) are alerts and an untouched one is not, and across an engine restart
# in mid-stream every risky container created before, during (while hardock reconnects) and
# after is reported exactly once.
#
#   tests/monitor/watch-engine-test.sh HARDOCK_BINARY
#
# Its own engine (scripts/engine.sh, name "watch"), stopped by pid. Exit 77 (skipped) without
# root or dockerd, unless CI=true.
set -euo pipefail
hardock=$(realpath "$1")
repo=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source-path=SCRIPTDIR/../../scripts
source "$repo/scripts/lib.sh"

# shellcheck source-path=SCRIPTDIR
source "$repo/tests/monitor/lib.sh"
need_engine_prerequisites

work=$(mktemp -d /tmp/hardock-watch.XXXXXX)
alerts=$work/alerts.jsonl
engine_name=watch
watch_pid=""
receiver_pid=""
syslog_pid=""
syslog5424_pid=""
watch5424_pid=""
broken_pid=""
export HARDOCK_STORE=$work/store.db

cleanup() {
  set +e
  local pid
  for pid in "$watch_pid" "$watch5424_pid" "$broken_pid" "$receiver_pid" "$syslog_pid" "$syslog5424_pid"; do
    [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  "$repo/scripts/engine.sh" purge "$engine_name" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

"$repo/scripts/engine.sh" purge "$engine_name" >/dev/null 2>&1 || true
engine_host=$("$repo/scripts/engine.sh" start "$engine_name")
export DOCKER_HOST=$engine_host DOCKER_CONTEXT=''

import_busybox "$work" hardock-watch/busybox:1
image="hardock-watch/busybox:1"

# A webhook receiver on loopback: each POSTed body appended to a file.
cat >"$work/receiver.py" <<'PY'
import http.server, sys
out = sys.argv[1]
class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(out, "ab") as f:
            f.write(body + b"\n")
        self.send_response(204)
        self.end_headers()
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
PY
python3 "$work/receiver.py" "$work/webhook.jsonl" >"$work/receiver.port" &
receiver_pid=$!
until [[ -s $work/receiver.port ]]; do sleep 0.1; done
port=$(<"$work/receiver.port")

# A syslog receiver: a unix datagram socket of the test's own (never the machine's /dev/log),
# each datagram one line of a file.
cat >"$work/syslogd.py" <<'PY'
import os, socket, sys
path, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
open(out + ".ready", "w").close()
with open(out, "ab", buffering=0) as f:
    while True:
        f.write(s.recv(1 << 20) + b"\n")
PY
python3 "$work/syslogd.py" "$work/syslog.sock" "$work/syslog.txt" &
syslog_pid=$!
python3 "$work/syslogd.py" "$work/syslog5424.sock" "$work/syslog5424.txt" &
syslog5424_pid=$!
until [[ -e $work/syslog.txt.ready && -e $work/syslog5424.txt.ready ]]; do sleep 0.1; done

# The baseline: two plain containers audited into the store, that run made the baseline.
docker run -d --name w-base --user 1000 "$image" sleep 300 >/dev/null
docker run -d --name w-recreate --user 1000 "$image" sleep 300 >/dev/null
"$hardock" audit --host "$engine_host" --format json -o "$work/audit.json" >/dev/null 2>&1 || true
check "the baseline is set from a stored audit run" \
  "$hardock" baseline set --note "watch engine test" >/dev/null

"$hardock" watch --host "$engine_host" -o "$alerts" --process-interval 1 --webhook "http://127.0.0.1:$port/alerts" \
  --syslog --syslog-socket "$work/syslog.sock" 2>"$work/watch.err" &
watch_pid=$!
# The same in RFC 5424, not recording; and one whose store cannot be opened (a file's child).
"$hardock" watch --host "$engine_host" -o "$work/alerts5424.jsonl" --process-interval 0 --no-store \
  --syslog --syslog-format rfc5424 --syslog-socket "$work/syslog5424.sock" 2>"$work/watch5424.err" &
watch5424_pid=$!
touch "$work/not-a-dir"
"$hardock" watch --host "$engine_host" -o "$work/alerts-broken.jsonl" --process-interval 0 \
  --store "$work/not-a-dir/store.db" 2>"$work/watch-broken.err" &
broken_pid=$!
for err in watch watch5424 watch-broken; do
  until grep -q "following" "$work/$err.err" 2>/dev/null; do sleep 0.1; done
done
sleep 0.5
check "watch compares with the baseline" grep -q "drift against the baseline, run" "$work/watch.err"
check "without a store, watch says drift is off" grep -q "drift is off: --no-store" "$work/watch5424.err"

# alerts_for NAME CODE: how many alerts name container NAME with CODE.
alerts_for() {
  jq -r --arg n "$1" --arg c "$2" 'select(.target.name == $n and .code == $c) | .code' "$alerts" |
    wc -l
}
wait_alert() {  # wait_alert NAME CODE: up to 5 s
  for _ in $(seq 50); do
    (($(alerts_for "$1" "$2") > 0)) && return 0
    sleep 0.1
  done
  return 1
}

docker run -d --name w-priv --privileged "$image" sleep 300 >/dev/null
check "a privileged container is an alert (HDK-C-004)" wait_alert w-priv HDK-C-004
docker run -d --name w-plain --user 1000 "$image" sleep 300 >/dev/null
docker exec --privileged w-plain true
check "exec --privileged is judged at once (HDK-C-017)" wait_alert w-plain HDK-C-017
check "the webhook received the privileged container's alert" \
  bash -c "jq -r 'select(.target.name == \"w-priv\") | .code' '$work/webhook.jsonl' | grep -qx HDK-C-004"
check "an exec alert cites CIS 5.23" \
  bash -c "jq -r 'select(.code == \"HDK-C-017\") | .cis' '$alerts' | grep -qx 5.23"

# Syslog: the alert's JSON line after an RFC 3164 header, and after an RFC 5424 one.
syslog_has() {  # syslog_has FILE REGEX: up to 5 s
  for _ in $(seq 50); do
    grep -Eq "$2" "$1" && return 0
    sleep 0.1
  done
  return 1
}
check "syslog (RFC 3164) received the privileged container's alert" syslog_has "$work/syslog.txt" \
  '^<28>[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [^ ]+ hardock-watch\[[0-9]+\]: \{.*"code":"HDK-C-004".*"name":"w-priv"'
check "syslog (RFC 5424) received the privileged container's alert" syslog_has "$work/syslog5424.txt" \
  '^<28>1 [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{6}Z [^ ]+ hardock-watch [0-9]+ alert - \{.*"code":"HDK-C-004".*"name":"w-priv"'

# A store that cannot be opened: said once, naming it, and the watch goes on alerting.
check "a failing store is named on stderr" grep -q "alerts not recorded in the store .*not-a-dir/store.db" \
  "$work/watch-broken.err"
check "a failing store does not stop the watch" \
  bash -c "jq -r 'select(.target.name == \"w-plain\") | .code' '$work/alerts-broken.jsonl' | grep -qx HDK-C-017"
check "the failing store is said once" \
  bash -c "(( \$(grep -c 'alerts not recorded in the store' '$work/watch-broken.err') == 1 ))"

# Drift against the baseline: a container not in it, one recreated --privileged; a restart of an
# untouched one is no drift.
drift_for() {  # drift_for NAME CODE: up to 5 s
  for _ in $(seq 50); do
    jq -n -e --arg n "$1" --arg c "$2" \
      '[inputs | select(.kind == "drift" and .target.name == $n and .code == $c)] | length > 0' \
      "$alerts" >/dev/null && return 0
    sleep 0.1
  done
  return 1
}
docker run -d --name w-new --user 1000 "$image" sleep 300 >/dev/null
check "a container not in the baseline is drift (drift.added)" drift_for w-new drift.added
docker rm -f w-recreate >/dev/null
docker run -d --name w-recreate --user 1000 --privileged "$image" sleep 300 >/dev/null
check "a container recreated --privileged is drift (drift.recreated)" drift_for w-recreate drift.recreated
check "the drift alert names the field that changed" \
  bash -c "jq -n -e '[inputs | select(.kind == \"drift\" and .target.name == \"w-recreate\") | .drift.fields[] | select(.field == \"privileged\" and .after == \"true\")] | length > 0' '$alerts' >/dev/null"
docker restart -t 0 w-base >/dev/null
sleep 1
check "an untouched baseline container restarted is no drift" \
  jq -n -e '[inputs | select(.kind == "drift" and .target.name == "w-base")] | length == 0' "$alerts"
check "the recreated container is one drift alert, not one per event" \
  bash -c "(( \$(jq -r 'select(.kind == \"drift\" and .target.name == \"w-recreate\") | .code' '$alerts' | wc -l) == 1 ))"

# A new executable in a running container, seen by the process scan (every second here).
sleep 1.5
docker exec -d w-plain /bin/busybox sleep 297
check "a new executable in a running container is an alert" \
  wait_alert w-plain process.new-executable

# The other objects an event names: a network made with a level the scale does not know, an
# image tagged (it runs as root), the daemon's configuration reloaded (SIGHUP): each judged by
# its own checks.
kind_alert() {  # kind_alert KIND CODE: an alert about an object of KIND with CODE, up to 30 s
  for _ in $(seq 300); do
    jq -n -e --arg k "$1" --arg c "$2" \
      '[inputs | select(.target.kind == $k and .code == $c)] | length > 0' "$alerts" \
      >/dev/null && return 0
    sleep 0.1
  done
  return 1
}
docker network create --label hardock.sensitivity=top-secret w-unknown-level >/dev/null
check "a network made with an unknown sensitivity level is an alert (HDK-N-012)" \
  kind_alert network HDK-N-012
docker tag "$image" hardock-watch/tagged:1
check "an image tagged is judged: it runs as root (HDK-I-001)" kind_alert image HDK-I-001
kill -HUP "$(<"$(dirname "${engine_host#unix://}")/dockerd.pid")"
check "the daemon's reloaded settings are judged (live-restore off, HDK-H-015)" \
  kind_alert daemon HDK-H-015

# Engine restart mid-stream: before, during (created right after the restart, before the
# watcher reconnects) and after.
docker run -d --name w-before --privileged "$image" sleep 300 >/dev/null
wait_alert w-before HDK-C-004 || true
"$repo/scripts/engine.sh" stop "$engine_name" >/dev/null
"$repo/scripts/engine.sh" start "$engine_name" >/dev/null
docker run -d --name w-during --privileged "$image" sleep 300 >/dev/null
for _ in $(seq 100); do
  grep -q reconnected "$work/watch.err" && break
  sleep 0.1
done
docker run -d --name w-after --privileged "$image" sleep 300 >/dev/null
for name in w-before w-during w-after; do
  check "$name reported exactly once across the restart" \
    bash -c "for i in \$(seq 50); do n=\$(jq -r --arg n $name 'select(.target.name == \$n and .code == \"HDK-C-004\") | .code' '$alerts' | wc -l); [[ \$n -ge 1 ]] && break; sleep 0.1; done; [[ \$n -eq 1 ]]"
done
check "the watcher said it reconnected" grep -q reconnected "$work/watch.err"
check "every alert is a JSON object with a kind and a code; each check finding has a fingerprint" \
  jq -s -e 'length > 0 and all(.[]; (.kind | type) == "string" and (.code | type) == "string" and
    (if .kind == "finding" or .kind == "exec" then (.fingerprint | length) == 32 else true end))' \
    "$alerts" >/dev/null

# The store: after a clean stop, every alert written is a runtime event of source watch.
kill -TERM "$watch_pid"
wait "$watch_pid" || true
watch_pid=""
check "watch says what it handled when stopped" grep -q "stopped: [0-9]* events handled" "$work/watch.err"
"$hardock" history --events --source watch --format json >"$work/events.json"
check "every alert is in the store" \
  bash -c "(( \$(jq length '$work/events.json') == \$(wc -l <'$alerts') ))"
check "a stored alert keeps kind, subject, checks and the line (finding)" \
  jq -e 'any(.[]; .source == "watch" and .kind == "finding" and .subject == "w-priv" and .checks == "HDK-C-004" and .detail.code == "HDK-C-004")' "$work/events.json" >/dev/null
check "a stored alert keeps kind, subject, checks and the line (drift)" \
  jq -e 'any(.[]; .kind == "drift" and .subject == "w-recreate" and .checks == "drift.recreated")' "$work/events.json" >/dev/null
check "hardock history --events --source watch lists them" \
  bash -c "'$hardock' history --events --source watch | grep -q w-recreate"

if ((failures > 0)); then
  say "$failures check(s) failed; watch log: $(tail -n 5 "$work/watch.err")"
  exit 1
fi
say "all watch engine checks passed"
