#!/usr/bin/env python3
"""Event load for `hardock watch` (bench/watch.sh): CLIENTS threads, each with one keep-alive
HTTP/1.1 connection to the engine's unix socket, make cheap engine events for SECONDS: volume
create + remove (two events), and every CONTAINER_EVERY-th operation a privileged container
created and removed unstarted (create + destroy: the create is judged, an alert). RATE > 0 caps
the operations per second (the soak). KIND `exec` replaces the volumes by two exec sessions
created (never started) in the running container EXEC_TARGET, one in ten of them privileged (an
alert): the cheapest event for the engine to make, and one watch reads and judges. Prints what
it made as JSON on stdout.

  bench/watch_load.py SOCKET SECONDS CLIENTS CONTAINER_EVERY IMAGE [RATE [KIND EXEC_TARGET]]
"""
import json
import sys
import threading
import time

from unix_http import UnixConnection

sock_path, seconds, clients, container_every, image = (
    sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
rate = float(sys.argv[6]) if len(sys.argv) > 6 else 0.0
kind_of_load = sys.argv[7] if len(sys.argv) > 7 else "volume"
exec_target = sys.argv[8] if len(sys.argv) > 8 else ""


counts = {"volumes": 0, "execs": 0, "containers": 0, "errors": 0}
lock = threading.Lock()
stop_at = time.monotonic() + seconds


def call(conn, method, path, body=None):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    conn.request(method, path, body=json.dumps(body) if body is not None else None,
                 headers=headers)
    answer = conn.getresponse()
    data = answer.read()
    if answer.status >= 300:
        raise RuntimeError(f"{method} {path}: {answer.status} {data[:200]!r}")
    return json.loads(data) if data else None


def client(index):
    conn = UnixConnection(sock_path)
    op = 0
    interval = clients / rate if rate > 0 else 0.0
    next_at = time.monotonic()
    while time.monotonic() < stop_at:
        op += 1
        try:
            if container_every > 0 and op % container_every == 0:
                made = call(conn, "POST", "/containers/create",
                            {"Image": image, "Cmd": ["sleep", "1"],
                             "HostConfig": {"Privileged": True}})
                call(conn, "DELETE", f"/containers/{made['Id']}?force=1")
                kind = "containers"
            elif kind_of_load == "exec":
                for session in range(2):
                    privileged = (op * 2 + session) % 10 == 0
                    call(conn, "POST", f"/containers/{exec_target}/exec",
                         {"Cmd": ["true"], "Privileged": privileged})
                kind = "execs"
            else:
                name = f"bench-{index}-{op}"
                call(conn, "POST", "/volumes/create", {"Name": name})
                call(conn, "DELETE", f"/volumes/{name}")
                kind = "volumes"
            with lock:
                counts[kind] += 1
        except Exception as error:  # noqa: BLE001 - counted, the load goes on
            with lock:
                counts["errors"] += 1
            print(f"watch_load: {error}", file=sys.stderr)
            conn.close()
            conn = UnixConnection(sock_path)
        if interval:
            next_at += interval
            pause = next_at - time.monotonic()
            if pause > 0:
                time.sleep(pause)


started = time.monotonic()
threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
elapsed = time.monotonic() - started
events = 2 * counts["volumes"] + 2 * counts["execs"] + 2 * counts["containers"]
print(json.dumps({"seconds": round(elapsed, 2), "clients": clients, **counts, "events": events,
                  "events_per_s": round(events / elapsed, 1)}))
