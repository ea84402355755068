#!/usr/bin/env python3
"""A fake Docker engine on a unix socket that answers with hostile bodies, for measuring what
hardock's collection does with them (docs/benchmarks.md, "Hostile engine answers").

Usage: bench/hostile-engine.py SOCKET KIND [SIZE_MB]
  KIND  name        one container whose Name is SIZE_MB (default 20) MiB long
        body        one container inspect padded to SIZE_MB (default 256) MiB
        deep        one container inspect with an unknown field nested 100,000 deep
        number      one container inspect with "Memory": 1e999999
        wrongtype   one container with "Privileged": "yes" beside a good one
Serves until killed. Everything else is a small, well-formed engine (API 1.41).
"""

import json
import os
import socketserver
import sys
from http.server import BaseHTTPRequestHandler

VERSION = {"Version": "20.10.24", "ApiVersion": "1.41", "MinAPIVersion": "1.12",
           "Os": "linux", "Arch": "amd64", "KernelVersion": "6.1.0"}
INFO = {"ID": "HOSTILE", "Name": "hostile", "ServerVersion": "20.10.24", "OSType": "linux",
        "Driver": "overlay2", "SecurityOptions": ["name=seccomp,profile=default"],
        "Containers": 1, "Images": 0}


def inspect(container_id, name="/c", extra=""):
    body = json.dumps({"Id": container_id, "Name": name, "State": {"Running": False},
                       "HostConfig": {"Privileged": False}, "Config": {"User": "1000"}})
    return body[:-1] + extra + "}" if extra else body


def answers(kind, size_mb):
    ids = ["c1"]
    bodies = {}
    if kind == "name":
        bodies["c1"] = inspect("c1", "/" + "n" * (size_mb << 20))
    elif kind == "body":
        bodies["c1"] = inspect("c1", extra=', "Pad": "' + "x" * (size_mb << 20) + '"')
    elif kind == "deep":
        bodies["c1"] = inspect("c1", extra=', "Unknown": ' + "[" * 100000 + "]" * 100000)
    elif kind == "number":
        bodies["c1"] = inspect("c1")[:-1] + ', "HostConfig": {"Memory": 1e999999}}'
    elif kind == "wrongtype":
        ids = ["c1", "c2"]
        bodies["c1"] = inspect("c1", "/good")
        bodies["c2"] = inspect("c2", "/bad").replace('"Privileged": false', '"Privileged": "yes"')
    else:
        sys.exit(__doc__)
    return ids, {k: v.encode() for k, v in bodies.items()}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def address_string(self):
        return "unix"

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers:
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path
        if path == "/_ping":
            return self.reply(200, b"OK", [("Api-Version", "1.41")])
        if path.startswith("/v1.41"):
            path = path[len("/v1.41"):]
        ids, bodies = self.server.answers
        if path == "/version":
            return self.reply(200, json.dumps(VERSION).encode())
        if path == "/info":
            return self.reply(200, json.dumps(INFO).encode())
        if path.startswith("/containers/json"):
            return self.reply(200, json.dumps([{"Id": i} for i in ids]).encode())
        if path == "/networks":
            return self.reply(200, b"[]")
        for container_id, body in bodies.items():
            if path == f"/containers/{container_id}/json":
                return self.reply(200, body)
        return self.reply(404, b'{"message":"No such object"}')


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    socket_path, kind = sys.argv[1], sys.argv[2]
    size_mb = int(sys.argv[3]) if len(sys.argv) == 4 else (256 if kind == "body" else 20)
    if os.path.exists(socket_path):
        os.unlink(socket_path)
    server = Server(socket_path, Handler)
    server.answers = answers(kind, size_mb)
    server.serve_forever()


if __name__ == "__main__":
    main()
