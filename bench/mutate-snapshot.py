#!/usr/bin/env python3
"""Writes a changed copy of an engine snapshot (docker/snapshot.h format), for drift.

What changes, deterministically, as a day of an estate's changes might: one container in 100
gains --privileged, one in 100 is recreated (same name, new id) with SYS_ADMIN added, one in 200
is removed, one in 200 publishes a new port, one in 200 moves to a new image tag, 50 containers
are added, the daemon turns live-restore on, and the collection time moves on a day.

Usage: bench/mutate-snapshot.py INPUT [OUTPUT]   (default OUTPUT: standard output)
"""

import copy
import hashlib
import json
import sys


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as source:
        snapshot = json.load(source)
    containers = snapshot.get("containers") or []
    kept = []
    for index, entry in enumerate(containers):
        inspect = entry["inspect"]
        host = inspect.setdefault("HostConfig", {})
        if index % 200 == 199:
            continue  # removed
        if index % 100 == 7:
            host["Privileged"] = True
        if index % 100 == 13:
            inspect["Id"] = hashlib.sha256(("recreated/" + inspect["Id"]).encode()).hexdigest()
            host["CapAdd"] = (host.get("CapAdd") or []) + ["SYS_ADMIN"]
        if index % 200 == 21:
            host["PortBindings"] = dict(host.get("PortBindings") or {})
            host["PortBindings"]["2222/tcp"] = [{"HostIp": "", "HostPort": "2222"}]
        if index % 200 == 42:
            config = inspect.setdefault("Config", {})
            config["Image"] = (config.get("Image") or "image") + "-next"
        kept.append(entry)
    for added in range(min(50, len(containers))):
        entry = copy.deepcopy(containers[added])
        inspect = entry["inspect"]
        inspect["Id"] = hashlib.sha256(f"added/{added}".encode()).hexdigest()
        inspect["Name"] = f"/added-{added}"
        kept.append(entry)
    snapshot["containers"] = kept
    snapshot.setdefault("info", {})["LiveRestoreEnabled"] = True
    snapshot["collected_at"] = "2026-01-03T03:04:05Z"
    text = json.dumps(snapshot, indent=None, separators=(",", ":"))
    if len(sys.argv) == 3:
        with open(sys.argv[2], "w", encoding="utf-8") as out:
            out.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
