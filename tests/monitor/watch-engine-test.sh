#!/usr/bin/env bash
# hardock watch on a real dockerd: a privileged container is an alert within seconds, an exec
# --privileged is judged at once (CIS 5.23), a new executable in a running container is seen by
# the process scan, alerts reach a webhook, and across an engine restart in mid-stream every
# risky container created before, during (while hardock reconnects) and after is reported
# exactly once.
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

cleanup() {
  set +e
  [[ -n $watch_pid ]] && kill "$watch_pid" 2>/dev/null && wait "$watch_pid" 2>/dev/null
  [[ -n $receiver_pid ]] && kill "$receiver_pid" 2>/dev/null && wait "$receiver_pid" 2>/dev/null
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

"$hardock" watch --host "$engine_host" -o "$alerts" --process-interval 1 --webhook "http://127.0.0.1:$port/alerts" \
  2>"$work/watch.err" &
watch_pid=$!
until grep -q "following" "$work/watch.err" 2>/dev/null; do sleep 0.1; done
sleep 0.5

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

# A new executable in a running container, seen by the process scan (every second here).
sleep 1.5
docker exec -d w-plain /bin/busybox sleep 297
check "a new executable in a running container is an alert" \
  wait_alert w-plain process.new-executable

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
check "every alert is a JSON object with a fingerprint" \
  bash -c "jq -e 'select(.fingerprint | length == 32) | .code' '$alerts' >/dev/null"

if ((failures > 0)); then
  say "$failures check(s) failed; watch log: $(tail -n 5 "$work/watch.err")"
  exit 1
fi
say "all watch engine checks passed"
