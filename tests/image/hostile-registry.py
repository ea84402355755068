#!/usr/bin/env python3
"""A registry that answers the way a hostile or broken one would, for tests/image/sources-test.sh
(case hostile-registry): a real HTTP server on 127.0.0.1, since no real registry sends these.

Usage: hostile-registry.py PORTFILE   (binds a free port, writes it to PORTFILE, serves until killed)

Repositories (GET /v2/<name>/manifests/<ref>):
  bad-digest     the manifest's Docker-Content-Digest is not the digest of its bytes
  huge-manifest  a manifest body of 5 MiB (over the 4 MiB bound)
  traversal      a manifest whose config digest is "sha256:../../../etc/passwd"
  bad-blob       a valid manifest whose layer blob's bytes do not match its digest
  endless-blob   a valid manifest whose layer blob keeps coming past its declared size
  deep           a manifest nested 100,000 levels deep
"""
import hashlib
import io
import json
import socket
import sys
import tarfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer



def make_layer(content):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        info = tarfile.TarInfo("etc/motd")
        info.size = len(content)
        info.mtime = 0
        tar.addfile(info, io.BytesIO(content))
    return out.getvalue()


LAYER = make_layer(b"hello\n")
TAMPERED = make_layer(b"hellp\n")  # a valid tar of the same size, other bytes
CONFIG = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                     "rootfs": {"type": "layers", "diff_ids": ["sha256:" + "0" * 64]}}).encode()


def digest(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def manifest(layer_digest, layer_size, config_digest=None):
    return json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": config_digest or digest(CONFIG), "size": len(CONFIG)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar",
                    "digest": layer_digest, "size": layer_size}]}).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, body, content_type="application/json", headers=None, length=None):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 (the http.server API)
        parts = self.path.split("/")
        if self.path == "/v2/":
            return self.send(b"{}")
        if len(parts) < 5 or parts[1] != "v2":
            self.send_error(404)
            return
        repo, kind = parts[2], parts[3]
        media = "application/vnd.oci.image.manifest.v1+json"
        if kind == "manifests":
            if repo == "bad-digest":
                body = manifest(digest(LAYER), len(LAYER))
                return self.send(body, media, {"Docker-Content-Digest": "sha256:" + "1" * 64})
            if repo == "huge-manifest":
                return self.send(b" " * (5 << 20) + b"{}", media)
            if repo == "traversal":
                return self.send(manifest(digest(LAYER), len(LAYER), "sha256:../../../etc/passwd"), media)
            if repo == "deep":
                return self.send(b"[" * 100000 + b"]" * 100000, media)
            if repo in ("bad-blob", "endless-blob"):
                return self.send(manifest(digest(LAYER), len(LAYER)), media)
        if kind == "blobs":
            wanted = parts[4]
            if wanted == digest(CONFIG):
                return self.send(CONFIG, "application/octet-stream")
            if repo == "bad-blob":
                return self.send(TAMPERED, "application/octet-stream")
            if repo == "endless-blob":
                # Declares no length and sends far more than the descriptor's size.
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    for _ in range(100000):
                        self.wfile.write(b"\0" * 65536)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True
                return None
        self.send_error(404)
        return None


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # hardock hangs up on purpose (answers over their bounds)


def main():
    server = QuietServer(("127.0.0.1", 0), Handler)
    with open(sys.argv[1], "w", encoding="ascii") as out:
        out.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    socket.setdefaulttimeout(30)
    main()
