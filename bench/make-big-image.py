#!/usr/bin/env python3
"""Writes a large OCI image layout for bench/image.sh: LAYERS gzip layers holding FILES files in
all, TOTAL_MB megabytes uncompressed, with base64 text content (gzip shrinks it to about 3/4, so
decompression does real work). Deterministic for a given size (seeded).

Usage: bench/make-big-image.py DIR TOTAL_MB [FILES] [LAYERS]
"""

import base64
import gzip
import hashlib
import io
import json
import os
import random
import sys
import tarfile


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class HashingWriter:
    """Counts and hashes the uncompressed tar while gzip writes it."""

    def __init__(self, inner):
        self.inner = inner
        self.digest = hashlib.sha256()

    def write(self, data):
        self.digest.update(data)
        return self.inner.write(data)

    def flush(self):
        self.inner.flush()


def main():
    out, total_mb = sys.argv[1], int(sys.argv[2])
    files = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
    layers = int(sys.argv[4]) if len(sys.argv) > 4 else 4
    rng = random.Random(total_mb * 7919 + files)
    blobs = os.path.join(out, "blobs", "sha256")
    os.makedirs(blobs, exist_ok=True)
    per_file = total_mb * 1024 * 1024 // files
    pool = base64.b64encode(rng.randbytes(4 << 20))  # content is sliced from this pool
    layer_descriptors, diff_ids = [], []
    for layer in range(layers):
        tmp = os.path.join(out, "layer.tmp")
        with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6,
                                                   mtime=0) as gz:
            hashing = HashingWriter(gz)
            with tarfile.open(fileobj=hashing, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                count = files // layers
                for index in range(count):
                    directory = f"data/l{layer}/d{index // 1000}"
                    if index % 1000 == 0:
                        info = tarfile.TarInfo(directory)
                        info.type, info.mode = tarfile.DIRTYPE, 0o755
                        tar.addfile(info)
                    size = max(1, int(per_file * rng.uniform(0.5, 1.5)))
                    start = rng.randrange(0, len(pool) - size) if size < len(pool) else 0
                    content = pool[start:start + size]
                    info = tarfile.TarInfo(f"{directory}/f{index}.txt")
                    info.size, info.mode = len(content), 0o644
                    tar.addfile(info, io.BytesIO(content))
            diff_ids.append("sha256:" + hashing.digest.hexdigest())
        digest = sha256_file(tmp)
        size = os.path.getsize(tmp)
        os.replace(tmp, os.path.join(blobs, digest))
        layer_descriptors.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                                  "digest": "sha256:" + digest, "size": size})
    config = json.dumps({
        "architecture": "amd64", "os": "linux", "created": "2026-11-01T00:00:00Z",
        "config": {"User": "1000", "Cmd": ["/bin/app"]},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": [{"created": "2026-11-01T00:00:00Z", "created_by": f"COPY data{n} /data"}
                    for n in range(layers)],
    }).encode()
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": "sha256:" + hashlib.sha256(config).hexdigest(), "size": len(config)},
        "layers": layer_descriptors,
    }).encode()
    for blob in (config, manifest):
        with open(os.path.join(blobs, hashlib.sha256(blob).hexdigest()), "wb") as handle:
            handle.write(blob)
    with open(os.path.join(out, "oci-layout"), "w") as handle:
        json.dump({"imageLayoutVersion": "1.0.0"}, handle)
    with open(os.path.join(out, "index.json"), "w") as handle:
        json.dump({"schemaVersion": 2, "manifests": [{
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": "sha256:" + hashlib.sha256(manifest).hexdigest(), "size": len(manifest),
            "annotations": {"org.opencontainers.image.ref.name": f"bench:{total_mb}"}}]}, handle)


if __name__ == "__main__":
    main()
