#!/usr/bin/env python3
"""Load for hardock's authorization plugin: CLIENTS processes send REQUESTS AuthZReq calls in all
(keep-alive HTTP over the plugin's unix socket, as dockerd does) and print p50/p99/max of each
decision's round trip. The requests mix container creates (privileged, hardened, with binds),
execs and other API calls, like an engine's traffic.

  bench/authz_load.py SOCKET [REQUESTS] [CLIENTS]
"""
import base64
import json
import multiprocessing
import socket
import sys
import threading
import time

sock_path = sys.argv[1]
total = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
clients = int(sys.argv[3]) if len(sys.argv) > 3 else 8


def req(uri, body=None, method="POST"):
    doc = {"RequestMethod": method, "RequestUri": uri}
    if body is not None:
        doc["RequestBody"] = base64.b64encode(json.dumps(body).encode()).decode()
    payload = json.dumps(doc).encode()
    return (b"POST /AuthZPlugin.AuthZReq HTTP/1.1\r\nHost: plugin\r\n"
            b"Content-Type: application/json\r\nContent-Length: " +
            str(len(payload)).encode() + b"\r\n\r\n" + payload)


MIX = [
    req("/v1.43/containers/create?name=a", {"Image": "x", "HostConfig": {"Privileged": True}}),
    req("/v1.43/containers/create?name=b", {"Image": "x", "User": "1000", "HostConfig": {
        "ReadonlyRootfs": True, "CapDrop": ["ALL"], "Memory": 67108864, "PidsLimit": 64}}),
    req("/v1.43/containers/create?name=c", {"Image": "x", "Env": ["A=1"], "HostConfig": {
        "Binds": ["/srv/data:/data:ro"], "PortBindings": {"80/tcp": [{"HostPort": "8080"}]}}}),
    req("/v1.43/containers/json", None, "GET"),
    req("/v1.43/images/json", None, "GET"),
]


def read_response(conn, buf):
    while b"\r\n\r\n" not in buf:
        chunk = conn.recv(65536)
        if not chunk:
            raise RuntimeError("connection closed")
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            raise RuntimeError("connection closed")
        rest += chunk
    return rest[:length], rest[length:]


latencies = []
lock = threading.Lock()


def client(count, offset):
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(sock_path)
    buf = b""
    mine = []
    for i in range(count):
        message = MIX[(i + offset) % len(MIX)]
        start = time.perf_counter()
        conn.sendall(message)
        body, buf = read_response(conn, buf)
        mine.append(time.perf_counter() - start)
        if b"Allow" not in body:
            raise RuntimeError("not a decision: %r" % body[:200])
    conn.close()
    with lock:
        latencies.extend(mine)


def process_client(args):
    count, offset = args
    client(count, offset)
    return latencies


# One process per client (as dockerd's concurrent requests are): Python threads would take
# turns on one interpreter lock, and the wait for it would be counted as the plugin's time.
start = time.perf_counter()
with multiprocessing.Pool(clients) as pool:
    for mine in pool.imap_unordered(process_client,
                                    [(total // clients, n) for n in range(clients)]):
        latencies.extend(mine)
wall = time.perf_counter() - start
latencies.sort()
n = len(latencies)
print("requests %d clients %d wall %.2f s  %.0f decisions/s  p50 %.3f ms  p99 %.3f ms  max %.3f ms"
      % (n, clients, wall, n / wall, latencies[n // 2] * 1e3, latencies[int(n * 0.99)] * 1e3,
         latencies[-1] * 1e3))
