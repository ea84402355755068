#!/usr/bin/env python3
"""Load through a real dockerd, for the authorization plugin's overhead: CLIENTS threads, each
on one keep-alive connection to the engine's socket, repeat a cycle of API calls a deployment
makes (create a hardened container, inspect it, list containers, list images, delete it) until
REQUESTS calls were made in all. Prints p50/p99/max of each call's round trip, overall and for
the creates. Run it once against an engine without a plugin and once with one.

  bench/authz_engine_load.py DOCKER_SOCKET IMAGE [REQUESTS] [CLIENTS]
"""
import json
import sys
import threading
import time

from unix_http import UnixConnection

sock_path, image = sys.argv[1], sys.argv[2]
total = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
clients = int(sys.argv[4]) if len(sys.argv) > 4 else 8


HARDENED = {"Image": image, "Cmd": ["true"], "User": "1000",
            "HostConfig": {"ReadonlyRootfs": True, "CapDrop": ["ALL"], "Memory": 67108864,
                           "PidsLimit": 64, "SecurityOpt": ["no-new-privileges"]},
            "Labels": {"hardock.sensitivity": "internal"}}

latencies, creates, errors = [], [], []
lock = threading.Lock()


def call(conn, method, path, body=None):
    payload = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} if payload is not None else {}
    start = time.perf_counter()
    conn.request(method, "/v1.41" + path, body=payload, headers=headers)
    response = conn.getresponse()
    data = response.read()
    elapsed = time.perf_counter() - start
    return response.status, data, elapsed


def client(number, count):
    conn = UnixConnection(sock_path, timeout=120)
    mine, mine_creates, made = [], [], 0
    while made < count:
        name = "authz-bench-%d-%d" % (number, made)
        status, data, t = call(conn, "POST", "/containers/create?name=" + name, HARDENED)
        mine.append(t)
        mine_creates.append(t)
        made += 1
        if status != 201:
            with lock:
                errors.append("create %s: %d %s" % (name, status, data[:200]))
            continue
        cid = json.loads(data)["Id"]
        for method, path in (("GET", "/containers/%s/json" % cid),
                             ("GET", "/containers/json?limit=5"), ("GET", "/images/json"),
                             ("DELETE", "/containers/%s?force=1" % cid)):
            if made >= count and method != "DELETE":
                continue
            status, data, t = call(conn, method, path)
            mine.append(t)
            made += 1
            if status >= 300:
                with lock:
                    errors.append("%s %s: %d %s" % (method, path, status, data[:200]))
    with lock:
        latencies.extend(mine)
        creates.extend(mine_creates)


start = time.perf_counter()
threads = [threading.Thread(target=client, args=(n, total // clients)) for n in range(clients)]
for t in threads:
    t.start()
for t in threads:
    t.join()
wall = time.perf_counter() - start


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] * 1e3


print("requests %d clients %d wall %.2f s  %.0f requests/s  p50 %.2f ms  p99 %.2f ms  max %.2f ms"
      "  | creates %d p50 %.2f ms p99 %.2f ms  | errors %d"
      % (len(latencies), clients, wall, len(latencies) / wall, pct(latencies, 0.5),
         pct(latencies, 0.99), max(latencies) * 1e3, len(creates), pct(creates, 0.5),
         pct(creates, 0.99), len(errors)))
for line in errors[:5]:
    print("  error:", line)
sys.exit(1 if errors else 0)
