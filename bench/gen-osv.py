#!/usr/bin/env python3
"""Writes a synthetic OSV feed as osv.dev publishes one per ecosystem: a zip of N records
(<ID>.json), for bench/vulndb-import.sh.

Usage: bench/gen-osv.py OUT.zip [N]   (default N = 200000)

The records are shaped like osv.dev's Debian ones (id, aliases, summary, details, published,
modified, affected with an ECOSYSTEM range and a versions list, references), spread over four
Debian releases and 20,000 package names, so the (ecosystem, package) index is exercised as by
a real feed. Deterministic: the same N gives the same zip.
"""
import json
import random
import sys
import zipfile


def record(index: int, rng: random.Random) -> dict:
    package = f"pkg{rng.randrange(20000):05d}"
    releases = ["Debian:10", "Debian:11", "Debian:12", "Debian:13"]
    affected = []
    for release in rng.sample(releases, rng.randint(1, 3)):
        major = rng.randint(0, 9)
        fixed = f"{major}.{rng.randint(0, 30)}.{rng.randint(0, 9)}-{rng.randint(1, 5)}+deb{release[-2:]}u1"
        affected.append({
            "package": {"ecosystem": release, "name": package,
                        "purl": f"pkg:deb/debian/{package}?arch=source"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": fixed}]}],
            "versions": [f"{major}.{minor}.0-1" for minor in range(rng.randint(0, 6))],
            "database_specific": {"source": "https://storage.googleapis.com/..."},
        })
    year = 2000 + index % 25
    return {
        "schema_version": "1.6.0",
        "id": f"DEBIAN-CVE-{year}-{index:07d}",
        "aliases": [f"CVE-{year}-{index:07d}"],
        "summary": f"{package}: synthetic vulnerability {index}",
        "details": "A synthetic record for the import benchmark. " * rng.randint(2, 12),
        "published": f"{year}-01-{1 + index % 28:02d}T00:00:00Z",
        "modified": f"2025-{1 + index % 12:02d}-{1 + index % 28:02d}T12:00:00Z",
        "severity": [{"type": "CVSS_V3",
                      "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}] if index % 3 == 0 else [],
        "affected": affected,
        "references": [{"type": "ADVISORY",
                        "url": f"https://security-tracker.debian.org/tracker/CVE-{year}-{index:07d}"}],
    }


def main() -> None:
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) == 3 else 200000
    rng = random.Random(11)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for index in range(count):
            entry = record(index, rng)
            archive.writestr(entry["id"] + ".json", json.dumps(entry, indent=2))


if __name__ == "__main__":
    main()
