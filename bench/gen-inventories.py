#!/usr/bin/env python3
"""Writes N synthetic image inventories (hardock image --inventory format) for
bench/vuln-match.sh: Debian 12 images of P packages each, named from the same 20,000 package
names as bench/gen-osv.py's feed, so that matching finds records for most of them.

Usage: bench/gen-inventories.py OUTDIR [N] [P] [VERSION]   (default N = 1000, P = 500)
VERSION, when given, is every package's version (10.0.0-1 is beyond every fix of the feed: no
package is affected, only the ranges are decided). Deterministic: the same arguments give the
same files.
"""
import json
import os
import random
import sys


def main() -> None:
    if len(sys.argv) not in (2, 3, 4, 5):
        sys.exit(__doc__)
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    per_image = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    fixed_version = sys.argv[4] if len(sys.argv) > 4 else None
    rng = random.Random(7)
    os.makedirs(out, exist_ok=True)
    for index in range(count):
        packages = []
        for number in rng.sample(range(20000), per_image):
            name = f"pkg{number:05d}"
            version = f"{rng.randint(0, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}-{rng.randint(1, 5)}"
            if fixed_version is not None:
                version = fixed_version
            packages.append({"ecosystem": "deb", "name": name, "version": version,
                             "source_name": name, "source_version": version,
                             "architecture": "amd64", "origin_layer": 0})
        document = {"schema": "hardock.image-inventory/1", "name": f"bench/{index}",
                    "os": {"id": "debian", "version_id": "12", "version_codename": "bookworm",
                           "pretty_name": "Debian GNU/Linux 12 (bookworm)"},
                    "packages": packages}
        with open(os.path.join(out, f"inventory-{index:04d}.json"), "w") as file:
            json.dump(document, file)


if __name__ == "__main__":
    main()
