#!/usr/bin/env python3
"""Writes the seed corpus of fuzz/image_layer_fuzz.cpp into DIR (ctest runs it as a fixture):
small plain and gzip layers, whiteouts and an opaque directory, links that try to leave the root,
a device, a duplicate entry, an image config and a tiny `docker save` archive. Deterministic.

Usage: tests/image/make-layer-seeds.py DIR
"""

import gzip
import io
import json
import os
import sys
import tarfile

OUT = sys.argv[1] if len(sys.argv) > 1 else "layer-seeds"


def tar_bytes(items):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, kind, payload in items:
            info = tarfile.TarInfo(name)
            info.mtime = 0
            if kind == "file":
                info.size = len(payload)
                tar.addfile(info, io.BytesIO(payload))
                continue
            if kind == "dir":
                info.type, info.mode = tarfile.DIRTYPE, 0o755
            elif kind == "symlink":
                info.type, info.linkname = tarfile.SYMTYPE, payload
            elif kind == "hardlink":
                info.type, info.linkname = tarfile.LNKTYPE, payload
            elif kind == "char":
                info.type, info.devmajor, info.devminor = tarfile.CHRTYPE, 1, 3
            tar.addfile(info)
    return buffer.getvalue()


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as handle:
        handle.write(data)


def main():
    os.makedirs(OUT, exist_ok=True)
    base = tar_bytes([
        ("etc/", "dir", None),
        ("etc/passwd", "file", b"root:x:0:0:root:/root:/bin/sh\n"),
        ("etc/os-release", "file", b'ID=debian\nVERSION_ID="12"\n'),
        ("usr/bin/su", "file", b"\x7fELF"),
        ("app/.git/config", "file", b"[core]\n"),
    ])
    write("plain.tar", base)
    write("gzip.tar.gz", gzip.compress(base, mtime=0))
    write("whiteouts.tar", tar_bytes([
        ("etc/.wh.passwd", "file", b""),
        ("app/.wh..wh..opq", "file", b""),
        ("app/new", "file", b"x"),
    ]))
    write("escapes.tar", tar_bytes([
        ("../../etc/shadow", "file", b"x"),
        ("/abs/path", "file", b"x"),
        ("etc/link", "symlink", "../../../../etc/shadow"),
        ("etc/hard", "hardlink", "../outside"),
        ("dev/null", "char", None),
        ("etc/passwd", "file", b"a"),
        ("etc/passwd", "file", b"b"),
    ]))
    config = json.dumps({"architecture": "amd64", "os": "linux",
                         "config": {"User": "0", "Env": ["PASSWORD=hunter2"]},
                         "rootfs": {"type": "layers", "diff_ids": []},
                         "history": [{"created_by": "/bin/sh -c apt-get update"}]}).encode()
    write("config.json", config)
    manifest = json.dumps([{"Config": "config.json", "RepoTags": ["seed:1"],
                            "Layers": ["layer/layer.tar"]}]).encode()
    write("docker-save.tar", tar_bytes([
        ("manifest.json", "file", manifest),
        ("config.json", "file", config),
        ("layer/layer.tar", "file", base),
    ]))


if __name__ == "__main__":
    main()
